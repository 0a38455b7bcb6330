// SensorGate — ModbusRTUTests: several transmitters on one line, each at its own rate, scaled by its map.

import HAL
import HALSim
import Modbus
import ModbusRTU
import Testing

@Suite struct ModbusRTUPollerTests {
    static let pressureMap = ModbusRTUDeviceMap(
        label: "line-pressure", address: 17, rateHz: 2,
        registers: [
            ModbusRTURegister(name: "pressure", unit: "Pa", table: .input, address: 0, encoding: .float32),
            ModbusRTURegister(
                name: "pressure-kpa", unit: "kPa", table: .input, address: 2, encoding: .int16, scale: 0.01),
            ModbusRTURegister(name: "damping-s", unit: "s", table: .holding, address: 0, encoding: .uint16, scale: 0.1),
        ])
    static let temperatureMap = ModbusRTUDeviceMap(
        label: "oil-temperature", address: 18, rateHz: 1,
        registers: [
            ModbusRTURegister(
                name: "temperature", unit: "Cel", table: .input, address: 2, encoding: .int16, scale: 0.01)
        ])

    @Test func registerEncodingsAndScaling() {
        let bits = Float(-12.5).bitPattern
        let high = UInt16(bits >> 16)
        let low = UInt16(bits & 0xFFFF)
        func value(_ encoding: ModbusRTURegister.Encoding, _ words: [UInt16], scale: Double = 1, offset: Double = 0)
            -> Double?
        {
            ModbusRTURegister(
                name: "v", unit: "", table: .input, address: 0, encoding: encoding, scale: scale, offset: offset
            )
            .value(of: words[...])
        }
        #expect(value(.float32, [high, low]) == -12.5)
        #expect(value(.float32LowWordFirst, [low, high]) == -12.5)
        #expect(value(.int16, [0xFFFE], scale: 0.5) == -1)
        #expect(value(.uint16, [0xFFFE]) == 65534)
        #expect(value(.int32, [0xFFFF, 0xFFFF]) == -1)
        #expect(value(.uint32, [0x0001, 0x0000], offset: -1) == 65535)
        #expect(value(.float32, [high]) == nil)
    }

    @Test func requestsCoverEachTablesRegisters() {
        #expect(
            Self.pressureMap.requests == [
                .readInputRegisters(address: 0, count: 3), .readHoldingRegisters(address: 0, count: 1),
            ])
    }

    @Test func devicesArePolledAtTheirRatesAndAFailingOneDoesNotStallTheLine() throws {
        let clock = VirtualClock()
        let pressure = SimulatedTransmitter(address: 17, scale: 10, unitCode: 0x0C) { seconds in 200_000 + 10 * seconds
        }
        let temperature = SimulatedTransmitter(address: 18, scale: 0.01, unitCode: 0x20) { _ in 65.25 }
        let line = SimulatedRTULine(
            name: "sim:rs485-0", settings: SerialSettings(baudRate: 19_200, parity: .even), clock: clock,
            devices: [pressure, temperature])
        var settings = ModbusRTUSettings()
        settings.responseTimeout = .milliseconds(100)
        settings.retries = 2
        let client = ModbusRTUClient(port: line, clock: clock, settings: settings)
        let absent = ModbusRTUDeviceMap(
            label: "absent", address: 30, rateHz: 1, registers: Self.temperatureMap.registers)
        let poller = ModbusRTUPoller(
            client: client, devices: [Self.pressureMap, Self.temperatureMap, absent], clock: clock)
        var readings: [String: [ModbusRTUReading]] = [:]
        line.faults = [.corruptCRC, .garbageBefore([0x00, 0x42, 0x42, 0x99, 0x01])]
        try poller.run(until: clock.now() + .seconds(10)) { readings[$0.label, default: []].append($0) }

        let pressures = readings["line-pressure"] ?? []
        #expect(pressures.count == 20)
        #expect(pressures.allSatisfy { $0.failure == nil })
        for reading in pressures {
            let expected = 200_000 + 10 * Double(reading.timestamp.nanoseconds) / 1e9
            #expect(abs((reading.values["pressure"] ?? 0) - expected) < 1)
            // the transmitter's int16 counts 10 Pa; the map reads it as 0.01 kPa
            #expect(abs((reading.values["pressure-kpa"] ?? 0) - expected / 1000) <= 0.006)
            #expect(reading.values["damping-s"] == 1)
        }
        let temperatures = readings["oil-temperature"] ?? []
        #expect(temperatures.count == 10)
        #expect(temperatures.allSatisfy { $0.values["temperature"] == 65.25 })
        let failures = readings["absent"] ?? []
        #expect(failures.count == 10)
        #expect(failures.allSatisfy { $0.failure?.contains("device 30") == true && $0.values.isEmpty })
        #expect(client.counters.crcErrors + client.counters.malformedFrames >= 2)
        #expect(poller.skipped == [0, 0, 0])
    }
}
