// SensorGate — Drivers tests: ADXL345 settings against the datasheet's tables, board options and registry.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct ADXL345SettingsTests {
    @Test func dataRatesFollowTable7() {
        // Rate code 1111 is 3200 Hz, 1010 (the reset value) 100 Hz, 0000 0.10 Hz; each code halves the rate.
        #expect(ADXL345DataRate.hz3200.rawValue == 0x0F && ADXL345DataRate.hz3200.hertz == 3200)
        #expect(ADXL345DataRate.hz100.rawValue == 0x0A && ADXL345DataRate.hz100.hertz == 100)
        #expect(ADXL345DataRate.hz12_5.rawValue == 0x07 && ADXL345DataRate.hz12_5.hertz == 12.5)
        #expect(ADXL345DataRate.hz0_10.rawValue == 0x00 && abs(ADXL345DataRate.hz0_10.hertz - 0.10) < 0.003)
        #expect(ADXL345DataRate.hz3200.period == .nanoseconds(312_500))
        #expect(ADXL345DataRate.hz100.period == .milliseconds(10))
        #expect(ADXL345DataRate.hz0_10.period == .milliseconds(10_240))
        #expect(ADXL345DataRate.allCases.map(\.label).suffix(4) == ["400", "800", "1600", "3200"])
    }

    @Test func sensitivitiesFollowTable1() {
        // Full resolution: 256 LSB/g (3.9 mg/LSB) at every range, 10 to 13 bits.
        for range in ADXL345Range.allCases {
            let settings = ADXL345Settings(range: range, fullResolution: true)
            #expect(settings.lsbPerG == 256)
            #expect(settings.resolutionBits == [10, 11, 12, 13][Int(range.rawValue)])
        }
        // 10-bit: 256, 128, 64, 32 LSB/g at ±2, ±4, ±8, ±16 g.
        let tenBit = ADXL345Range.allCases.map { ADXL345Settings(range: $0, fullResolution: false).lsbPerG }
        #expect(tenBit == [256, 128, 64, 32])
        #expect(ADXL345Settings(range: .g16, fullResolution: false).metresPerSecondSquaredPerLSB == 9.80665 / 32)
        // Turn-on: 1.1 ms + 1/ODR, 11.1 ms at 100 Hz.
        #expect(ADXL345Settings.default.firstSampleDelay == .microseconds(11_100))
    }

    @Test func registerEncodings() {
        let vibration = ADXL345Settings.vibration
        #expect(vibration.dataRateByte == 0x0F)
        #expect(vibration.dataFormatByte == 0x0B)  // FULL_RES, ±16 g
        #expect(vibration.fifoControlByte == 0x90)  // stream, INT1, 16
        #expect(vibration.interruptEnableByte == 0x03 && vibration.interruptMapByte == 0x00)
        let bypass = ADXL345Settings(fifoMode: .bypass, interruptPin: .int2, interruptActiveLow: true)
        #expect(bypass.interruptEnableByte == 0x80 && bypass.interruptMapByte == 0x80)  // DATA_READY on INT2
        #expect(bypass.dataFormatByte == 0x2B && bypass.fifoControlByte == 0x30)
        let quiet = ADXL345Settings(lowPower: true, fifoMode: .trigger, watermark: 5, interruptPin: nil)
        #expect(quiet.dataRateByte == 0x1A && quiet.fifoControlByte == 0xC5 && quiet.interruptEnableByte == 0x00)
        #expect(ADXL345Settings(offsetCodes: [-1, 127, -128]).offsetBytes == [0xFF, 0x7F, 0x80])
    }

    @Test func rawSamplesAreLittleEndianTwosComplement() throws {
        let sample = try #require(ADXL345RawSample.unpack([0x34, 0x12, 0xFF, 0xFF, 0x00, 0x80]))
        #expect(sample == ADXL345RawSample(x: 0x1234, y: -1, z: -32768))
        #expect(sample.pack() == [0x34, 0x12, 0xFF, 0xFF, 0x00, 0x80])
        #expect(ADXL345RawSample.unpack([0x00, 0x01]) == nil)
    }

    @Test func boardOptions() throws {
        let options = ChipOptions([
            "odr-hz": "3200", "accel-range-g": "4", "resolution": "10-bit", "fifo-mode": "fifo",
            "watermark": "31", "interrupt-pin": "INT2", "interrupt-active-low": "yes", "ofsy": "-3",
            "stuck-after": "0",
        ])
        let settings = try ADXL345Settings(options: options)
        #expect(settings.dataRate == .hz3200 && settings.range == .g4 && !settings.fullResolution)
        #expect(settings.fifoMode == .fifo && settings.watermark == 31 && settings.interruptPin == .int2)
        #expect(settings.interruptActiveLow && settings.offsetCodes == [0, -3, 0] && settings.stuckLimit == 0)
        #expect(try ADXL345Settings(options: .none) == .default)
        #expect(try ADXL345Settings(options: ChipOptions(["interrupt-pin": "none"])).interruptPin == nil)
        #expect(throws: ChipOptionError.self) { try ADXL345Settings(options: ChipOptions(["watermark": "32"])) }
        #expect {
            try ADXL345Settings(options: ChipOptions(["odr-hz": "3000"]))
        } throws: { error in
            (error as? ChipOptionError)?.key == "odr-hz"
        }
    }

    @Test func theRegistryEntryMakesAWiredModelAndADriver() throws {
        let entry = try #require(ChipRegistry.entry("adi,adxl345"))
        #expect(entry.part == "ADXL345" && entry.interfaces == [.i2c, .spi] && entry.spiMode == .mode3)
        #expect(ChipCatalog.signature("adi,adxl345")?.addresses == [I2CAddress(0x53), I2CAddress(0x1D)])
        let clock = VirtualClock()
        var edges: [String] = []
        let context = ModelContext(
            clock: clock, trim: ChipOptions(["offset-x-mg": "100", "sensitivity-error-pct": "2"]), noise: false,
            interrupt: { pin, level in edges.append("\(pin) \(level)") })
        let chip = try entry.makeModel(context)
        let model = try #require(chip.model as? ADXL345Model)
        #expect(model.trims.offsetMilliG == [100, 0, 0] && model.trims.sensitivityErrorPercent == [2, 2, 2])
        let bus = SimSPIBus(clock: clock)
        bus.attach(try #require(chip.spi), chipSelect: 0)
        let device = bus.device(chipSelect: 0, configuration: SPIConfiguration(mode: .mode3, speedHz: 5_000_000))
        let driver = try entry.makeDriver(.spi(device), clock, ChipOptions(["fifo-mode": "bypass"]))
        chip.model.setPhysical(.accelMps2, [0, 0, 9.80665])
        try driver.bringUp()
        let reading = try driver.read()
        // X: 100 mg = 25.6 LSB; Z: 256 × 1.02 = 261.12 LSB.
        #expect(reading.raw["accel_x"] == [26] && reading.raw["accel_z"] == [261])
        #expect(edges == ["INT1 true", "INT1 false"], "DATA_READY on INT1, cleared by the read")
        #expect(throws: ChipOptionError(key: "offset-z-mg", message: "2000 is outside -1000.0…1000.0")) {
            try entry.makeModel(ModelContext(clock: clock, trim: ChipOptions(["offset-z-mg": "2000"])))
        }
    }

    @Test func seededPartsSpreadWithinTheDatasheetAndRepeat() throws {
        let nominal = try ADXL345Trims.instance(seed: nil, trim: .none)
        #expect(nominal == .nominal)
        let first = try ADXL345Trims.instance(seed: 17, trim: .none)
        #expect(first == (try ADXL345Trims.instance(seed: 17, trim: .none)))
        #expect(first != (try ADXL345Trims.instance(seed: 18, trim: .none)))
        #expect(first != nominal)
        for seed in UInt64(0)..<200 {
            let trims = try ADXL345Trims.instance(seed: seed, trim: .none)
            #expect(trims.offsetMilliG.prefix(2).allSatisfy { abs($0) <= 150 } && abs(trims.offsetMilliG[2]) <= 250)
            #expect(trims.sensitivityErrorPercent.allSatisfy { abs($0) <= 1 })
        }
        let override = try ADXL345Trims.instance(seed: 17, trim: ChipOptions(["offset-y-mg": "-40"]))
        #expect(override.offsetMilliG[1] == -40 && override.offsetMilliG[0] == first.offsetMilliG[0])
    }
}
