// SensorGate — GatewayTests: edge processing from the board file, in the gateway: processed channels,
// events sealed at once with alarm priority, vibration features, orientation and altitude streams,
// checked against the Edge module run offline on the very readings the sampler took, and the world.

import Board
import Codec
import Collector
import Drivers
import Edge
import Envelope
import Foundation
import HAL
import Sampling
import SensorMath
import Store
import Testing

@testable import Gateway

/// Records every reading, then passes it to each sink in turn (the batcher, then the edge stage).
private final class Recorder: SampleSink {
    let sinks: [any SampleSink]
    var readings: [String: [SensorReading]] = [:]
    init(_ sinks: [any SampleSink]) { self.sinks = sinks }
    func deliver(_ reading: SensorReading, from sensor: SensorTag) {
        readings[sensor.label, default: []].append(reading)
        for sink in sinks { sink.deliver(reading, from: sensor) }
    }
    func missing(from sensor: SensorTag, at instant: MonotonicInstant, count: Int) {
        for sink in sinks { sink.missing(from: sensor, at: instant, count: count) }
    }
}

/// The mean gyroscope reading of the IMU over the second half of a 20 s run.
private final class GyroMean: SampleSink, @unchecked Sendable {
    private var sum = [0.0, 0.0, 0.0]
    private var count = 0
    private var first: Int64?
    var mean: [Double] { sum.map { $0 / Double(max(count, 1)) } }
    func deliver(_ reading: SensorReading, from sensor: SensorTag) {
        guard let rate = reading.values[.gyroRadps], rate.count == 3 else { return }
        let ns = reading.timestamp.nanoseconds
        if first == nil { first = ns }
        guard ns - (first ?? ns) >= 10_000_000_000 else { return }
        for axis in 0..<3 { sum[axis] += rate[axis] }
        count += 1
    }
    func missing(from sensor: SensorTag, at instant: MonotonicInstant, count: Int) {}
}

/// What a run of a board through the sampler, the batcher with the edge stage, the sealer and the collector gave.
struct EdgeRun {
    var plan: StreamPlan
    var readings: [String: [SensorReading]]
    /// Decoded rows per stream name: (time µs since the epoch, values in channel units).
    var rows: [String: [(micros: Int64, values: [Double])]]
    /// Stored batches' priorities per stream ID.
    var priorities: [UInt32: Set<BatchPriority>]
    var start: MonotonicInstant
    var board: BoardDescription

    static func run(_ yaml: String, seconds: Int64) throws -> EdgeRun {
        let board = try BoardLoader.parse(yaml, file: "edge-test.yaml")
        let bound = BoardBinder(backend: nil).bind(board)
        let groups = try bound.samplingGroups()
        let edge = try EdgePlan.make(board: board, base: StreamPlan.make(board: board, groups: groups))
        let directory = NSTemporaryDirectory() + "edge-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try BatchStore(directory: directory)
        let identity = DeviceIdentity.generate()
        let queue = WindowQueue()
        let batcher = Batcher(plan: edge.plan, epoch: bound.clock.now(), queue: queue)
        let stage = try EdgeStage(edge: edge, groups: groups, batcher: batcher)
        let recorder = Recorder([batcher, stage])
        let scheduler = SamplingScheduler(groups: groups, timebase: bound.virtualTimebase(), sink: recorder)
        scheduler.start()
        let start = try #require(scheduler.startInstant)
        batcher.epoch = start
        let epochMicros = Int64(Date().timeIntervalSince1970 * 1e6)
        let sealer = try BatchSealer(
            plan: edge.plan, writer: EnvelopeWriter(identity: identity), store: store, epochMicros: epochMicros)
        try sealer.emitSchemas()
        try scheduler.run(until: start + .seconds(seconds))
        batcher.flush()
        queue.close()
        var windows = queue.take(waitingUpTo: .zero)
        while !windows.finished {
            _ = sealer.seal(windows.windows)
            windows = queue.take(waitingUpTo: .zero)
        }
        var registry = DeviceRegistry()
        registry.register(publicKey: identity.publicKey)
        var collector = Collector(registry: registry)
        var decoded: [UInt32: [CollectedBatch]] = [:]
        var priorities: [UInt32: Set<BatchPriority>] = [:]
        for batch in try store.pending(limit: 100_000) {
            for collected in collector.receive(batch.payload).batches {
                decoded[collected.header.streamID, default: []].append(collected)
                priorities[collected.header.streamID, default: []].insert(batch.priority)
            }
        }
        var rows: [String: [(Int64, [Double])]] = [:]
        for stream in edge.plan.streams {
            for batch in (decoded[stream.id] ?? []).sorted(by: { $0.header.sequence < $1.header.sequence }) {
                for row in 0..<batch.rows {
                    let values = stream.channels.indices.map { batch.value(channel: $0, row: row).doubleValue }
                    rows[stream.name, default: []].append((batch.timesMicros[row] - epochMicros, values))
                }
            }
        }
        return EdgeRun(
            plan: edge.plan, readings: recorder.readings, rows: rows, priorities: priorities, start: start,
            board: board)
    }

    /// µs since the epoch of a reading, as the format carries it.
    func micros(_ reading: SensorReading) -> Int64 {
        let ns = (reading.timestamp - start).nanoseconds
        return ns >= 0 ? ns / 1000 : (ns - 999) / 1000
    }
}

@Suite struct EdgeStageTests {
    static let imuBoard = """
        board: {name: edge-test}
        buses:
          i2c0: {type: i2c, path: sim:i2c0}
          spi0: {type: spi, path: sim:spi0}
        gpio:
          gpio0: {path: sim:gpiochip0}
        world:
          seed: 5
          site: {latitude-deg: 52.5, longitude-deg: 13.4, altitude-m: 120}
          motion: {kind: rotation, axis: [1, 1, 0], rate-dps: 20}
        devices:
          barometer:
            compatible: bosch,bmp280
            bus: i2c0
            address: 0x76
            settings: {pressure-oversampling: 16, temperature-oversampling: 2, filter: 4, standby-ms: 0.5}
            sample: {rate-hz: 25}
            processing:
              temperature: {median: 3, deadband: 0.5, heartbeat-s: 5, high: 15, hysteresis: 1}
          imu:
            compatible: st,lsm6dso
            bus: spi0
            chip-select: 2
            interrupts: {INT1: gpio0/17}
            settings: {odr-hz: 208, fifo-mode: continuous, fifo-watermark: 16, int1: fifo-threshold}
            sample: {trigger: fifo}
        edge:
          orientation: {imu: imu, filter: sensorgate, rate-hz: 10}
          altitude: {barometer: barometer, rate-hz: 5}
        """

    @Test func orientationAndAltitudeStreamsMatchTheFiltersOnTheSampledReadings() throws {
        let run = try EdgeRun.run(Self.imuBoard, seconds: 40)
        let imu = try #require(run.readings["imu"])
        let rows = try #require(run.rows["orientation"])
        // 10 Hz from the first IMU sample on.
        #expect(abs(rows.count - 400) <= 2, "\(rows.count) orientation rows")
        // The same filter, offline, on the same readings: each row equals the estimate at its reading (to the LSB).
        let expected = try Self.offline(SensorGateFilter(), imu, run)
        var worstInclinationDeg = 0.0
        for row in rows {
            try Self.expectRow(row, expected)
            // And the world: after 5 s of settling, the estimated up vector is within 5° of the truth's (turning at 20°/s).
            let t = Double(row.micros) / 1e6 + Double(run.start.nanoseconds) / 1e9
            guard t > Double(run.start.nanoseconds) / 1e9 + 5 else { continue }
            let estimate = Quaternion(w: row.values[0], x: row.values[1], y: row.values[2], z: row.values[3])
            let truth = run.board.world.motion.orientation(at: t)
            let up = Vector3(0, 0, 1)
            let a = estimate.conjugate.rotate(up)
            let b = truth.conjugate.rotate(up)
            let cosine = max(-1, min(1, a.x * b.x + a.y * b.y + a.z * b.z))
            worstInclinationDeg = max(worstInclinationDeg, acos(cosine) * 180 / .pi)
        }
        #expect(worstInclinationDeg < 5, "inclination error \(worstInclinationDeg)°")

        // Altitude: 5 Hz, near the site's 120 m, and the Kalman filter offline gives the same values.
        let altitude = try #require(run.rows["altitude"])
        #expect(abs(altitude.count - 200) <= 2, "\(altitude.count) altitude rows")
        let settled = altitude.suffix(100)
        let mean = settled.reduce(0) { $0 + $1.values[0] } / Double(settled.count)
        #expect(abs(mean - 120) < 3, "mean altitude \(mean) m")
        #expect(settled.allSatisfy { abs($0.values[1]) < 0.5 }, "vertical speed at rest")
    }

    /// `filter` run offline over `imu`: the estimate after each reading (w ≥ 0), by the reading's run micros.
    static func offline<F: OrientationFilter>(_ filter: F, _ imu: [SensorReading], _ run: EdgeRun) throws -> [Int64:
        Quaternion]
    {
        var filter = filter
        var last: Int64?
        var expected: [Int64: Quaternion] = [:]
        for reading in imu {
            let a = try #require(reading.values[.accelMps2])
            let g = try #require(reading.values[.gyroRadps])
            let ns = reading.timestamp.nanoseconds
            filter.update(
                gyroRadps: Vector3(g[0], g[1], g[2]), accelMps2: Vector3(a[0], a[1], a[2]), magUT: nil,
                dtS: last.map { Double(ns - $0) / 1e9 } ?? 0)
            last = ns
            let q = filter.orientation
            expected[run.micros(reading)] = q.w < 0 ? Quaternion(w: -q.w, x: -q.x, y: -q.y, z: -q.z) : q
        }
        return expected
    }

    /// An orientation row equals the offline estimate at its reading, to half an LSB of its 2^-30 coding.
    static func expectRow(_ row: (micros: Int64, values: [Double]), _ expected: [Int64: Quaternion]) throws {
        let q = try #require(expected[row.micros], "row at \(row.micros) µs is not at an IMU reading")
        for (value, reference) in zip(row.values, [q.w, q.x, q.y, q.z]) {
            #expect(abs(value - reference) <= 0.5 / Double(1 << 30) + 1e-12)
        }
    }

    @Test(arguments: ["madgwick", "mahony"])
    func theFilterTheBoardNamesIsTheOneThatRuns(_ name: String) throws {
        let yaml = Self.imuBoard.replacingOccurrences(of: "filter: sensorgate", with: "filter: \(name)")
        let run = try EdgeRun.run(yaml, seconds: 5)
        let imu = try #require(run.readings["imu"])
        let rows = try #require(run.rows["orientation"])
        #expect(abs(rows.count - 50) <= 2, "\(rows.count) orientation rows")
        let expected =
            try name == "madgwick" ? Self.offline(MadgwickFilter(), imu, run) : Self.offline(MahonyFilter(), imu, run)
        for row in rows { try Self.expectRow(row, expected) }
        // And not the SensorGate filter's: its estimate differs from this one's after the first rows.
        let other = try Self.offline(SensorGateFilter(), imu, run)
        let differing = rows.filter { row in
            guard let q = other[row.micros] else { return false }
            return zip(row.values, [q.w, q.x, q.y, q.z]).contains { abs($0 - $1) > 1e-6 }
        }
        #expect(differing.count > rows.count / 2)
    }

    @Test func processedChannelsReportByExceptionAndEventsAreSealedAtOnceAsAlarms() throws {
        let run = try EdgeRun.run(Self.imuBoard, seconds: 40)
        let readings = try #require(run.readings["barometer"])
        let rows = try #require(run.rows["barometer"])
        // Offline, the same chains on the same readings.
        let stream = try #require(run.plan.streams.first { $0.name == "barometer" })
        let columns = stream.channels.map(\.name)
        #expect(Set(columns) == ["pressure", "temperature"])
        var pressure = try ChannelProcessor(
            channel: try #require(columns.firstIndex(of: "pressure")), settings: ChannelSettings())
        var temperatureSettings = ChannelSettings()
        temperatureSettings.smoothing = .median(samples: 3)
        temperatureSettings.deadband = 0.5
        temperatureSettings.heartbeatS = 5
        temperatureSettings.highLimit = 15
        temperatureSettings.hysteresis = 1
        var temperature = try ChannelProcessor(
            channel: try #require(columns.firstIndex(of: "temperature")), settings: temperatureSettings)
        #expect(stream.timestamps == .explicit)
        var expectedRows: [(Int64, [Double])] = []
        var latest = [Double.nan, Double.nan]
        var firstEventMicros: Int64?
        var events = 0
        for reading in readings {
            let ns = reading.timestamp.nanoseconds
            var reported = false
            for (column, name) in columns.enumerated() {
                let value =
                    name == "pressure"
                    ? try #require(reading.values[.pressurePa]?.first)
                    : try #require(reading.values[.temperatureC]?.first)
                let output =
                    name == "pressure"
                    ? pressure.update(value, timestampNs: ns) : temperature.update(value, timestampNs: ns)
                if let report = output.report {
                    latest[column] = report
                    reported = true
                }
                if output.limitEvent != nil {
                    events += 1
                    if firstEventMicros == nil { firstEventMicros = run.micros(reading) }
                }
            }
            if reported, !latest.contains(where: \.isNaN) { expectedRows.append((run.micros(reading), latest)) }
        }
        #expect(rows.count == expectedRows.count)
        for (row, expected) in zip(rows, expectedRows) {
            #expect(row.micros == expected.0)
            for (column, channel) in stream.channels.enumerated() {
                #expect(abs(row.values[column] - expected.1[column]) <= channel.lsb.value / 2 * (1 + 1e-9))
            }
        }
        // The board's temperature (about 20 °C) is above `high: 15`: one high-limit event, at the first sample.
        let eventRows = try #require(run.rows["events"])
        #expect(events == 1 && eventRows.count == 1)
        let event = try #require(eventRows.first)
        #expect(event.micros == firstEventMicros)
        #expect(event.values[0] == Double(stream.id))
        #expect(event.values[1] == Double(try #require(columns.firstIndex(of: "temperature"))))
        #expect(event.values[2] == 1)  // high limit
        #expect(event.values[4] == Double(EdgeEventSeverity.alarm.rawValue) || event.values[4] == 1)
        #expect(event.values[6] == 15)
        #expect(run.priorities[1000] == [.alarm])
    }

    @Test func theRunsStatusCarriesTheFiltersLiveStates() throws {
        // The same board at rest: the filter finds rest and its bias estimate settles near the truth (0).
        let yaml = Self.imuBoard.replacingOccurrences(
            of: "motion: {kind: rotation, axis: [1, 1, 0], rate-dps: 20}", with: "motion: {kind: rest}")
        let board = try BoardLoader.parse(yaml, file: "edge-test.yaml")
        let directory = NSTemporaryDirectory() + "edge-status-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var settings = GatewaySettings()
        settings.duration = .seconds(20)
        settings.stateDirectory = directory
        settings.delivery = .offline
        let gyro = GyroMean()
        settings.observer = gyro
        var last: EdgeStatus?
        _ = try GatewayRunner(
            board: board, settings: settings, wallClock: StepClock(), utcStartMicros: 1_700_000_000_000_000
        ).run(status: { last = $0.edge })
        let edge = try #require(last)
        #expect(edge.hasFilterStates && edge.atRest && !edge.accelerationRejected)
        // At rest the bias is what the gyroscope reads: the simulated chip's zero-rate offset.
        let mean = gyro.mean
        #expect(mean.contains { abs($0) > 0.001 }, "the chip has a zero-rate offset to find: \(mean)")
        for (bias, reading) in zip(edge.gyroBiasRadps, mean) {
            #expect(abs(bias - reading) < 0.001, "bias \(edge.gyroBiasRadps) vs mean rate \(mean)")
        }
        #expect(edge.gyroBiasSigmaRadps > 0 && edge.gyroBiasSigmaRadps < 0.01)
        #expect(edge.events == 1)  // the barometer's temperature above `high: 15`
    }

    static let vibrationBoard = """
        board: {name: edge-vibration-test}
        buses:
          spi0: {type: spi, path: sim:spi0}
        gpio:
          gpio0: {path: sim:gpiochip0}
        world:
          seed: 3
          machine:
            shaft-hz: 29.95
            imbalance-mps2: 0.5
            noise-rms-mps2: 0.05
            resonance-hz: 1000
            defects:
              - {site: inner-race, onset-s: 0, peak-mps2: 3, growth-per-h: 0}
        devices:
          vibration:
            compatible: adi,adxl345
            bus: spi0
            chip-select: 0
            mount: machine
            interrupts: {INT1: gpio0/27}
            settings: {odr-hz: 3200, fifo-mode: stream, watermark: 16}
            sample: {trigger: fifo}
            vibration:
              axes: [x, y]
              window-length: 2048
              overlap: 0.5
              bands-hz: [[10, 100], [100, 1000]]
              bearing: skf6205
              shaft-hz: 29.95
              envelope-band-hz: [600, 1400]
              anomaly: false
        """

    @Test func vibrationFeaturesEqualTheAnalyzerOnTheSampledWindows() throws {
        let run = try EdgeRun.run(Self.vibrationBoard, seconds: 6)
        let readings = try #require(run.readings["vibration"])
        let rows = try #require(run.rows["vibration.vibration"])
        var settings = VibrationSettings(sampleRateHz: 3200)
        settings.windowLength = 2048
        settings.bandsHz = [FrequencyBand(lowHz: 10, highHz: 100), FrequencyBand(lowHz: 100, highHz: 1000)]
        settings.bearing = .skf6205
        settings.shaftHz = 29.95
        settings.envelopeBandHz = FrequencyBand(lowHz: 600, highHz: 1400)
        let x = try VibrationAnalyzer(settings: settings)
        let y = try VibrationAnalyzer(settings: settings)
        var expected: [(Int64, [Double])] = []
        for reading in readings {
            let a = try #require(reading.values[.accelMps2])
            let done = x.push(a[0])
            y.push(a[1])
            guard done else { continue }
            var row: [Double] = []
            DerivedChannels.append(x.features, bands: 2, defects: true, to: &row)
            DerivedChannels.append(y.features, bands: 2, defects: true, to: &row)
            expected.append((run.micros(reading), row))
        }
        // 6 s at 3200 Hz: (19200 − 2048) / 1024 + 1 = 17 windows.
        #expect(expected.count == (readings.count - 2048) / 1024 + 1)
        #expect(rows.count == expected.count)
        let stream = try #require(run.plan.streams.first { $0.name == "vibration.vibration" })
        #expect(stream.channels.count == 2 * (5 + 2 + 4))
        for (row, reference) in zip(rows, expected) {
            #expect(row.micros == reference.0)
            for (column, channel) in stream.channels.enumerated() {
                #expect(
                    abs(row.values[column] - reference.1[column]) <= channel.lsb.value / 2 * (1 + 1e-9),
                    "\(channel.name): \(row.values[column]) vs \(reference.1[column])")
            }
        }
        // The inner-race defect stands out: its envelope band carries more than the outer race's.
        let names = stream.channels.map(\.name)
        let bpfi = try #require(names.firstIndex(of: "env_bpfi_x"))
        let bpfo = try #require(names.firstIndex(of: "env_bpfo_x"))
        let last = try #require(rows.last)
        #expect(last.values[bpfi] > 3 * last.values[bpfo], "BPFI \(last.values[bpfi]) vs BPFO \(last.values[bpfo])")
    }

    @Test func boardMistakesNameTheLine() throws {
        func gatewayError(_ yaml: String) throws -> String {
            let board = try BoardLoader.parse(yaml, file: "edge-test.yaml")
            let groups = try BoardBinder(backend: nil).bind(board).samplingGroups()
            do {
                _ = try EdgePlan.make(board: board, base: StreamPlan.make(board: board, groups: groups))
                return ""
            } catch { return error.message }
        }
        let unknownChannel = Self.imuBoard.replacingOccurrences(of: "temperature: {median", with: "temprature: {median")
        let unknown = try gatewayError(unknownChannel)
        #expect(
            unknown
                == "edge-test.yaml:19:19: 'barometer' has no channel 'temprature'; its channels are temperature, pressure"
        )
        let noAccel = Self.imuBoard.replacingOccurrences(
            of: "orientation: {imu: imu", with: "orientation: {imu: barometer")
        let wrongDevice = try gatewayError(noAccel)
        #expect(wrongDevice.hasPrefix("edge-test.yaml:28:16: 'barometer' has no accel_mps2 channel"))
        func boardError(_ yaml: String) -> String {
            do {
                _ = try BoardLoader.parse(yaml, file: "edge-test.yaml")
                return ""
            } catch { return error.description }
        }
        let unknownDevice = Self.imuBoard.replacingOccurrences(
            of: "barometer: barometer, rate", with: "barometer: baro, rate")
        #expect(boardError(unknownDevice).hasPrefix("edge-test.yaml:29:25: no device 'baro' in 'devices'"))
        let twoSmoothings = Self.imuBoard.replacingOccurrences(
            of: "{median: 3,", with: "{median: 3, moving-average: 4,")
        #expect(
            boardError(twoSmoothings)
                == "edge-test.yaml:19:20: 'temperature' has moving-average and median; choose one smoothing")
        let badWindow = Self.vibrationBoard.replacingOccurrences(of: "window-length: 2048", with: "window-length: 2047")
        #expect(boardError(badWindow).contains("'window-length' must be even"))
        let badBand = Self.vibrationBoard.replacingOccurrences(of: "[600, 1400]", with: "[1400, 600]")
        #expect(boardError(badBand).contains("'envelope-band-hz' must be [low, high]"))
        let aboveNyquist = Self.vibrationBoard.replacingOccurrences(of: "[100, 1000]]", with: "[100, 2000]]")
        #expect(try gatewayError(aboveNyquist).contains("bands-hz"))
    }
}
