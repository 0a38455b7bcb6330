// SensorGate — Drivers tests: the LIS3MDL driver recovers a reset chip and notices a stuck one.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct LIS3MDLRecoveryTests {
    private let address = I2CAddress(0x1E)

    private func rig(_ settings: LIS3MDLSettings = .default) -> (LIS3MDLModel, LIS3MDL, SimI2CBus, VirtualClock) {
        let clock = VirtualClock()
        let bus = SimI2CBus(clock: clock)
        let model = LIS3MDLModel(clock: clock)
        bus.attach(model, at: address)
        let sensor = LIS3MDL(registers: I2CRegisters(bus: bus, address: address), clock: clock, settings: settings)
        return (model, sensor, bus, clock)
    }

    @Test func aChipThatDisappearsAndComesBackPowerCycledIsStartedAgain() throws {
        let settings = LIS3MDLSettings(dataRate: .hz80, fullScale: .gauss12)
        let (model, sensor, bus, clock) = rig(settings)
        try sensor.bringUp()
        _ = try sensor.read()
        let gone = clock.now()
        bus.faultPlan = FaultPlan(rules: [.disappear(address: address, from: gone, until: gone + .milliseconds(50))])
        #expect {
            _ = try sensor.read()
        } throws: { error in
            (error as? DriverError)?.kind == .noAcknowledge(.address)
                && "\(error)".hasPrefix("LIS3MDL at sim:i2c0 0x1e: ")
        }
        model.powerCycle()
        clock.advance(by: .milliseconds(50))
        model.setPhysical(.magUT, [-251, 300, 1_000])
        let field = try #require(try sensor.read().values[.magUT])
        let lsb = 100 / 2281.0  // ±12 gauss
        #expect(zip(field, [-251.0, 300, 1_000]).allSatisfy { abs($0 - $1) <= lsb / 2 }, "\(field)")
        #expect(model.control == [0xFC, 0x40, 0x00, 0x0C, 0x40], "80 Hz, ±12 gauss restored")
    }

    @Test func aResetWithoutABusErrorIsNoticedFromMissingData() throws {
        let (model, sensor, _, _) = rig()
        try sensor.bringUp()
        _ = try sensor.read()
        model.reset()  // power-down, reset values: ZYXDA never comes
        model.setPhysical(.magUT, [1, 2, 3])
        let field = try #require(try sensor.read().values[.magUT])
        #expect(abs(field[2] - 3) <= 100 / 6842.0 / 2)
        #expect(model.control[2] == 0x00, "continuous again")
    }

    @Test func identicalReadingsBeyondTheLimitAreStuck() throws {
        let (model, sensor, _, _) = rig(LIS3MDLSettings(stuckAfter: 4))
        try sensor.bringUp()
        for _ in 0..<3 { _ = try sensor.read() }
        #expect {
            _ = try sensor.read()
        } throws: { error in
            guard let error = error as? DriverError, case .stuck(let what) = error.reason else { return false }
            return error.chip == "LIS3MDL" && what.contains("unchanged for 4 readings")
        }
        model.setPhysical(.magUT, [5, 5, 5])
        _ = try sensor.read()
    }

    @Test func theRegistryWiresDataReadyToTheBoardsPin() throws {
        let entry = try #require(ChipRegistry.entry("st,lis3mdl"))
        #expect(entry.interfaces == [.i2c, .spi] && entry.spiMode == .mode3)
        let clock = VirtualClock()
        var levels: [Bool] = []
        let made = try entry.makeModel(
            ModelContext(clock: clock, interrupt: { pin, level in if pin == "DRDY" { levels.append(level) } }))
        let spi = SimSPIBus(clock: clock)
        spi.attach(try #require(made.spi), chipSelect: 0)
        let device = spi.device(chipSelect: 0, configuration: SPIConfiguration(mode: .mode3))
        let driver = try entry.makeDriver(.spi(device), clock, ChipOptions(["odr-hz": "fast", "xy-mode": "high"]))
        #expect(driver.outputDataRateHz == 300)
        try driver.bringUp()
        _ = try driver.read()
        #expect(levels == [false, true, false])
        #expect(
            throws: ChipOptionError(
                key: "odr-hz", message: "'7' is not one of 0.625, 1.25, 2.5, 5, 10, 20, 40, 80, fast")
        ) {
            _ = try entry.makeDriver(.spi(device), clock, ChipOptions(["odr-hz": "7"]))
        }
    }
}
