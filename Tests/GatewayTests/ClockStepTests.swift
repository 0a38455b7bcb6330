// SensorGate — GatewayTests: steps of the system clock: forward ones move the streams' times, backward ones
// are held, the upstream is told, and no stream's time ever goes back, within a run or across a restart.

import Board
import Codec
import Collector
import Envelope
import Foundation
import HAL
import Sampling
import Store
import Testing

@testable import Gateway

@Suite struct ClockStepTests {
    static let utcStart: Int64 = 1_767_225_600_000_000
    static let hour: Int64 = 3_600_000_000

    private func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "clock-step-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func theSealerMovesEveryStreamByAnAppliedStepAndHoldsABackwardOne() throws {
        let board = try BoardLoader.parse(GatewayPipelineTests.boardYAML, file: "gateway-test.yaml")
        let bound = BoardBinder(backend: nil).bind(board)
        let groups = try bound.samplingGroups()
        let plan = StreamPlan.make(board: board, groups: groups)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try BatchStore(directory: directory)
        // Now: the store ages batches by their UTC start, on the system clock.
        let utcStart = Int64(Date().timeIntervalSince1970 * 1e6)
        let identity = DeviceIdentity.generate()
        let queue = WindowQueue()
        let batcher = Batcher(plan: plan, epoch: bound.clock.now(), queue: queue)
        let scheduler = SamplingScheduler(groups: groups, timebase: bound.virtualTimebase(), sink: batcher)
        scheduler.start()
        let start = try #require(scheduler.startInstant)
        batcher.epoch = start
        let sealer = try BatchSealer(
            plan: plan, writer: EnvelopeWriter(identity: identity), store: store, epochMicros: utcStart)
        try sealer.emitSchemas()
        func sealAll() {
            var windows = queue.take(waitingUpTo: .zero)
            while !windows.windows.isEmpty {
                _ = sealer.seal(windows.windows)
                windows = queue.take(waitingUpTo: .zero)
            }
        }
        var timeline = UTCTimeline(start: start, systemUTCMicros: utcStart)
        func run(to seconds: Int64, systemStepMicros: Int64) throws {
            try scheduler.run(until: start + .seconds(seconds))
            let now = bound.clock.now()
            let system = utcStart + (now - start).nanoseconds / 1000 + systemStepMicros
            if let step = timeline.observe(monotonic: now, systemUTCMicros: system) { sealer.clockSteps.post(step) }
            sealAll()
        }
        try run(to: 4, systemStepMicros: 0)
        try run(to: 8, systemStepMicros: Self.hour)
        try run(to: 12, systemStepMicros: Self.hour - 30_000_000)
        batcher.flush()
        queue.close()
        sealAll()
        #expect(sealer.counters.clockStepNotices == 2)
        #expect(sealer.epochMicros == utcStart + Self.hour)

        var registry = DeviceRegistry()
        registry.register(publicKey: identity.publicKey)
        var collector = Collector(registry: registry)
        var decoded: [UInt32: [CollectedBatch]] = [:]
        var notices: [ClockStepNotice] = []
        for batch in try store.pending(limit: 10_000) {
            let receipt = collector.receive(batch.payload)
            if case .clockSteps(let notice) = receipt.disposition { notices.append(notice) }
            for collected in receipt.batches { decoded[collected.header.streamID, default: []].append(collected) }
        }
        #expect(notices.flatMap(\.entries).map(\.stepMicros) == [Self.hour, -30_000_000])
        #expect(notices.flatMap(\.entries).map(\.aheadMicros) == [0, 30_000_000])
        #expect(collector.report.clockSteps == 2 && collector.report.heldClockSteps == 1)
        for stream in plan.streams {
            let batches = (decoded[stream.id] ?? []).sorted { $0.header.sequence < $1.header.sequence }
            #expect(batches.count >= 2, "\(stream.name)")
            // Row by row, time only moves forward. A step applies from the next batch sealed: the barometer
            // (2 s batches) and the vibration stream (1 s) jump by the hour once, between batches; the
            // magnetometer's first 10 s batch was sealed after the step, so all its rows moved.
            let times = batches.flatMap(\.timesMicros)
            var jumps = 0
            for (earlier, later) in zip(times, times.dropFirst()) {
                #expect(later > earlier, "\(stream.name)")
                if later - earlier > Self.hour { jumps += 1 }
            }
            #expect(jumps == (stream.name == "magnetometer" ? 0 : 1), "\(stream.name)")
            // The last row is an hour (the applied step) after where the unstepped clock would date it.
            let last = try #require(times.last)
            #expect(last > utcStart + Self.hour + 11_000_000 && last <= utcStart + Self.hour + 12_000_000)
        }
        #expect(collector.report.streams.allSatisfy { $0.timeReversals == 0 })
    }

    @Test func aRunReportsItsStepsAndARestartBehindTheStoredTimeStartsAfterIt() throws {
        let board = try BoardLoader.parse(GatewayPipelineTests.boardYAML, file: "gateway-test.yaml")
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var settings = GatewaySettings()
        settings.duration = .seconds(12)
        settings.stateDirectory = directory
        let runner = GatewayRunner(
            board: board, settings: settings, wallClock: StepClock(), utcStartMicros: Self.utcStart)
        runner.hooks.systemClockStepsMicros = { elapsed in
            elapsed < .seconds(4) ? 0 : elapsed < .seconds(8) ? Self.hour : Self.hour - 20_000_000
        }
        let first = try runner.run()
        #expect(first.everySampleVerified)
        let clock = try #require(first.clock)
        #expect(clock.startUTCMicros == Self.utcStart)
        #expect(clock.steps.map(\.stepMicros) == [Self.hour, -20_000_000])
        #expect(clock.steps.map(\.movedMicros) == [Self.hour, 0])
        #expect(clock.aheadMicros == 20_000_000)
        #expect(first.sealer.clockStepNotices >= 1)
        #expect(first.collector.clockSteps == 2 && first.collector.heldClockSteps == 1)
        #expect(first.collector.clockAheadMicros[first.deviceID] == 20_000_000)
        #expect(first.collector.streams.allSatisfy { $0.timeReversals == 0 })

        // Restarted with the clock back at the first run's start: the timeline starts just after the
        // latest time the first run stored (an hour and 12 s on), and says it holds the difference.
        let second = try GatewayRunner(
            board: board, settings: settings, wallClock: StepClock(), utcStartMicros: Self.utcStart
        ).run()
        #expect(second.everySampleVerified)
        let restarted = try #require(second.clock)
        #expect(restarted.startUTCMicros > Self.utcStart + Self.hour + 11_000_000)
        #expect(restarted.startUTCMicros <= Self.utcStart + Self.hour + 12_100_000)
        let held = try #require(restarted.steps.first)
        #expect(held.movedMicros == 0 && held.stepMicros < -Self.hour)
        #expect(restarted.aheadMicros == restarted.startUTCMicros - Self.utcStart)
        #expect(second.collector.heldClockSteps == 1)
    }
}
