// SensorGate — Drivers tests: TMP117 bus transcripts, with the datasheet's registers and values spelled out.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct TMP117TranscriptTests {
    private let address = I2CAddress(0x48)

    /// Device_ID, soft reset, EEPROM_Busy poll, Temp_Offset, Configuration.
    private func start(offset: [UInt8] = [0x00, 0x00], configuration: [UInt8]) -> [I2CExpectation] {
        [
            .writeRead(address: address, write: [0x0F], read: [0x01, 0x17]),  // Device_ID 0x0117
            .write(address: address, bytes: [0x01, 0x00, 0x02]),  // Configuration: Soft_Reset (bit 1)
            .writeRead(address: address, write: [0x01], read: [0x02, 0x20]),  // reset value, EEPROM_Busy clear
            .write(address: address, bytes: [0x07] + offset),  // Temp_Offset
            .write(address: address, bytes: [0x01] + configuration),  // Configuration
        ]
    }

    @Test func continuousStartAndReads() throws {
        let bus = ScriptedI2CBus(
            start(configuration: [0x02, 0x24])  // MOD 00, CONV 100 (1 s), AVG 01 (8), DR/Alert 1
                + [
                    .writeRead(address: address, write: [0x01], read: [0x22, 0x24]),  // Data_Ready (bit 13)
                    .writeRead(address: address, write: [0x00], read: [0x0C, 0x80]),  // Temp_Result 25 °C
                    .writeRead(address: address, write: [0x01], read: [0x02, 0x24]),  // no new result yet
                    .writeRead(address: address, write: [0x00], read: [0x0C, 0x80]),
                ])
        let clock = VirtualClock()
        let sensor = TMP117(registers: I2CRegisters(bus: bus, address: address), clock: clock)
        try sensor.start()
        #expect(clock.now() == MonotonicInstant(nanoseconds: 2_000_000))  // 2 ms soft reset
        #expect(sensor.outputDataRateHz == 1)
        let first = try sensor.read()
        // The first result is waited for: 8 conversions of 15.5 ms after the configuration.
        #expect(first.timestamp == MonotonicInstant(nanoseconds: 126_000_000))
        #expect(first.values[.temperatureC] == [25])
        #expect(first.raw["temp_result"] == [3200])
        let second = try sensor.read()
        try bus.finish()
        #expect(second.timestamp == first.timestamp)
        #expect(second.values[.temperatureC] == [25])
    }

    @Test func oneShotTriggersWaitsAndPollsDataReady() throws {
        let bus = ScriptedI2CBus([
            .writeRead(address: address, write: [0x0F], read: [0x01, 0x17]),
            .write(address: address, bytes: [0x01, 0x00, 0x02]),
            .writeRead(address: address, write: [0x01], read: [0x12, 0x20]),  // EEPROM_Busy (bit 12) still set
            .writeRead(address: address, write: [0x01], read: [0x02, 0x20]),
            .write(address: address, bytes: [0x07, 0x00, 0x40]),  // Temp_Offset +0.5 °C = 64 LSB
            .write(address: address, bytes: [0x01, 0x06, 0x04]),  // MOD 01 shutdown, CONV 100, AVG 00, DR/Alert
            .write(address: address, bytes: [0x01, 0x0E, 0x04]),  // read(): MOD 11, one-shot
            .writeRead(address: address, write: [0x01], read: [0x0E, 0x04]),  // still converting
            .writeRead(address: address, write: [0x01], read: [0x26, 0x04]),  // Data_Ready, back to MOD 01
            .writeRead(address: address, write: [0x00], read: [0xF3, 0x80]),  // −25 °C
        ])
        let clock = VirtualClock()
        let settings = TMP117Settings(mode: .oneShot, averaging: .none, offsetC: 0.5)
        let sensor = TMP117(registers: I2CRegisters(bus: bus, address: address), clock: clock, settings: settings)
        try sensor.bringUp()
        #expect(sensor.outputDataRateHz == nil)
        let reading = try sensor.read()
        try bus.finish()
        // 2 ms reset + 1 ms poll; 15.5 ms conversion + 1 ms poll.
        #expect(reading.timestamp == MonotonicInstant(nanoseconds: 19_500_000))
        #expect(reading.values[.temperatureC] == [-25])
        #expect(reading.raw["temp_result"] == [-3200])
    }

    @Test func aChipBackAtItsEEPROMDefaultsIsStartedAgain() throws {
        var script =
            start(configuration: [0x02, 0x24]) + [
                .writeRead(address: address, write: [0x01], read: [0x22, 0x24]),
                .writeRead(address: address, write: [0x00], read: [0x0C, 0x80]),
                // A power cycle: Configuration reads its EEPROM value 0x0220 (DR/Alert clear).
                .writeRead(address: address, write: [0x01], read: [0x02, 0x20]),
            ]
        script +=
            start(configuration: [0x02, 0x24]) + [
                .writeRead(address: address, write: [0x01], read: [0x22, 0x24]),
                .writeRead(address: address, write: [0x00], read: [0x0D, 0x00]),  // 26 °C
            ]
        let bus = ScriptedI2CBus(script)
        let sensor = TMP117(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        _ = try sensor.read()
        #expect(try sensor.read().values[.temperatureC] == [26])
        try bus.finish()
    }

    @Test func theResetResultMeansNoConversionYet() throws {
        // Configuration as written, but Temp_Result 0x8000 (−256 °C): reset since; start again.
        let bus = ScriptedI2CBus(
            start(configuration: [0x02, 0x24]) + [
                .writeRead(address: address, write: [0x01], read: [0x22, 0x24]),
                .writeRead(address: address, write: [0x00], read: [0x80, 0x00]),
            ] + start(configuration: [0x02, 0x24]) + [
                .writeRead(address: address, write: [0x01], read: [0x22, 0x24]),
                .writeRead(address: address, write: [0x00], read: [0x0C, 0x80]),
            ])
        let sensor = TMP117(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect(try sensor.read().values[.temperatureC] == [25])
        try bus.finish()
    }

    @Test func aTMP116IsAWrongChipID() {
        let bus = ScriptedI2CBus([.writeRead(address: address, write: [0x0F], read: [0x11, 0x16])])
        let sensor = TMP117(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect {
            try sensor.start()
        } throws: { error in
            "\(error)" == "TMP117 at scripted:i2c 0x48: wrong chip ID: expected 0x0117, found 0x1116"
        }
    }

    @Test func aLaterRevisionIsAccepted() throws {
        // Device_ID bits 15:12 are the revision.
        let bus = ScriptedI2CBus(
            [.writeRead(address: address, write: [0x0F], read: [0x11, 0x17])]
                + start(configuration: [0x02, 0x24]).dropFirst())
        let sensor = TMP117(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        try sensor.start()
        try bus.finish()
        #expect(sensor.deviceID == 0x1117)
    }

    @Test func anAbsentChipIsABusErrorWithItsKind() {
        let bus = ScriptedI2CBus([.nack(address: address)])
        let sensor = TMP117(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect {
            try sensor.start()
        } throws: { error in
            (error as? DriverError)?.kind == .noAcknowledge(.address)
                && (error as? DriverError)?.location == "scripted:i2c 0x48"
        }
    }

    @Test func anEEPROMThatStaysBusyTimesOut() {
        var script: [I2CExpectation] = [
            .writeRead(address: address, write: [0x0F], read: [0x01, 0x17]),
            .write(address: address, bytes: [0x01, 0x00, 0x02]),
        ]
        script += Array(repeating: .writeRead(address: address, write: [0x01], read: [0x12, 0x20]), count: 5)
        let bus = ScriptedI2CBus(script)
        let sensor = TMP117(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect(throws: DriverError(chip: "TMP117", location: "scripted:i2c 0x48", reason: .conversionTimeout)) {
            try sensor.start()
        }
        #expect(bus.remaining == 0)
    }

    @Test func anOffsetBeyondTheRegisterIsAnInvalidSetting() {
        let bus = ScriptedI2CBus([])
        let sensor = TMP117(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect {
            try sensor.start(TMP117Settings(offsetC: 300))
        } throws: { error in
            guard case .invalidSetting = (error as? DriverError)?.reason else { return false }
            return true
        }
    }
}
