// SensorGate — ModbusRTUTests: a run of Boards/sim-industrial-rtu.yaml, end to end to the collector.

import Board
import Collector
import Envelope
import Foundation
import Gateway
import HAL
import Store
import Synchronization
import Testing

@Suite struct ModbusRTURunTests {
    /// The far end: a collector that keeps every decoded batch.
    final class CollectingLink: UpstreamLink {
        struct State {
            var collector: Collector
            var batches: [CollectedBatch] = []
        }
        let state: Mutex<State>

        init(publicKey: DeviceIdentity) {
            var registry = DeviceRegistry()
            registry.register(publicKey: publicKey.publicKey)
            state = Mutex(State(collector: Collector(registry: registry)))
        }

        func offer(_ batch: StoredBatch) -> Bool? {
            state.withLock { state in
                state.batches += state.collector.receive(batch.payload).batches
                return true
            }
        }
    }

    /// A wall clock that moves a microsecond per reading (the run is not paced).
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

    static var boardPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Boards/sim-industrial-rtu.yaml").path
    }

    @Test func transmittersReachTheCollectorWithTheModelsValuesAndADeadLineStallsNothing() throws {
        let board = try BoardLoader.load(path: Self.boardPath)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rtu-run-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let identity = DeviceIdentity.generate()
        try identity.save(to: directory + "/identity")
        let link = CollectingLink(publicKey: identity)
        var settings = GatewaySettings()
        settings.duration = .seconds(60)
        settings.stateDirectory = directory
        let utcStart: Int64 = 1_700_000_000_000_000
        let runner = GatewayRunner(board: board, settings: settings, wallClock: StepClock(), utcStartMicros: utcStart)
        runner.hooks.upstream = link
        let start = Mutex<MonotonicInstant>(.zero)
        runner.hooks.started = { instant in start.withLock { $0 = instant } }
        let report = try runner.run()
        #expect(report.storeDepthAtEnd == 0 && report.batcherDrops.isEmpty)

        func sensor(_ label: String) throws -> GatewayReport.Sensor {
            try #require(report.sensors.first { $0.label == label })
        }
        // The barometer is not held up by the lines: every one of its 25 Hz deadlines has its sample.
        #expect(try sensor("barometer").samples == 25 * 60 + 1)
        #expect(try sensor("barometer").missing == 0)
        // Line faults cost retries, never samples.
        #expect(try sensor("line-pressure").samples == 2 * 60 + 1)
        #expect(try sensor("line-pressure").missing == 0)
        #expect(try sensor("line-temperature").samples == 60 + 1)
        // The dead transmitter: no value invented, every deadline reported missing.
        #expect(try sensor("tank-pressure").samples == 0)
        #expect(try sensor("tank-pressure").missing == 61)
        #expect(report.deadlineMisses == 0)
        let lines = try #require(report.modbusRTU)
        let faulty = try #require(lines.first { $0.line == "rs485-0" }).counters
        #expect(faulty.crcErrors > 0 && faulty.malformedFrames > 0 && faulty.garbageBytes > 0)
        #expect(faulty.retries == faulty.crcErrors + faulty.malformedFrames + faulty.timeouts)
        #expect(faulty.failures == 0)
        let dead = try #require(lines.first { $0.line == "rs485-1" }).counters
        #expect(dead.responses == 0 && dead.timeouts > 0 && dead.failures > 0)
        #expect(dead.timeouts == dead.failures * 3)

        // What the collector decoded is what the transmitter models produced, scaled by the board's map.
        let startS = Double(start.withLock { $0 }.nanoseconds) / 1e9
        let batches = link.state.withLock { $0.batches }
        let lineDevices = board.modbusRTU.flatMap(\.devices)
        let pressure = try #require(lineDevices.first { $0.label == "line-pressure" })
        let temperature = try #require(lineDevices.first { $0.label == "line-temperature" })
        var rows = [String: Int]()
        for batch in batches {
            let name = batch.schema.name
            guard let device = [pressure, temperature].first(where: { $0.label == name }) else { continue }
            let model = device.simulation
            // A poll reaches the transmitter within 100 ms of its deadline (silence, wire time, a retry,
            // the other device's poll ahead of it): the model may have moved by its largest slope meanwhile.
            let slope = model.swing * 2 * Double.pi / model.periodS
            for row in 0..<batch.rows {
                let timeS = startS + Double(batch.timesMicros[row] - Int64(utcStart)) / 1e6
                let expected = model.value(atS: timeS)
                for (column, channel) in batch.schema.channels.enumerated() {
                    let value = batch.value(channel: column, row: row).doubleValue
                    let lsb = channel.lsb.doubleValue
                    #expect(
                        abs(value - expected) <= slope * 0.1 + lsb, "\(name).\(channel.name) at \(timeS) s: \(value)")
                }
                if name == "line-pressure" {
                    // The float and the int16 register of one response agree to the int16's step.
                    let float = batch.value(channel: 0, row: row).doubleValue
                    let scaled = batch.value(channel: 1, row: row).doubleValue
                    #expect(abs(float - scaled) <= 5 + 1)
                }
                rows[name, default: 0] += 1
            }
        }
        #expect(rows["line-pressure"] == 2 * 60 + 1)
        #expect(rows["line-temperature"] == 60 + 1)
    }
}
