// SensorGate — HALLinuxTests: simulated transmitters behind a kernel pseudo-terminal, polled through termios.

import Foundation
import HAL
import HALLinux
import Modbus
import ModbusRTU
import Testing

@Suite struct RTUDeviceServerPtyTests {
    /// A transmitter model on the controller end, the client on the terminal end opened like a UART.
    struct Line {
        let pty: PseudoTerminal
        let server: RTUDeviceServer
        let client: ModbusRTUClient

        init(faults: RTULineFaultPattern, value: @escaping (Double) -> Double) throws {
            pty = try PseudoTerminal()
            var settings = SerialSettings()
            settings.baudRate = 19_200
            let clock = LinuxMonotonicClock()
            let timing = ModbusRTUTiming(settings: settings)
            server = RTUDeviceServer(
                port: pty.controller, timing: timing, clock: clock,
                devices: [SimulatedTransmitter(address: 1, scale: 10, unitCode: 1, value: value)], faults: faults,
                timeS: { 42 })
            let terminal = try LinuxPseudoTerminals().openSerialPort(path: pty.terminalPath, settings: settings)
            var clientSettings = ModbusRTUSettings()
            clientSettings.responseTimeout = .milliseconds(300)
            clientSettings.retries = 2
            client = ModbusRTUClient(port: terminal, clock: clock, settings: clientSettings)
            server.start()
        }
    }

    @Test func aTransmitterBehindAPtyAnswersWithItsModelsValues() throws {
        let line = try Line(faults: RTULineFaultPattern()) { timeS in 1000 + timeS }
        defer { line.server.stop() }
        // the model's value at the server's time (42 s): 1042 as float32, and 104 (× 10) as int16
        let bits = Float(1042).bitPattern
        #expect(
            try line.client.send(.readInputRegisters(address: 0, count: 4), to: 1)
                == .registers(.readInputRegisters, [UInt16(bits >> 16), UInt16(bits & 0xFFFF), 104, 0]))
        #expect(
            try line.client.send(.readHoldingRegisters(address: 1, count: 1), to: 1)
                == .registers(.readHoldingRegisters, [1]))
        #expect(
            try line.client.send(.readHoldingRegisters(address: 5, count: 1), to: 1)
                == .exception(function: 3, code: .illegalDataAddress))
        // another address stays silent: the client times out after its tries and the line goes on
        #expect(throws: ModbusRTUError.self) { try line.client.send(.readInputRegisters(address: 0, count: 1), to: 9) }
        #expect(line.client.counters.timeouts == 3)
        #expect(
            try line.client.send(.readInputRegisters(address: 2, count: 1), to: 1)
                == .registers(.readInputRegisters, [104]))
        #expect(line.server.counters.badFrames == 0 && line.server.failure == nil)
    }

    @Test func garbageWrongCRCsAndCutFramesOnThePtyAreCountedAndCostOnlyARetry() throws {
        var faults = RTULineFaultPattern()
        faults.crcEvery = 2
        faults.garbageEvery = 3
        faults.truncateEvery = 5
        faults.silenceEvery = 7
        let line = try Line(faults: faults) { _ in 2500 }
        defer { line.server.stop() }
        for _ in 0..<30 {
            #expect(
                try line.client.send(.readInputRegisters(address: 2, count: 1), to: 1)
                    == .registers(.readInputRegisters, [250]))
        }
        let client = line.client.counters
        let server = line.server.counters
        #expect(client.crcErrors > 0 && client.malformedFrames > 0 && client.garbageBytes > 0 && client.timeouts > 0)
        #expect(client.retries == client.crcErrors + client.malformedFrames + client.timeouts)
        #expect(client.failures == 0)
        // every injected fault cost the client exactly one retry; the noise arrived as a frame of its own
        #expect(server.faultsInjected == client.retries)
        #expect(server.noiseBytes > 0)
        #expect(server.requests == client.requests && server.badFrames == 0, "\(server) \(client)")
    }
}
