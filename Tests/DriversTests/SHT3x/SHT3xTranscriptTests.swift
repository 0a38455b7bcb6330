// SensorGate — Drivers tests: SHT3x bus transcripts, with the datasheet's commands and bytes spelled out.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct SHT3xTranscriptTests {
    private let address = I2CAddress(0x44)

    /// Break, soft reset, status 0x8010 (CRC 0xE1), clear status: every start begins so.
    private var startScript: [I2CExpectation] {
        [
            .write(address: address, bytes: [0x30, 0x93]),  // Break
            .write(address: address, bytes: [0x30, 0xA2]),  // soft reset
            .write(address: address, bytes: [0xF3, 0x2D]),  // read status
            .read(address: address, bytes: [0x80, 0x10, 0xE1]),  // alert pending, reset detected
            .write(address: address, bytes: [0x30, 0x41]),  // clear status
        ]
    }

    @Test func startAndSingleShotWithoutStretchingCarryTheDatasheetCRCExample() throws {
        let bus = ScriptedI2CBus(
            startScript + [
                .write(address: address, bytes: [0x24, 0x00]),  // single shot, high, no stretching
                // S_T 0xBEEF with the datasheet's example CRC 0x92 (§4.12, table 20); S_RH 0x6666, CRC 0x93.
                .read(address: address, bytes: [0xBE, 0xEF, 0x92, 0x66, 0x66, 0x93]),
            ])
        let clock = VirtualClock()
        let sensor = SHT3x(bus: bus, address: address, clock: clock)
        try sensor.start()
        #expect(clock.now() == MonotonicInstant(nanoseconds: 2_500_000), "1 ms after Break, 1.5 ms t_SR")
        #expect(sensor.statusAtStart == 0x8010)
        let reading = try sensor.read()
        try bus.finish()
        #expect(reading.timestamp == MonotonicInstant(nanoseconds: 18_000_000), "15.5 ms high-repeatability maximum")
        #expect(reading.raw["s_t"] == [0xBEEF] && reading.raw["s_rh"] == [0x6666])
        // §4.13: T = −45 + 175 · S_T / (2^16 − 1), RH = 100 · S_RH / (2^16 − 1).
        #expect(reading.values[.temperatureC] == [-45 + 175 * 48879 / 65535.0])
        #expect(reading.values[.humidityRH] == [100 * 26214 / 65535.0])
    }

    @Test func clockStretchingWaitsOneMillisecondThenReads() throws {
        let bus = ScriptedI2CBus(
            startScript + [
                .write(address: address, bytes: [0x2C, 0x0D]),  // single shot, medium, stretching
                .read(address: address, bytes: [0x66, 0x66, 0x93, 0xFF, 0xFF, 0xAC]),
            ])
        let clock = VirtualClock()
        let sensor = SHT3x(
            bus: bus, address: address, clock: clock,
            settings: SHT3xSettings(repeatability: .medium, mode: .singleShotStretch))
        try sensor.start(sensor.settings)
        let reading = try sensor.read()
        try bus.finish()
        #expect(reading.timestamp == MonotonicInstant(nanoseconds: 3_500_000))
        #expect(reading.values[.humidityRH] == [100], "0xFFFF is 100 %RH because the divisor is 65535")
    }

    @Test func periodicModeFetchesAndRetriesANackedReadHeader() throws {
        let data: [UInt8] = [0x66, 0x66, 0x93, 0x80, 0x00, 0xA2]
        let bus = ScriptedI2CBus(
            startScript + [
                .write(address: address, bytes: [0x30, 0x6D]),  // heater enable
                .write(address: address, bytes: [0x27, 0x21]),  // periodic, 10 mps, medium
                .write(address: address, bytes: [0xE0, 0x00]),  // Fetch Data
                .read(address: address, bytes: data),
                .write(address: address, bytes: [0xE0, 0x00]),
                I2CExpectation(
                    address: address, messages: [.read(data)], response: .error(.noAcknowledge(.address))),
                .write(address: address, bytes: [0xE0, 0x00]),
                .read(address: address, bytes: data),
            ])
        let clock = VirtualClock()
        let settings = SHT3xSettings(repeatability: .medium, mode: .periodic, rate: .mps10, heater: true)
        let sensor = SHT3x(bus: bus, address: address, clock: clock, settings: settings)
        #expect(sensor.outputDataRateHz == 10)
        try sensor.bringUp()
        let first = try sensor.read()
        #expect(first.timestamp == MonotonicInstant(nanoseconds: 9_000_000), "2.5 ms start + 6.5 ms first result")
        let second = try sensor.read()
        try bus.finish()
        // The next result is due 100 ms later; the NACK costs one 6.5 ms measurement time.
        #expect(second.timestamp == MonotonicInstant(nanoseconds: 115_500_000))
        #expect(second.values[.temperatureC] == [-45 + 175 * 26214 / 65535.0])
    }

    @Test func aStatusWithoutAValidCRCIsAWrongChipID() {
        let bus = ScriptedI2CBus([
            .write(address: address, bytes: [0x30, 0x93]),
            .write(address: address, bytes: [0x30, 0xA2]),
            .write(address: address, bytes: [0xF3, 0x2D]),
            .read(address: address, bytes: [0x80, 0x10, 0x00]),
        ])
        let sensor = SHT3x(bus: bus, address: address, clock: VirtualClock())
        #expect {
            try sensor.start()
        } throws: { error in
            "\(error)"
                == "SHT3x at scripted:i2c 0x44: wrong chip ID: expected a status word with a valid CRC-8, found [0x80 0x10 0x00]"
        }
    }

    @Test func aCorruptHumidityWordIsAChecksumMismatch() throws {
        let bus = ScriptedI2CBus(
            startScript + [
                .write(address: address, bytes: [0x24, 0x00]),
                .read(address: address, bytes: [0xBE, 0xEF, 0x92, 0x66, 0x67, 0x93]),
            ])
        let sensor = SHT3x(bus: bus, address: address, clock: VirtualClock())
        try sensor.start()
        #expect(
            throws: DriverError(
                chip: "SHT3x", location: "scripted:i2c 0x44", reason: .checksumMismatch(what: "humidity word"))
        ) {
            _ = try sensor.read()
        }
        try bus.finish()
    }

    @Test func aResultThatNeverComesIsANackAfterThreeReadHeaders() throws {
        let nack = I2CExpectation(
            address: address, messages: [.read([0, 0, 0, 0, 0, 0])], response: .error(.noAcknowledge(.address)))
        let bus = ScriptedI2CBus(
            startScript + [.write(address: address, bytes: [0x24, 0x16]), nack, nack, nack])
        let clock = VirtualClock()
        let sensor = SHT3x(
            bus: bus, address: address, clock: clock, settings: SHT3xSettings(repeatability: .low))
        try sensor.bringUp()
        #expect {
            _ = try sensor.read()
        } throws: { error in
            (error as? DriverError)?.kind == .noAcknowledge(.address)
        }
        try bus.finish()
        // 2.5 ms start, 4.5 ms low-repeatability maximum, two 1 ms retries.
        #expect(clock.now() == MonotonicInstant(nanoseconds: 9_000_000))
    }

    @Test func anAbsentChipIsABusErrorNamingItsLocation() {
        let bus = ScriptedI2CBus([.nack(address: I2CAddress(0x45))])
        let sensor = SHT3x(bus: bus, address: I2CAddress(0x45), clock: VirtualClock())
        #expect {
            try sensor.start()
        } throws: { error in
            (error as? DriverError)?.kind == .noAcknowledge(.address)
                && (error as? DriverError)?.location == "scripted:i2c 0x45"
        }
    }
}
