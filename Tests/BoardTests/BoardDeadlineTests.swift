// SensorGate — BoardTests: the reference board keeps every deadline in virtual time.

import Board
import HAL
import Sampling
import Testing

@Suite struct BoardDeadlineTests {
    private func run(seconds: Int64, settings: SamplingSettings) throws -> [String: RateGroupReport] {
        let bound = BoardBinder(backend: nil).bind(try BoardLoader.load(path: "Boards/sim-reference.yaml"))
        let scheduler = SamplingScheduler(
            groups: try bound.samplingGroups(), timebase: bound.virtualTimebase(),
            sink: BoardSamplingTests.Recorder(), settings: settings)
        scheduler.start()
        let start = try #require(scheduler.startInstant)
        try scheduler.run(until: start + .seconds(seconds))
        return Dictionary(uniqueKeysWithValues: scheduler.reports.map { ($0.name, $0) })
    }

    @Test func theReferenceBoardMissesNoDeadline() throws {
        // The MPU-6050's 200 Hz drain is five 14-byte frames over the 400 kHz I2C bus, about 2 ms of
        // wire time; taken in steps of one read (two frames), the vibration group's watermark is served
        // between them when it comes, at most one step late.
        let reports = try run(seconds: 20, settings: SamplingSettings())
        for report in reports.values {
            #expect(report.deadlineMisses == 0, "\(report.name): \(report.deadlineMisses) deadline misses")
            #expect(report.overruns == 0, "\(report.name): \(report.overruns) overruns")
            #expect(report.missingSamples == 0, "\(report.name): \(report.missingSamples) missing")
            #expect(report.fifoOverflows == 0, "\(report.name): \(report.fifoOverflows) FIFO overflows")
            #expect(report.skippedSamples == 0, "\(report.name): \(report.skippedSamples) skipped")
        }
        // 20 s of the ADXL345 at 3 200 Hz and of the MPU-6050 at 1 kHz: every sample, less at most the
        // last drain's worth still in the FIFO at the end.
        let vibration = try #require(reports["vibration"])
        #expect((64_000 - 33)...64_000 ~= vibration.samples, "vibration: \(vibration.samples) samples")
        let aux = try #require(reports["imu-aux"])
        #expect((20_000 - 10)...(20_000 + 10) ~= aux.samples, "imu-aux: \(aux.samples) samples")
    }

    @Test func drainedWholeTheMPU6050HoldsTheVibrationGroupLonger() throws {
        // The same board with every drain taken at once: the vibration group's watermark waits behind
        // the whole MPU-6050 drain (about 1.8 ms) when both fall together, instead of one 0.7 ms read.
        var whole = SamplingSettings()
        whole.steppedFIFODrains = false
        let wholeVibration = try #require(try run(seconds: 20, settings: whole)["vibration"])
        let steppedVibration = try #require(try run(seconds: 20, settings: SamplingSettings())["vibration"])
        #expect(wholeVibration.latency.maxNanoseconds > 1_800_000, "\(wholeVibration.latency)")
        #expect(steppedVibration.latency.maxNanoseconds < 1_600_000, "\(steppedVibration.latency)")
        #expect(steppedVibration.latency.p999Nanoseconds < wholeVibration.latency.p999Nanoseconds)
    }
}
