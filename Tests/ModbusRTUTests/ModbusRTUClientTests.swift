// SensorGate — ModbusRTUTests: the RTU client against simulated transmitters on a simulated line, with faults.

import HAL
import HALSim
import Modbus
import ModbusRTU
import Testing

@Suite struct ModbusRTUClientTests {
    static func line(_ baud: Int = 19_200) -> (SimulatedRTULine, VirtualClock, SimulatedTransmitter) {
        let clock = VirtualClock()
        let pressure = SimulatedTransmitter(address: 17, scale: 10, unitCode: 0x0C) { seconds in
            101_325 + 100 * seconds
        }
        let temperature = SimulatedTransmitter(address: 18, scale: 0.01, unitCode: 0x20) { _ in 21.5 }
        let line = SimulatedRTULine(
            name: "sim:rs485-0", settings: SerialSettings(baudRate: baud, parity: .even), clock: clock,
            devices: [pressure, temperature])
        return (line, clock, pressure)
    }

    @Test func timingOfTheSerialLineSpecification() {
        // 19 200 baud, 8E1: 11 bits a character, 572.9 µs; 3.5 characters 2.005 ms
        let slow = ModbusRTUTiming(settings: SerialSettings(baudRate: 19_200, parity: .even))
        #expect(slow.characterTime == .nanoseconds(572_916))
        #expect(slow.t35 == .nanoseconds(2_005_206))
        // above 19 200 baud the silences are fixed: 750 µs and 1.75 ms
        let fast = ModbusRTUTiming(settings: SerialSettings(baudRate: 115_200))
        #expect(fast.t15 == .microseconds(750))
        #expect(fast.t35 == .microseconds(1750))
    }

    @Test func severalDevicesOnOneLine() throws {
        let (line, clock, _) = Self.line()
        let client = ModbusRTUClient(port: line, clock: clock)
        let response = try client.send(.readInputRegisters(address: 0, count: 3), to: 17)
        guard case .registers(_, let registers) = response else {
            Issue.record("not registers: \(response)")
            return
        }
        let value = Float(bitPattern: UInt32(registers[0]) << 16 | UInt32(registers[1]))
        #expect(abs(Double(value) - 101_325) < 1)
        #expect(Int16(bitPattern: registers[2]) == 10_133)
        let other = try client.send(.readInputRegisters(address: 2, count: 1), to: 18)
        #expect(other == .registers(.readInputRegisters, [2150]))
        #expect(client.counters.requests == 2 && client.counters.responses == 2)
        // the exchange took wire time: 8 + 11 bytes at 19 200 8E1 plus the silences
        #expect(clock.now().nanoseconds > 19 * 572_916)
    }

    @Test func exceptionResponsesAreAnswersNotRetries() throws {
        let (line, clock, pressure) = Self.line()
        let client = ModbusRTUClient(port: line, clock: clock)
        #expect(
            try client.send(.readInputRegisters(address: 3, count: 2), to: 17)
                == .exception(function: 4, code: .illegalDataAddress))
        #expect(
            try client.send(.writeSingleRegister(address: 1, value: 5), to: 17)
                == .exception(function: 6, code: .illegalDataValue))
        #expect(
            try client.send(.writeSingleRegister(address: 0, value: 25), to: 17)
                == .wroteSingleRegister(address: 0, value: 25))
        #expect(pressure.damping == 25)
        #expect(client.counters.exceptions == 2)
        #expect(client.counters.retries == 0)
    }

    @Test func wrongCRCTruncationAndGarbageAreCountedAndRetried() throws {
        let (line, clock, _) = Self.line()
        let client = ModbusRTUClient(port: line, clock: clock)
        line.faults = [.corruptCRC, .truncate(bytes: 5)]
        let response = try client.send(.readInputRegisters(address: 2, count: 1), to: 18)
        #expect(response == .registers(.readInputRegisters, [2150]))
        #expect(client.counters.crcErrors == 1)
        #expect(client.counters.malformedFrames == 1)  // shorter than its byte count announces: truncated
        #expect(client.counters.retries == 2)
        line.faults = [.garbageBefore([0xFF, 0x00, 0x55, 0x13, 0x22, 0x01])]
        #expect(
            try client.send(.readInputRegisters(address: 2, count: 1), to: 18)
                == .registers(.readInputRegisters, [2150]))
        #expect(client.counters.garbageBytes == 2)  // the noise read as a 4-byte frame, and 2 bytes more
        #expect(client.counters.crcErrors + client.counters.malformedFrames == 3)
        #expect(client.counters.failures == 0)
    }

    @Test func aSilentDeviceTimesOutAfterItsRetriesAndTheLineGoesOn() throws {
        let (line, clock, _) = Self.line()
        var settings = ModbusRTUSettings()
        settings.retries = 2
        settings.responseTimeout = .milliseconds(100)
        let client = ModbusRTUClient(port: line, clock: clock, settings: settings)
        let start = clock.now()
        #expect(throws: ModbusRTUError.self) { try client.send(.readInputRegisters(address: 0, count: 1), to: 99) }
        #expect(client.counters.timeouts == 3)
        #expect(client.counters.failures == 1)
        #expect(clock.now() - start >= .milliseconds(300))
        // the next device answers at once
        #expect(
            try client.send(.readHoldingRegisters(address: 1, count: 1), to: 17)
                == .registers(.readHoldingRegisters, [0x0C]))
    }
}
