// SensorGate — GatewayTests: a simulated board end to end in virtual time: every sample batched,
// stored, delivered and decoded exactly once, at its LSB, with sequence numbers that survive a restart.

import Board
import Codec
import Collector
import Drivers
import Envelope
import Foundation
import HAL
import Sampling
import Store
import Testing

@testable import Gateway

/// Records every reading before the batcher sees it.
final class TeeSink: SampleSink {
    let next: Batcher
    var readings: [String: [SensorReading]] = [:]
    init(next: Batcher) { self.next = next }
    func deliver(_ reading: SensorReading, from sensor: SensorTag) {
        readings[sensor.label, default: []].append(reading)
        next.deliver(reading, from: sensor)
    }
    func missing(from sensor: SensorTag, at instant: MonotonicInstant, count: Int) {
        next.missing(from: sensor, at: instant, count: count)
    }
}

@Suite struct GatewayPipelineTests {
    static let boardYAML = """
        board: {name: gateway-test}
        buses:
          i2c0: {type: i2c, path: sim:i2c0}
          spi0: {type: spi, path: sim:spi0}
        gpio:
          gpio0: {path: sim:gpiochip0}
        world: {seed: 3, motion: {kind: random}}
        devices:
          barometer:
            compatible: bosch,bmp280
            bus: i2c0
            address: 0x76
            settings: {pressure-oversampling: 4, temperature-oversampling: 1, filter: 4, standby-ms: 0.5}
            sample: {rate-hz: 50}
            batch: {interval: 2s}
          vibration:
            compatible: adi,adxl345
            bus: spi0
            chip-select: 0
            interrupts: {INT1: gpio0/27}
            settings: {odr-hz: 400, fifo-mode: stream, watermark: 16}
            sample: {trigger: fifo}
            batch: {interval: 1s, priority: event}
          magnetometer:
            compatible: st,lis3mdl
            bus: i2c0
            address: 0x1c
            interrupts: {DRDY: gpio0/22}
            settings: {odr-hz: 80}
            sample: {trigger: data-ready}
        """

    private func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "gateway-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func everySampleArrivesOnceAtItsResolution() throws {
        let board = try BoardLoader.parse(Self.boardYAML, file: "gateway-test.yaml")
        let bound = BoardBinder(backend: nil).bind(board)
        let groups = try bound.samplingGroups()
        let plan = StreamPlan.make(board: board, groups: groups)
        #expect(plan.streams.map(\.name) == ["barometer", "vibration", "magnetometer"])
        #expect(plan.streams.map(\.timestamps) == [.uniform, .explicit, .explicit])
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try BatchStore(directory: directory)
        let identity = DeviceIdentity.generate()
        let queue = WindowQueue()
        let batcher = Batcher(plan: plan, epoch: bound.clock.now(), queue: queue)
        let tee = TeeSink(next: batcher)
        let scheduler = SamplingScheduler(groups: groups, timebase: bound.virtualTimebase(), sink: tee)
        scheduler.start()
        let start = try #require(scheduler.startInstant)
        batcher.epoch = start
        // Now: the store ages batches by their UTC start, on the system clock.
        let epochMicros = Int64(Date().timeIntervalSince1970 * 1e6)
        let sealer = try BatchSealer(
            plan: plan, writer: EnvelopeWriter(identity: identity), store: store, epochMicros: epochMicros)
        try sealer.emitSchemas()
        try scheduler.run(until: start + .seconds(7))
        batcher.flush()
        queue.close()
        // The stage, on this thread: deterministic.
        var registry = DeviceRegistry()
        registry.register(publicKey: identity.publicKey)
        var collector = Collector(registry: registry)
        var windows = queue.take(waitingUpTo: .zero)
        while !windows.finished {
            _ = sealer.seal(windows.windows)
            windows = queue.take(waitingUpTo: .zero)
        }
        #expect(sealer.counters.droppedSamples.isEmpty)
        #expect(try store.dropReport().isEmpty)
        var decoded: [UInt32: [CollectedBatch]] = [:]
        var pending = try store.pending(limit: 10_000)
        // Delivered twice: the collector de-duplicates, so the result is exactly once.
        pending += pending.reversed()
        for batch in pending {
            let receipt = collector.receive(batch.payload)
            for collected in receipt.batches {
                decoded[collected.header.streamID, default: []].append(collected)
            }
        }
        #expect(collector.report.duplicates == pending.count / 2)
        #expect(collector.finish().isEmpty)
        for (index, stream) in plan.streams.enumerated() {
            let readings = tee.readings[stream.name] ?? []
            let batches = (decoded[stream.id] ?? []).sorted { $0.header.sequence < $1.header.sequence }
            let rows = batches.reduce(0) { $0 + $1.rows }
            #expect(!readings.isEmpty, "\(stream.name) produced nothing")
            #expect(rows == readings.count, "\(stream.name): \(rows) rows for \(readings.count) readings")
            #expect(batcher.samples[index] == readings.count)
            var row = 0
            for batch in batches {
                for i in 0..<batch.rows {
                    guard row < readings.count else { break }
                    let reading = readings[row]
                    for (column, channel) in stream.channels.enumerated() {
                        let value = try #require(reading.values[channel.quantity]?[channel.component])
                        let physical = batch.value(channel: column, row: i).doubleValue * channel.unitToSI
                        let halfLSB = channel.lsb.value * channel.unitToSI / 2
                        #expect(
                            abs(physical - value) <= halfLSB * (1 + 1e-9),
                            "\(stream.name).\(channel.name) row \(row): \(physical) vs \(value)")
                    }
                    // Times come back within a microsecond of the reading's (µs resolution of the format).
                    let expected = epochMicros + (reading.timestamp - start).nanoseconds / 1000
                    let tolerance: Int64 = stream.timestamps == .uniform ? 1_000_000 / 50 : 1
                    #expect(abs(batch.timesMicros[i] - expected) <= tolerance, "\(stream.name) time row \(row)")
                    row += 1
                }
            }
        }
    }

    @Test func sequenceNumbersContinueAcrossARestart() throws {
        let board = try BoardLoader.parse(Self.boardYAML, file: "gateway-test.yaml")
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var settings = GatewaySettings()
        settings.duration = .seconds(5)
        settings.stateDirectory = directory
        let first = try GatewayRunner(
            board: board, settings: settings, wallClock: StepClock(), utcStartMicros: 1_700_000_000_000_000
        ).run()
        #expect(first.everySampleVerified)
        #expect(first.identityCreated)
        #expect(first.deliveryCounters.samplesVerified == first.samplesBatched)
        let second = try GatewayRunner(
            board: board, settings: settings, wallClock: StepClock(), utcStartMicros: 1_700_000_100_000_000
        ).run()
        #expect(!second.identityCreated)
        #expect(second.deviceID == first.deviceID)
        #expect(second.everySampleVerified)
        #expect(first.collector.streams.count >= 3)
        for stream in first.collector.streams {
            let next = try #require(second.collector.streams.first { $0.stream == stream.stream })
            let last = try #require(stream.lastSequence)
            // The second run's first batch takes the number after the first run's last: no reuse, no gap.
            #expect(next.firstSequence == last + 1, "stream \(stream.stream)")
        }
    }
}

/// A wall clock for tests: moves a microsecond per reading, never sleeps.
// @unchecked Sendable: the runner reads its wall clock on the calling thread only.
final class StepClock: MonotonicClock, @unchecked Sendable {
    private var nanoseconds: Int64 = 0
    func now() -> MonotonicInstant {
        nanoseconds += 1000
        return MonotonicInstant(nanoseconds: nanoseconds)
    }
    func sleep(until deadline: MonotonicInstant) throws(HALError) {
        nanoseconds = max(nanoseconds, deadline.nanoseconds)
    }
}
