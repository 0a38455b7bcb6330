// SensorGate — HALLinuxTests: the Modbus RTU client against pymodbus's RTU server across a pseudo-terminal.

import Foundation
import Glibc
import HAL
import HALLinux
import Modbus
import ModbusRTU
import Testing

@Suite struct ModbusRTUPymodbusTests {
    @Test func theRTUClientReadsAndWritesPymodbusOverAPty() throws {
        guard
            let python = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":")
                .map({ "\($0)/python3" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else {
            Issue.record("python3 is not on PATH; run Scripts/setup")
            return
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("Tests/ModbusTCPTests/Peers/modbus_rtu_server.py").path
        let pty = try PseudoTerminal()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: python)
        server.arguments = [script, "--port", pty.terminalPath, "--device", "17", "--seconds", "20"]
        let output = Pipe()
        let errors = Pipe()
        server.standardOutput = output
        server.standardError = errors
        try server.run()
        defer {
            // SIGKILL: the test runner's children may inherit an ignored SIGTERM
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        // the server says "ready" once its port is open
        let ready = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard ready.hasPrefix("ready") else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            Issue.record("pymodbus RTU server did not start: \(message)")
            return
        }
        var settings = ModbusRTUSettings()
        settings.responseTimeout = .milliseconds(500)
        settings.retries = 5
        let client = ModbusRTUClient(port: pty.controller, clock: LinuxMonotonicClock(), settings: settings)
        #expect(
            try client.send(.readHoldingRegisters(address: 0, count: 3), to: 17)
                == .registers(.readHoldingRegisters, [0x022B, 0x0000, 0x0064]))
        #expect(
            try client.send(.readInputRegisters(address: 2, count: 3), to: 17)
                == .registers(.readInputRegisters, [1002, 1003, 1004]))
        #expect(
            try client.send(.writeMultipleRegisters(address: 4, values: [7, 8]), to: 17)
                == .wroteMultiple(.writeMultipleRegisters, address: 4, count: 2))
        #expect(
            try client.send(.readHoldingRegisters(address: 4, count: 2), to: 17)
                == .registers(.readHoldingRegisters, [7, 8]))
        #expect(
            try client.send(.readHoldingRegisters(address: 9, count: 5), to: 17)
                == .exception(function: 3, code: .illegalDataAddress))
        // noise towards the server (a partial frame) does not stall the line: the next request is answered
        try pty.controller.write([0x00, 0xFF, 0x13])
        #expect(
            try client.send(.readInputRegisters(address: 0, count: 1), to: 17)
                == .registers(.readInputRegisters, [1000]))
        // pymodbus 3.16's serial server answers for a device it does not hold with exception 4 (its datastore
        // lookup fails) instead of staying silent: an exception response is an answer, never retried
        let retriesBefore = client.counters.retries
        #expect(
            try client.send(.readInputRegisters(address: 0, count: 1), to: 18)
                == .exception(function: 4, code: .serverDeviceFailure))
        #expect(client.counters.retries == retriesBefore)
        #expect(client.counters.exceptions == 2)
        #expect(client.counters.crcErrors == 0)
    }
}
