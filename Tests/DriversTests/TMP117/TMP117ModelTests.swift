// SensorGate — Drivers tests: the TMP117 model, read back through the real driver and poked directly.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct TMP117ModelTests {
    private let address = I2CAddress(0x49)

    /// A model on a simulated I2C bus and a driver for it, on one virtual clock.
    private func rig(_ settings: TMP117Settings = .default, part: TMP117Part = .nominal)
        -> (TMP117Model, TMP117, SimI2CBus, VirtualClock)
    {
        let clock = VirtualClock()
        let bus = SimI2CBus(clock: clock)
        let model = TMP117Model(clock: clock, part: part)
        bus.attach(model, at: address)
        let sensor = TMP117(registers: I2CRegisters(bus: bus, address: address), clock: clock, settings: settings)
        return (model, sensor, bus, clock)
    }

    private func word(_ bus: SimI2CBus, _ register: UInt8) throws -> UInt16 {
        let bytes = try bus.writeRead(address, [register], count: 2)
        return UInt16(bytes[0]) << 8 | UInt16(bytes[1])
    }

    @Test func resetValuesAfterPowerOn() throws {
        let (model, _, bus, clock) = rig()
        model.reset()
        // During the 1.5 ms power-on, EEPROM_Busy (bit 12) is set and EEPROM_UL mirrors it in bit 14.
        #expect(try word(bus, 0x01) == 0x1220)
        #expect(try word(bus, 0x04) == 0x4000)
        clock.advance(by: .microseconds(1500))
        #expect(try word(bus, 0x00) == 0x8000)  // Temp_Result: −256 °C until the first conversion
        #expect(try word(bus, 0x01) == 0x0220)  // Configuration
        #expect(try word(bus, 0x02) == 0x6000)  // THigh_Limit 192 °C
        #expect(try word(bus, 0x03) == 0x8000)  // TLow_Limit −256 °C
        #expect(try word(bus, 0x04) == 0x0000)  // EEPROM_UL
        #expect(try word(bus, 0x07) == 0x0000)  // Temp_Offset
        #expect(try word(bus, 0x0F) == 0x0117)  // Device_ID
        // No auto-increment: a four-byte read repeats the register.
        #expect(try bus.writeRead(address, [0x0F], count: 4) == [0x01, 0x17, 0x01, 0x17])
    }

    @Test func theCatalogRecognisesTheModelByItsDeviceID() throws {
        let (_, _, bus, _) = rig()
        let signature = try #require(ChipCatalog.signature("ti,tmp117"))
        #expect(ChipIdentifier(bus: bus).check(signature, at: address).isMatch)
    }

    @Test func theFirstResultTakesTheAveragingTimeAndDataReadyClearsOnRead() throws {
        let (model, _, bus, clock) = rig()
        model.setPhysical(.temperatureC, [25])
        model.reset()
        clock.advance(by: .microseconds(1500 + 123_000))
        #expect(try word(bus, 0x00) == 0x8000)  // 8 × 15.5 ms not over yet
        clock.advance(by: .milliseconds(1))
        #expect(try word(bus, 0x01) == 0x2220)  // Data_Ready
        #expect(try word(bus, 0x01) == 0x0220)  // cleared by the read of Configuration
        #expect(try word(bus, 0x00) == 0x0C80)  // 25 °C
        clock.advance(by: .seconds(1))  // the next conversion of the 1 s cycle
        #expect(try word(bus, 0x00) == 0x0C80)
        #expect(model.conversionCount == 2)
        #expect(try word(bus, 0x01) == 0x0220)  // cleared by the read of Temp_Result too
    }

    @Test func theAlertPinShowsDataReadyAtTheConversionInstant() throws {
        let (model, sensor, bus, clock) = rig(TMP117Settings(conversionCycle: .ms125))
        var edges: [(level: Bool, time: MonotonicInstant)] = []
        model.interrupt = { pin, level in
            #expect(pin == "ALERT")
            edges.append((level, clock.now()))
        }
        try sensor.bringUp()
        #expect(edges.map(\.level) == [true])  // idle high: active low, open drain
        let due = try #require(model.nextConversionEnd)
        clock.advance(to: due)
        model.update()  // what a simulation watching the pin does when its clock reaches the instant
        #expect(edges.map(\.level) == [true, false])
        #expect(edges.last?.time == due)
        _ = try word(bus, 0x00)
        #expect(edges.map(\.level) == [true, false, true])  // reading Temp_Result clears Data_Ready
        // POL = 1: active high, so idle low, then high at the next conversion.
        try bus.write(address, [0x01, 0x00, 0x8C])
        clock.advance(by: .milliseconds(125))
        model.update()
        #expect(edges.suffix(2).map(\.level) == [false, true])
    }

    @Test func alertModeFlagsTheLimitsUntilConfigurationIsRead() throws {
        let (model, _, bus, clock) = rig()
        model.setPhysical(.temperatureC, [30])
        try bus.write(address, [0x02, 0x0C, 0x80])  // THigh 25 °C
        try bus.write(address, [0x01, 0x00, 0x00])  // CONV 0, AVG 0: 15.5 ms; DR/Alert 0: alert flags on ALERT
        var levels: [Bool] = []
        model.interrupt = { _, level in levels.append(level) }
        clock.advance(by: .microseconds(15_500))
        model.update()
        #expect(levels.last == false)
        #expect(try word(bus, 0x01) & 0xE000 == 0xA000)  // HIGH_Alert and Data_Ready
        #expect(levels.last == true)
        #expect(try word(bus, 0x01) & 0xE000 == 0x0000)  // both cleared by the read
    }

    @Test func oneShotConvertsOnceAndReturnsToShutdown() throws {
        let (model, _, bus, clock) = rig()
        try bus.write(address, [0x01, 0x04, 0x00])  // shutdown
        let count = model.conversionCount
        clock.advance(by: .seconds(3))
        #expect(model.conversionCount == count)
        try bus.write(address, [0x01, 0x0C, 0x20])  // one-shot with 8 averages: 124 ms
        #expect(try word(bus, 0x01) == 0x0C20)
        clock.advance(by: .milliseconds(124))
        #expect(try word(bus, 0x01) == 0x2420)  // Data_Ready, MOD 01
        clock.advance(by: .seconds(3))
        #expect(model.conversionCount == count + 1)
    }

    @Test func softResetReloadsTheEEPROMAndProgrammingPersists() throws {
        let (model, _, bus, clock) = rig()
        try bus.write(address, [0x04, 0x80, 0x00])  // EEPROM_UL: EUN
        try bus.write(address, [0x07, 0x00, 0x80])  // Temp_Offset 1 °C, programmed
        #expect(try word(bus, 0x01) & 0x1000 == 0x1000)  // EEPROM_Busy for the programming
        clock.advance(by: .milliseconds(7))
        try bus.write(address, [0x04, 0x00, 0x00])  // lock
        try bus.write(address, [0x02, 0x10, 0x00])  // THigh 32 °C, not programmed
        try bus.write(address, [0x01, 0x00, 0x02])  // Soft_Reset
        clock.advance(by: .milliseconds(2))
        #expect(try word(bus, 0x07) == 0x0080)
        #expect(try word(bus, 0x02) == 0x6000)
        #expect(try word(bus, 0x00) == 0x8000)
        #expect(model.offset == 0x0080)
    }

    @Test(arguments: [TMP117Averaging.none, .x8, .x32, .x64])
    func continuousReadsFollowTheTemperature(_ averaging: TMP117Averaging) throws {
        let (model, sensor, _, clock) = rig(TMP117Settings(averaging: averaging, conversionCycle: .ms15_5))
        let period = 1 / (try #require(sensor.outputDataRateHz))
        for celsius in [-40.0, 0.01, 36.6, 149.9] {
            model.setPhysical(.temperatureC, [celsius])
            clock.advance(by: .nanoseconds(Int64(2e9 * period)))
            let reading = try sensor.read()
            #expect(abs((reading.values[.temperatureC]?.first ?? .nan) - celsius) <= 0.0078125 / 2 + 1e-9)
        }
    }

    @Test func theChipAddsTheOffsetSetting() throws {
        let (model, sensor, _, _) = rig(TMP117Settings(mode: .oneShot, offsetC: -1.25))
        model.setPhysical(.temperatureC, [21])
        #expect(try sensor.read().values[.temperatureC] == [19.75])
        #expect(model.offset == 0xFF60)
    }

    @Test func theStimulusIsSampledAtEachConversionEnd() throws {
        // A bus without a clock takes no wire time, so the Configuration write is the start's last instant.
        let clock = VirtualClock()
        let bus = SimI2CBus()
        let model = TMP117Model(clock: clock)
        bus.attach(model, at: address)
        let settings = TMP117Settings(averaging: .none, conversionCycle: .ms125)
        let sensor = TMP117(registers: I2CRegisters(bus: bus, address: address), clock: clock, settings: settings)
        try sensor.bringUp()
        let written = clock.now()
        let stimulus = RecordingStimulus { _, _ in [20] }
        model.stimulus = stimulus
        clock.advance(by: .milliseconds(400))
        _ = try sensor.read()
        // Conversions end 15.5 ms into each 125 ms cycle, counted from the Configuration write.
        #expect(stimulus.times == [0, 1, 2, 3].map { written + .microseconds(15_500) + .milliseconds(125) * $0 })
    }

    @Test func aPowerCycleWithoutABusErrorIsNoticed() throws {
        let (model, sensor, bus, clock) = rig()
        model.setPhysical(.temperatureC, [22.5])
        _ = try sensor.read()
        model.reset()
        clock.advance(by: .milliseconds(10))
        #expect(try sensor.read().values[.temperatureC] == [22.5])
        #expect(try word(bus, 0x01) & 0x0FFC == 0x0224)
    }

    @Test func aChipThatDisappearsIsReportedAndRecovered() throws {
        let (model, sensor, bus, clock) = rig(TMP117Settings(offsetC: 0.5))
        model.setPhysical(.temperatureC, [18])
        _ = try sensor.read()
        let gone = clock.now()
        bus.faultPlan = FaultPlan(rules: [.disappear(address: address, from: gone, until: gone + .seconds(1))])
        #expect {
            _ = try sensor.read()
        } throws: { error in
            (error as? DriverError)?.kind == .noAcknowledge(.address)
        }
        clock.advance(by: .seconds(1))
        model.reset()  // power-cycled: Temp_Offset back to 0, Configuration to 0x0220
        #expect(try sensor.read().values[.temperatureC] == [18.5])
        #expect(model.offset == 0x0040)
    }

    @Test func identicalNewResultsAreStuck() throws {
        let (_, sensor, _, clock) = rig(TMP117Settings(averaging: .none, conversionCycle: .ms15_5, stuckAfter: 3))
        _ = try sensor.read()
        // Reading faster than the chip converts repeats a result without counting toward stuck.
        for _ in 0..<5 { _ = try sensor.read() }
        clock.advance(by: .microseconds(15_500))
        _ = try sensor.read()
        clock.advance(by: .microseconds(15_500))
        #expect {
            _ = try sensor.read()
        } throws: { error in
            guard let error = error as? DriverError, case .stuck(let what) = error.reason else { return false }
            return what == "Temp_Result 0x0a00 unchanged in 3 conversions"
        }
        _ = try sensor.read()  // started again
    }

    @Test func trimsComeFromTheBoardAndTheSeed() throws {
        let entry = try #require(ChipRegistry.entry("ti,tmp117"))
        let clock = VirtualClock()
        let trimmed = try #require(
            entry.makeModel(
                ModelContext(clock: clock, trim: ChipOptions(["offset-mc": "-70", "eeprom2": "0xBEEF"]))
            ).model as? TMP117Model)
        #expect(trimmed.part.offsetMilliC == -70 && trimmed.general[1] == 0xBEEF)
        #expect(abs(trimmed.sampleRange(.temperatureC).epsilon - (0.07 + 0.0078125)) < 1e-12)
        for seed: UInt64 in 1...50 {
            let part = try #require(
                entry.makeModel(ModelContext(clock: clock, seed: seed)).model as? TMP117Model
            ).part
            // Within the datasheet's accuracy: ±0.1 °C from −20 to 50 °C, ±0.3 °C from −55 to 150 °C.
            #expect(abs(part.error(at: -20)) <= 0.1 && abs(part.error(at: 50)) <= 0.1)
            #expect(part.errorBound <= 0.3)
        }
        let a = try #require(entry.makeModel(ModelContext(clock: clock, seed: 3)).model as? TMP117Model)
        let b = try #require(entry.makeModel(ModelContext(clock: clock, seed: 3)).model as? TMP117Model)
        #expect(a.part == b.part && a.part != .nominal)
        // The part's error shows in a reading.
        let bus = SimI2CBus(clock: clock)
        bus.attach(trimmed, at: address)
        trimmed.setPhysical(.temperatureC, [25])
        let driver = try entry.makeDriver(.i2c(bus, address), clock, ChipOptions(["mode": "one-shot"]))
        try driver.bringUp()
        #expect(try driver.read().values[.temperatureC] == [24.9296875])  // 25 − 0.07, to the nearest LSB
    }

    @Test func settingsComeFromTheBoard() throws {
        let entry = try #require(ChipRegistry.entry("ti,tmp117"))
        let options = ChipOptions([
            "mode": "one-shot", "averaging": "64", "conversion-cycle-ms": "15.5", "offset-c": "-0.25",
            "alert-pin": "alert", "alert-active-high": "yes", "stuck-after": "7",
        ])
        let driver = try #require(try entry.makeDriver(.i2c(SimI2CBus(), address), VirtualClock(), options) as? TMP117)
        #expect(
            driver.settings
                == TMP117Settings(
                    mode: .oneShot, averaging: .x64, conversionCycle: .ms15_5, offsetC: -0.25, dataReadyPin: false,
                    alertActiveHigh: true, stuckAfter: 7))
        #expect(throws: ChipOptionError(key: "averaging", message: "'16' is not one of 1, 8, 32, 64")) {
            _ = try entry.makeDriver(.i2c(SimI2CBus(), address), VirtualClock(), ChipOptions(["averaging": "16"]))
        }
    }

    @Test func noiseIsSeededAndDefaultsOff() throws {
        let (model, sensor, _, clock) = rig(TMP117Settings(averaging: .none, conversionCycle: .ms15_5, stuckAfter: 0))
        var codes: [Int64] = []
        for _ in 0..<4 {
            clock.advance(by: .microseconds(15_500))
            codes += try sensor.read().raw["temp_result"] ?? []
        }
        #expect(Set(codes).count == 1)
        model.noiseSeed = 4
        codes = []
        for _ in 0..<8 {
            clock.advance(by: .microseconds(15_500))
            codes += try sensor.read().raw["temp_result"] ?? []
        }
        #expect(Set(codes).count > 1)
    }
}
