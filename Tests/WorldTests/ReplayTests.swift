// SensorGate — World tests: recordings parse with clear errors and replay every sample exactly once.

import Drivers
import Foundation
import HAL
import Testing
import World

@Suite struct ReplayTests {
    /// ../shared/data beside the repository (tests run from the package root).
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../../shared/data"
    ).standardized.path

    @Test func everySampleOfABROADTrialIsDeliveredOnceInOrderAtItsOwnTime() throws {
        let path = "\(Self.shared)/imu/02_undisturbed_slow_rotation_B_imu.csv"
        let recording = try Recording(path: path)
        #expect(recording.columns == ["gyr_x", "gyr_y", "gyr_z", "acc_x", "acc_y", "acc_z", "mag_x", "mag_y", "mag_z"])
        #expect(recording.rows.count > 50_000)
        let replay = try Replay(recording: recording, startS: 2)
        let stimulus = DeviceStimulus(world: WorldModel(), replay: replay)
        // A chip sampling on the recording's own grid (285.714 Hz from 2 s) at each sample's time.
        var delivered: [Int] = []
        for (index, time) in recording.timesNs.enumerated() {
            let instant = MonotonicInstant(nanoseconds: 2_000_000_000 + time)
            let gyro = try #require(stimulus.value(.gyroRadps, at: instant))
            #expect(Array(gyro) == Array(recording.rows[index][0..<3]), "sample \(index)")
            // Half a period later the same sample still holds; one nanosecond before, the previous.
            delivered.append(replay.sampleIndex(atNanoseconds: instant.nanoseconds + 1_750_000))
            #expect(replay.sampleIndex(atNanoseconds: instant.nanoseconds - 1) == max(index - 1, 0))
        }
        #expect(delivered == Array(0..<recording.rows.count))
        // Quantities the recording does not feed come from the world.
        #expect(stimulus.value(.pressurePa, at: .zero) == [101_325])
    }

    @Test func aSeriesWithoutATimeColumnReplaysAtItsRate() throws {
        let recording = try Recording(path: "\(Self.shared)/series/env_neon_baro_1min.csv", rateHz: 1.0 / 60)
        let replay = try Replay(recording: recording)
        #expect(replay.channels == [ReplayChannel(quantity: .pressurePa, columns: ["p_kpa"], scale: 1000)])
        #expect(replay.value(.pressurePa, at: 60 * 5 + 30) == [recording.rows[5][0] * 1000])
        #expect(replay.value(.accelMps2, at: 0) == nil)
    }

    @Test func microsecondTimestampsAndLoopingReplay() throws {
        let recording = try Recording(csv: "t_us,t_c\n0,20\n500000,21\n1000000,22\n", file: "mem.csv")
        #expect(recording.times == [0, 0.5, 1])
        let replay = try Replay(recording: recording, loops: true)
        // The loop period is the duration plus one sample period: 1.5 s.
        #expect(replay.value(.temperatureC, at: 1.6) == [20])
        #expect(replay.value(.temperatureC, at: 2.1) == [21])
    }

    @Test func badRecordingsNameFileAndLine() {
        func message(_ csv: String, rate: Double? = nil) -> String {
            do {
                _ = try Recording(csv: csv, file: "rec.csv", rateHz: rate)
                return "no error"
            } catch { return error.description }
        }
        #expect(message("t,acc_x\n0,1\n0.1,x\n") == "rec.csv:3: 'x' in column acc_x is not a number")
        #expect(message("t,acc_x\n0,1\n0.1\n") == "rec.csv:3: 1 fields, the header has 2")
        #expect(message("t,acc_x\n0,1\n0,2\n") == "rec.csv:3: time 0.0 s does not increase (previous 0.0 s)")
        #expect(message("acc_x\n1\n").hasPrefix("rec.csv:1: no time column"))
        #expect(message("t,acc_x\n") == "rec.csv:2: no samples after the header")
        #expect(throws: WorldError.self) { try Replay(recording: Recording(csv: "q\n1\n", file: "q.csv", rateHz: 1)) }
    }
}
