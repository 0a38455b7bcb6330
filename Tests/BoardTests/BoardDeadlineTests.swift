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
        #expect((20_000 - 10)...20_000 ~= aux.samples, "imu-aux: \(aux.samples) samples")
    }

    @Test func drainedWholeTheMPU6050DelaysTheVibrationGroup() throws {
        // The same board with every drain taken at once, as before stepped drains: the vibration group
        // waits behind the MPU-6050's drain and misses deadlines.
        var settings = SamplingSettings()
        settings.steppedFIFODrains = false
        let reports = try run(seconds: 20, settings: settings)
        let vibration = try #require(reports["vibration"])
        #expect(vibration.deadlineMisses > 0)
    }
}
