// SensorGate — Drivers tests: the SHT3x driver notices a reset chip and a stuck one.

import Drivers
import HAL
import HALSim
import Testing

/// Half a temperature code step, 175/65535/2 °C.
let halfStepC = 175 / 65535.0 / 2
/// Half a humidity code step, 100/65535/2 %RH.
let halfStepRH = 100 / 65535.0 / 2

@Suite struct SHT3xRecoveryTests {
    private let address = I2CAddress(0x44)

    @Test func aChipThatDisappearsAndComesBackPowerCycledIsStartedAgain() throws {
        let clock = VirtualClock()
        let bus = SimI2CBus(clock: clock)
        let model = SHT3xModel(clock: clock)
        bus.attach(model, at: address)
        let settings = SHT3xSettings(mode: .periodic, rate: .mps2, heater: true)
        let sensor = SHT3x(bus: bus, address: address, clock: clock, settings: settings)
        model.setPhysical(.temperatureC, [18])
        try sensor.bringUp()
        _ = try sensor.read()
        let gone = clock.now()
        bus.faultPlan = FaultPlan(rules: [.disappear(address: address, from: gone, until: gone + .seconds(2))])
        #expect {
            _ = try sensor.read()
        } throws: { error in
            (error as? DriverError)?.kind == .noAcknowledge(.address)
                && "\(error)".hasPrefix("SHT3x at sim:i2c0 0x44: ")
        }
        model.powerCycle()  // it lost power while away: idle, heater off
        clock.advance(by: .seconds(2))
        model.setPhysical(.temperatureC, [19.5])
        let temperature = try #require(try sensor.read().values[.temperatureC]?.first)
        #expect(abs(temperature - 19.5) <= halfStepC)
        #expect(model.heater, "the heater setting was restored")
        #expect(model.status & 0x0010 == 0, "the reset flag was cleared by the new start")
    }

    @Test func aBusErrorWithoutAResetKeepsTheConfiguration() throws {
        let clock = VirtualClock()
        let bus = SimI2CBus(clock: clock)
        let model = SHT3xModel(clock: clock)
        bus.attach(model, at: address)
        let sensor = SHT3x(bus: bus, address: address, clock: clock)
        try sensor.bringUp()
        bus.detach(at: address)
        #expect(throws: DriverError.self) { _ = try sensor.read() }
        bus.attach(model, at: address)
        let before = bus.transactionCount
        _ = try sensor.read()
        // Status check (write, read), then the measurement (write, read): no Break or soft reset.
        #expect(bus.transactionCount - before == 4)
    }

    @Test func identicalReadingsBeyondTheLimitAreStuck() throws {
        let clock = VirtualClock()
        let bus = SimI2CBus(clock: clock)
        let model = SHT3xModel(clock: clock)
        bus.attach(model, at: address)
        let sensor = SHT3x(bus: bus, address: address, clock: clock, settings: SHT3xSettings(stuckAfter: 3))
        try sensor.bringUp()
        _ = try sensor.read()
        _ = try sensor.read()
        #expect {
            _ = try sensor.read()
        } throws: { error in
            guard let error = error as? DriverError, case .stuck(let what) = error.reason else { return false }
            return error.chip == "SHT3x" && what.contains("unchanged for 3 readings")
        }
        model.setPhysical(.temperatureC, [30])
        _ = try sensor.read()
    }

    @Test func stuckAfterZeroNeverFires() throws {
        let clock = VirtualClock()
        let bus = SimI2CBus(clock: clock)
        bus.attach(SHT3xModel(clock: clock), at: address)
        let sensor = SHT3x(bus: bus, address: address, clock: clock, settings: SHT3xSettings(stuckAfter: 0))
        for _ in 0..<30 { _ = try sensor.read() }
    }
}
