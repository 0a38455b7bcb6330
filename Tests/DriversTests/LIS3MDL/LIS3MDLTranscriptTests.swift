// SensorGate — Drivers tests: LIS3MDL bus transcripts, with the datasheet's addresses and values spelled out.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct LIS3MDLTranscriptTests {
    private let address = I2CAddress(0x1C)

    /// STATUS_REG 0x0F (XDA…ZYXDA) and OUT_X = 6842, OUT_Y = −6842, OUT_Z = 3421, little-endian.
    static let dataBlock: [UInt8] = [0x0F, 0xBA, 0x1A, 0x46, 0xE5, 0x5D, 0x0D]
    /// TEMP_OUT = 80 (0x0050), little-endian: 25 °C + 80/8.
    static let temperatureBytes: [UInt8] = [0x50, 0x00]

    @Test func i2cStartAndReadSetTheAutoIncrementBit() throws {
        let bus = ScriptedI2CBus([
            .writeRead(address: address, write: [0x0F], read: [0x3D]),  // WHO_AM_I
            .write(address: address, bytes: [0x21, 0x04]),  // CTRL_REG2: SOFT_RST
            .writeRead(address: address, write: [0x21], read: [0x00]),
            .write(address: address, bytes: [0x21, 0x08]),  // CTRL_REG2: REBOOT
            .writeRead(address: address, write: [0x21], read: [0x08]),  // still rebooting
            .writeRead(address: address, write: [0x21], read: [0x00]),
            // CTRL_REG1…5 from sub-address 0x20 | 0x80: TEMP_EN + UHP + 10 Hz, ±4 gauss, continuous,
            // Z UHP, BDU.
            .write(address: address, bytes: [0xA0, 0xF0, 0x00, 0x00, 0x0C, 0x40]),
            .writeRead(address: address, write: [0xA7], read: Self.dataBlock),  // STATUS_REG…OUT_Z_H
            .writeRead(address: address, write: [0xAE], read: Self.temperatureBytes),  // TEMP_OUT
        ])
        let clock = VirtualClock()
        let sensor = LIS3MDL(registers: I2CRegisters(bus: bus, address: address), clock: clock)
        try sensor.start()
        #expect(clock.now() == MonotonicInstant(nanoseconds: 3_000_000))
        let reading = try sensor.read()
        try bus.finish()
        #expect(reading.timestamp == MonotonicInstant(nanoseconds: 103_000_000), "one 10 Hz period after start")
        // Table 3: 6842 LSB/gauss at ±4 gauss; 1 gauss = 100 µT.
        #expect(reading.values[.magUT] == [100, -100, 50])
        #expect(reading.raw["mag"] == [6842, -6842, 3421])
        #expect(reading.values[.temperatureC] == [35] && reading.raw["temp"] == [80])
    }

    @Test func spiUsesTheReadAndMultipleByteBits() throws {
        let device = ScriptedSPIDevice([
            .writeThenRead(write: [0x8F], read: [0x3D]),  // read WHO_AM_I
            .write([0x21, 0x04]),
            .writeThenRead(write: [0xA1], read: [0x00]),
            .write([0x21, 0x08]),
            .writeThenRead(write: [0xA1], read: [0x00]),
            .write([0x60, 0x70, 0x60, 0x00, 0x0C, 0x40]),  // MS | 0x20; no TEMP_EN; ±16 gauss
            .writeThenRead(write: [0xE7], read: [0x08, 0xAF, 0x06, 0x00, 0x00, 0x51, 0xF9]),  // RW | MS | 0x27
        ])
        let settings = LIS3MDLSettings(fullScale: .gauss16, temperatureEnabled: false)
        let sensor = LIS3MDL(
            registers: SPIRegisters(device: device, multipleBit: 0x40), clock: VirtualClock(), settings: settings)
        try sensor.start(settings)
        let reading = try sensor.read()
        try device.finish()
        // Table 3: 1711 LSB/gauss at ±16 gauss: 1711 → 100 µT, −1711 → −100 µT.
        #expect(reading.values[.magUT] == [100, 0, -100])
        #expect(reading.values[.temperatureC] == nil && reading.raw["temp"] == nil)
    }

    @Test func singleConversionTriggersWaitsAndPollsZYXDA() throws {
        let bus = ScriptedI2CBus([
            .writeRead(address: address, write: [0x0F], read: [0x3D]),
            .write(address: address, bytes: [0x21, 0x04]),
            .writeRead(address: address, write: [0x21], read: [0x00]),
            .write(address: address, bytes: [0x21, 0x08]),
            .writeRead(address: address, write: [0x21], read: [0x00]),
            .write(address: address, bytes: [0xA0, 0x90, 0x20, 0x03, 0x00, 0x40]),  // LP, ±8 gauss, power-down
            .write(address: address, bytes: [0x22, 0x01]),  // CTRL_REG3: MD = single
            .writeRead(address: address, write: [0xA7], read: [0x00, 0, 0, 0, 0, 0, 0]),  // not yet
            .writeRead(address: address, write: [0xA7], read: [0x0F, 0x5D, 0x0D, 0x00, 0x00, 0x00, 0x00]),
            .writeRead(address: address, write: [0xAE], read: [0xF8, 0xFF]),  // −8: 24 °C
        ])
        let clock = VirtualClock()
        let settings = LIS3MDLSettings(
            fullScale: .gauss8, xyPerformance: .lowPower, zPerformance: .lowPower, conversion: .single)
        let sensor = LIS3MDL(registers: I2CRegisters(bus: bus, address: address), clock: clock, settings: settings)
        #expect(sensor.outputDataRateHz == nil)
        try sensor.bringUp()
        let reading = try sensor.read()
        try bus.finish()
        // 2 ms start, 1 ms low-power conversion (the 1000 Hz FAST_ODR period), one 1 ms poll.
        #expect(reading.timestamp == MonotonicInstant(nanoseconds: 4_000_000))
        #expect(reading.values[.magUT] == [100, 0, 0], "3421 LSB/gauss at ±8 gauss")
        #expect(reading.values[.temperatureC] == [24])
    }

    @Test func aWrongWhoAmINamesLocationExpectedAndFound() {
        let bus = ScriptedI2CBus([.writeRead(address: address, write: [0x0F], read: [0x40])])  // a LIS2MDL
        let sensor = LIS3MDL(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect {
            try sensor.start()
        } throws: { error in
            "\(error)" == "LIS3MDL at scripted:i2c 0x1c: wrong chip ID: expected 0x3d, found 0x40"
        }
    }

    @Test func aSoftResetThatNeverClearsTimesOut() throws {
        let bus = ScriptedI2CBus(
            [
                .writeRead(address: address, write: [0x0F], read: [0x3D]),
                .write(address: address, bytes: [0x21, 0x04]),
            ] + Array(repeating: .writeRead(address: address, write: [0x21], read: [0x04]), count: 5))
        let sensor = LIS3MDL(registers: I2CRegisters(bus: bus, address: address), clock: VirtualClock())
        #expect(throws: DriverError(chip: "LIS3MDL", location: "scripted:i2c 0x1c", reason: .conversionTimeout)) {
            try sensor.start()
        }
        try bus.finish()
    }

    @Test func aNackIsABusErrorWithItsKind() {
        let bus = ScriptedI2CBus([.nack(address: I2CAddress(0x1E))])
        let sensor = LIS3MDL(registers: I2CRegisters(bus: bus, address: I2CAddress(0x1E)), clock: VirtualClock())
        #expect {
            try sensor.start()
        } throws: { error in
            (error as? DriverError)?.kind == .noAcknowledge(.address)
                && (error as? DriverError)?.location == "scripted:i2c 0x1e"
        }
    }

    @Test func singleConversionAtFastODRIsRefused() {
        let sensor = LIS3MDL(
            registers: I2CRegisters(bus: ScriptedI2CBus([]), address: address), clock: VirtualClock())
        #expect {
            try sensor.start(LIS3MDLSettings(dataRate: .fast, conversion: .single))
        } throws: { error in
            guard case .invalidSetting = (error as? DriverError)?.reason else { return false }
            return true
        }
    }
}
