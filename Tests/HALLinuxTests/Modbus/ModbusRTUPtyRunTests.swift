// SensorGate — HALLinuxTests: a paced run whose simulated transmitters sit behind a real pseudo-terminal.

import Board
import Drivers
import Foundation
import Gateway
import HAL
import HALLinux
import Sampling
import Synchronization
import Testing

@Suite struct ModbusRTUPtyRunTests {
    /// Every reading of the run's sampled devices, by label.
    final class Readings: SampleSink, @unchecked Sendable {
        let readings = Mutex<[String: [SensorReading]]>([:])
        func deliver(_ reading: SensorReading, from sensor: SensorTag) {
            readings.withLock { $0[sensor.label, default: []].append(reading) }
        }
        func missing(from sensor: SensorTag, at instant: MonotonicInstant, count: Int) {}
    }

    static func board(link: String) -> String {
        """
        board: {name: rtu-pty-test}
        buses:
          i2c0: {type: i2c, path: "sim:i2c0"}
        devices:
          barometer: {compatible: "bosch,bmp280", bus: i2c0, address: 0x76, sample: {rate-hz: 25}}
        modbus-rtu:
          rs485-0:
            port: sim:rs485-0
            baud: 19200
            parity: even
            response-timeout: 100ms
            retries: 2
            sim: {link: \(link), crc-error-every: 3, garbage-every: 4, truncate-every: 5}
            devices:
              line-pressure:
                address: 1
                rate-hz: 5
                points:
                  - {channel: pressure, address: 0, type: float32, unit: Pa, lsb: 1}
                  - {channel: pressure-int16, address: 2, type: int16, scale: 10, unit: Pa}
                sim: {base: 250000, swing: 20000, period-s: 30, scale: 10, unit-code: 1}
              line-temperature:
                address: 2
                rate-hz: 2
                points:
                  - {channel: temperature, address: 2, type: int16, scale: 0.01, unit: Cel}
                sim: {base: 65, swing: 5, period-s: 120, scale: 0.01, unit-code: 2}
        """
    }

    static func runner(_ text: String, pacing: Pacing, seconds: Int, directory: String) throws -> GatewayRunner {
        let board = try BoardLoader.parse(text, file: "rtu-pty.yaml")
        var settings = GatewaySettings()
        settings.duration = .seconds(seconds)
        settings.pacing = pacing
        settings.stateDirectory = directory
        settings.delivery = .inProcess
        let runner = GatewayRunner(
            board: board, settings: settings, wallClock: LinuxMonotonicClock(), utcStartMicros: 1_700_000_000_000_000)
        runner.pseudoTerminals = LinuxPseudoTerminals()
        return runner
    }

    static func temporaryDirectory() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rtu-pty-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func aPacedRunPollsTheTransmittersThroughAPtyAndGarbageStallsNothing() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let seconds = 3
        let runner = try Self.runner(
            Self.board(link: "auto"), pacing: .scaled(factor: 1), seconds: seconds, directory: directory)
        let observed = Readings()
        runner.hooks.observer = observed
        let start = Mutex<MonotonicInstant>(.zero)
        runner.hooks.started = { instant in start.withLock { $0 = instant } }
        let report = try runner.run()

        // The line ran behind a real pseudo-terminal, through the termios port.
        let line = try #require(report.modbusRTU?.first)
        let terminal = try #require(line.terminal)
        #expect(terminal.hasPrefix("/dev/pts/"))
        let simulator = try #require(line.simulator)
        // Garbage, wrong CRCs and cut frames went over the pty and were counted by the client, a retry each.
        #expect(simulator.noiseBytes > 0 && simulator.faultsInjected > 0)
        #expect(line.counters.crcErrors > 0 && line.counters.malformedFrames > 0 && line.counters.garbageBytes > 0)
        #expect(
            line.counters.retries == line.counters.crcErrors + line.counters.malformedFrames + line.counters.timeouts)
        // (the server may have seen the requests of a poll still running when the run ended)
        #expect(simulator.requests >= line.counters.requests && simulator.badFrames == 0)

        // The sampler was not held up: the barometer has every 25 Hz deadline's sample, no deadline missed.
        func sensor(_ label: String) throws -> GatewayReport.Sensor {
            try #require(report.sensors.first { $0.label == label })
        }
        #expect(try sensor("barometer").samples == 25 * seconds + 1)
        #expect(try sensor("barometer").missing == 0)
        #expect(report.deadlineMisses == 0)

        // The transmitters' values arrived, and they are the models' values at the poll's instant.
        let board = try BoardLoader.parse(Self.board(link: "auto"), file: "rtu-pty.yaml")
        let readings = observed.readings.withLock { $0 }
        let startNs = start.withLock { $0 }.nanoseconds
        for device in board.modbusRTU[0].devices {
            let deadlines = Int(device.rateHz) * seconds + 1
            let samples = try sensor(device.label).samples
            // wall-clock threads on a shared machine may miss the odd deadline; they never invent a value
            #expect(samples + (try sensor(device.label).missing) == deadlines)
            #expect(samples >= deadlines * 4 / 5, "\(device.label): \(samples) of \(deadlines)")
            let model = device.simulation
            // The models run on wall time mapped to the run's virtual time: allow 250 ms of skew at the
            // model's steepest slope, plus the point's resolution.
            let slope = model.swing * 2 * Double.pi / model.periodS
            let received = readings[device.label] ?? []
            #expect(received.count == samples)
            var lastS = 0.0
            for reading in received {
                let timeS = Double(reading.timestamp.nanoseconds) / 1e9
                lastS = max(lastS, Double(reading.timestamp.nanoseconds - startNs) / 1e9)
                let expected = model.value(atS: timeS)
                let values = reading.values.flatMap { $0.components }
                #expect(values.count == device.points.count)
                for (value, point) in zip(values, device.points) {
                    #expect(
                        abs(value - expected) <= slope * 0.25 + point.lsb,
                        "\(device.label).\(point.register.name) at \(timeS) s: \(value), model \(expected)")
                }
            }
            // samples kept coming to the end of the run, through the faults
            #expect(lastS >= Double(seconds) - 2 / device.rateHz, "\(device.label): last sample at \(lastS) s")
        }
    }

    @Test func aPtyLineAtMaxSpeedIsRefusedNamingTheLine() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let text = Self.board(link: "pty")
        let runner = try Self.runner(text, pacing: .asFastAsPossible, seconds: 1, directory: directory)
        // the line's place in the file (file:line:column), as the loader read it
        let location = try BoardLoader.parse(text, file: "rtu-pty.yaml").modbusRTU[0].location
        #expect(location.line > 0 && location.column > 0)
        #expect {
            try runner.run()
        } throws: { error in
            let message = "\(error)"
            return message.contains("\(location): line 'rs485-0'") && message.contains("link: pty")
                && message.contains("--speed realtime")
        }
    }

    @Test func aPtyLineWithoutPseudoTerminalsIsRefusedAndAutoStaysInProcess() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let refused = try Self.runner(
            Self.board(link: "pty"), pacing: .scaled(factor: 50), seconds: 1, directory: directory)
        refused.pseudoTerminals = nil
        #expect { try refused.run() } throws: { "\($0)".contains("no pseudo-terminals") }
        // at max speed an auto line runs in process in virtual time: no terminal
        let inProcess = try Self.runner(
            Self.board(link: "auto"), pacing: .asFastAsPossible, seconds: 2, directory: directory + "/max")
        let report = try inProcess.run()
        #expect(report.modbusRTU?.first?.terminal == nil)
        #expect(report.sensors.first { $0.label == "line-pressure" }?.samples == 5 * 2 + 1)
    }
}
