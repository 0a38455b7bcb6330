// SensorGate — Drivers tests: the BMP280/BME280 models read back through the real driver.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct BMP280ModelTests {
    private let address = I2CAddress(0x76)

    /// A model on a simulated I2C bus and a driver for it, on one virtual clock.
    private func i2cRig(_ variant: BMP280Variant) -> (BMP280Model, BMP280, SimI2CBus, VirtualClock) {
        let clock = VirtualClock()
        let bus = SimI2CBus(clock: clock)
        let model = BMP280Model(variant: variant, clock: clock)
        bus.attach(model, at: address)
        let sensor = BMP280(registers: I2CRegisters(bus: bus, address: address), clock: clock, variant: variant)
        return (model, sensor, bus, clock)
    }

    private func expectWithin(_ reading: SensorReading, _ quantity: Quantity, _ value: Double, _ epsilon: Double) {
        let got = reading.values[quantity]?.first ?? .nan
        #expect(abs(got - value) <= epsilon, "\(quantity): set \(value), read \(got), epsilon \(epsilon)")
    }

    @Test func bme280RoundTripOnI2C() throws {
        let (model, sensor, _, _) = i2cRig(.bme280)
        model.setPhysical(.pressurePa, [101_325])
        model.setPhysical(.temperatureC, [20])
        model.setPhysical(.humidityRH, [45])
        try sensor.start()
        let reading = try sensor.read()
        for (quantity, value) in [(Quantity.pressurePa, 101_325.0), (.temperatureC, 20), (.humidityRH, 45)] {
            expectWithin(reading, quantity, value, model.sampleRange(quantity).epsilon)
        }
    }

    @Test func bme280RoundTripOnSPIInMode3() throws {
        let clock = VirtualClock()
        let bus = SimSPIBus(clock: clock)
        let model = BMP280Model(variant: .bme280, clock: clock)
        bus.attach(model, chipSelect: 1)
        let device = bus.device(chipSelect: 1, configuration: SPIConfiguration(mode: .mode3))
        let sensor = BMP280(registers: SPIRegisters(device: device), clock: clock, variant: .bme280)
        model.setPhysical(.pressurePa, [101_325])
        model.setPhysical(.temperatureC, [20])
        model.setPhysical(.humidityRH, [45])
        try sensor.start(.weatherMonitoring)
        let reading = try sensor.read()
        for (quantity, value) in [(Quantity.pressurePa, 101_325.0), (.temperatureC, 20), (.humidityRH, 45)] {
            expectWithin(reading, quantity, value, model.sampleRange(quantity).epsilon)
        }
    }

    @Test(arguments: [BMP280Variant.bmp280, .bme280])
    func sweepAcrossTheSampleRange(_ variant: BMP280Variant) throws {
        let (model, sensor, _, _) = i2cRig(variant)
        var settings = BMP280Settings.default
        settings.mode = .forced
        settings.filter = .off
        try sensor.start(settings)
        for quantity in model.quantities {
            let (lower, upper, epsilon) = model.sampleRange(quantity)
            for step in 0..<20 {
                let value = lower + (upper - lower) * Double(step) / 19
                model.setPhysical(quantity, [value])
                expectWithin(try sensor.read(), quantity, value, epsilon)
            }
            model.setPhysical(quantity, [(lower + upper) / 2])
        }
    }

    @Test func theIIRFilterMovesAQuarterOfAStepPerConversionAtCoefficientFour() throws {
        // BMP280 §3.3.3: filtered = (previous · (c − 1) + new) / c; writing config resets the filter,
        // so the first conversion passes unchanged.
        var settings = BMP280Settings.weatherMonitoring
        settings.pressureOversampling = .x16
        let (filtered, filteredSensor, _, _) = i2cRig(.bmp280)
        let (plain, plainSensor, _, _) = i2cRig(.bmp280)
        settings.filter = .x4
        try filteredSensor.start(settings)
        settings.filter = .off
        try plainSensor.start(settings)
        let before = try #require(try filteredSensor.read().raw["adc_p"]?.first)
        #expect(before == (try plainSensor.read().raw["adc_p"]?.first))
        for model in [filtered, plain] { model.setPhysical(.pressurePa, [95_000]) }
        let target = try #require(try plainSensor.read().raw["adc_p"]?.first)
        var expected = Double(before)
        for _ in 0..<3 {
            expected = (expected * 3 + Double(target)) / 4
            #expect(try filteredSensor.read().raw["adc_p"]?.first == Int64(expected.rounded()))
        }
    }

    @Test func lowResolutionCodesHaveTheirLowBitsClear() throws {
        // osrs x1: 16-bit codes, so adc_P and adc_T are multiples of 16.
        let (model, sensor, _, _) = i2cRig(.bmp280)
        try sensor.start(.weatherMonitoring)
        for temperature in [-12.3, 7.77, 41.01] {
            model.setPhysical(.temperatureC, [temperature])
            let reading = try sensor.read()
            #expect((reading.raw["adc_t"]?.first ?? 1) % 16 == 0 && (reading.raw["adc_p"]?.first ?? 1) % 16 == 0)
            expectWithin(reading, .pressurePa, 101_325, model.sampleRange(.pressurePa).epsilon)
        }
        #expect(model.sampleRange(.pressurePa).epsilon > 2.5)
    }

    @Test func dataBeforeAForcedConversionEndsIsThePreviousResult() throws {
        let (model, sensor, bus, clock) = i2cRig(.bmp280)
        model.setPhysical(.temperatureC, [20])
        try sensor.start(.weatherMonitoring)
        let first = try sensor.read()
        model.setPhysical(.temperatureC, [30])
        try bus.write(address, [0xF4, 0x25])  // forced, osrs x1: typically 5.5 ms
        #expect(try bus.writeRead(address, [0xF3], count: 1) == [0x08])
        let before = try bus.writeRead(address, [0xF7], count: 6)
        #expect(Int64(before[3]) << 12 | Int64(before[4]) << 4 | Int64(before[5]) >> 4 == first.raw["adc_t"]?.first)
        clock.advance(by: .milliseconds(6))
        #expect(try bus.writeRead(address, [0xF3], count: 1) == [0x00])
        #expect(try bus.writeRead(address, [0xF4], count: 1) == [0x24], "back to sleep after a forced conversion")
        let after = try bus.writeRead(address, [0xF7], count: 6)
        #expect(after != before)
    }

    @Test func normalModeRepeatsEveryMeasurementPlusStandby() throws {
        let (model, sensor, _, clock) = i2cRig(.bmp280)
        var settings = BMP280Settings.weatherMonitoring
        settings.mode = .normal
        settings.standbyMilliseconds = 62.5
        try sensor.start(settings)
        _ = try sensor.read()
        let count = model.conversionCount
        model.setPhysical(.temperatureC, [33])
        clock.advance(by: .milliseconds(68))  // one period: 5.5 ms + 62.5 ms
        expectWithin(try sensor.read(), .temperatureC, 33, 0.01)
        #expect(model.conversionCount == count + 1)
    }

    @Test func skippedHumidityReadsTheResetCode() throws {
        let (_, sensor, _, _) = i2cRig(.bme280)
        var settings = BMP280Settings.default
        settings.humidityOversampling = .skipped
        try sensor.start(settings)
        let reading = try sensor.read()
        #expect(reading.raw["adc_h"] == [0x8000])
        #expect(reading.values[.humidityRH] == nil && reading.values[.pressurePa] != nil)
    }

    @Test func writesArePairsNotAutoIncremented() {
        let clock = VirtualClock()
        let model = BMP280Model(variant: .bme280, clock: clock)
        // I2C: reg data reg data — 0xF2 ← 0x05, 0xF5 ← 0xA0; 0xF3 (status) must not be written.
        _ = model.i2cWrite([0xF2, 0x05, 0xF5, 0xA0])
        #expect(model.controlHumidity == 0x05 && model.config == 0xA0 && model.controlMeasurement == 0x00)
        // SPI: control byte 0x74 writes 0xF4; then 0x72 writes 0xF2.
        model.spiSelect()
        for byte: UInt8 in [0x74, 0x24, 0x72, 0x03] { _ = model.spiExchange(byte) }
        model.spiDeselect()
        #expect(model.controlMeasurement == 0x24 && model.controlHumidity == 0x03)
    }

    @Test func aPowerCycledChipIsStartedAgain() throws {
        let (model, sensor, bus, _) = i2cRig(.bmp280)
        model.setPhysical(.temperatureC, [21.5])
        try sensor.start()
        _ = try sensor.read()
        bus.detach(at: address)
        #expect {
            _ = try sensor.read()
        } throws: { error in
            (error as? DriverError)?.kind == .noAcknowledge(.address)
        }
        bus.attach(model, at: address)
        model.reset()  // the chip came back from a power cycle: ctrl_meas reads 0
        expectWithin(try sensor.read(), .temperatureC, 21.5, 0.01)
        #expect(model.controlMeasurement == 0x57)
    }

    @Test func aResetWithoutABusErrorIsNoticedFromTheResetCodes() throws {
        let (model, sensor, _, _) = i2cRig(.bmp280)
        model.setPhysical(.pressurePa, [95_000])
        try sensor.start()
        model.reset()
        expectWithin(try sensor.read(), .pressurePa, 95_000, model.sampleRange(.pressurePa).epsilon)
    }

    @Test func noiseIsSeededAndDefaultsOff() throws {
        let (model, sensor, _, _) = i2cRig(.bmp280)
        try sensor.start(.weatherMonitoring)
        let quiet = try sensor.read().raw["adc_t"]
        #expect(try sensor.read().raw["adc_t"] == quiet)
        model.noise = BMP280Noise(pressurePa: 5, temperatureC: 0.5, humidityRH: 0, seed: 7)
        let noisy = try (0..<4).map { _ in try sensor.read().raw["adc_t"] }
        #expect(Set(noisy).count > 1)
    }
}
