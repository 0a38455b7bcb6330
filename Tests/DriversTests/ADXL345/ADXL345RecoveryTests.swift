// SensorGate — Drivers tests: the ADXL345 driver's errors, stuck detection and recovery.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct ADXL345RecoveryTests {
    private let address = I2CAddress(0x53)

    /// A model at 0x53 of a simulated 400 kHz I2C bus, and a driver for it with `settings`.
    private func i2cRig(_ settings: ADXL345Settings) -> (ADXL345Model, ADXL345, SimI2CBus, VirtualClock) {
        let clock = VirtualClock()
        let bus = SimI2CBus(clock: clock)
        let model = ADXL345Model(clock: clock)
        bus.attach(model, at: address)
        let sensor = ADXL345(registers: I2CRegisters(bus: bus, address: address), clock: clock, settings: settings)
        return (model, sensor, bus, clock)
    }

    @Test func identicalSamplesBeyondTheLimitAreStuck() throws {
        var settings = ADXL345Settings(fifoMode: .bypass)
        settings.stuckAfter = 5
        let (model, sensor, _, _) = i2cRig(settings)
        model.setPhysical(.accelMps2, [0, 0, 9.80665])  // noise off: the same codes every sample
        try sensor.bringUp()
        for _ in 0..<4 { _ = try sensor.read() }
        #expect {
            _ = try sensor.read()
        } throws: { error in
            "\(error)" == "ADXL345 at sim:i2c0 0x53: stuck: X Y Z codes 0 0 256 repeated 5 times"
        }
        // A chip that moves again is not stuck.
        model.setPhysical(.accelMps2, [0.5, 0, 9.80665])
        #expect(try sensor.read().raw["accel_x"] == [13])
    }

    @Test func theAutomaticLimitIsSixtyFourInFullResolutionAndOffWhenTheLSBIsCoarse() throws {
        let (model, sensor, _, clock) = i2cRig(ADXL345Settings(dataRate: .hz400))
        try sensor.bringUp()
        var drained = 0
        #expect {
            for _ in 0..<10 {
                clock.advance(by: .milliseconds(40))
                drained += try sensor.drainFIFO().count
            }
        } throws: { error in
            if case .stuck = (error as? DriverError)?.reason { return true }
            return false
        }
        #expect(drained < 64)
        // 10-bit ±16 g: 32 LSB/g, far coarser than the noise; a part at rest repeats its codes.
        let coarse = ADXL345Settings(dataRate: .hz400, range: .g16, fullResolution: false)
        #expect(coarse.stuckLimit == 0)
        try sensor.start(coarse)
        for _ in 0..<10 {
            clock.advance(by: .milliseconds(40))
            _ = try sensor.drainFIFO()
        }
        #expect(model.sampleCount > 200)
    }

    @Test func aPowerCycledChipIsStartedAgainAfterTheBusError() throws {
        let (model, sensor, bus, _) = i2cRig(ADXL345Settings(fifoMode: .bypass))
        model.setPhysical(.accelMps2, [1, 2, 3])
        try sensor.bringUp()
        _ = try sensor.read()
        bus.detach(at: address)
        #expect {
            _ = try sensor.read()
        } throws: { error in
            (error as? DriverError)?.kind == .noAcknowledge(.address)
                && (error as? DriverError)?.location == "sim:i2c0 0x53"
        }
        model.reset()  // back from a power cycle: standby, 100 Hz, bypass
        bus.attach(model, at: address)
        model.setPhysical(.accelMps2, [-1, 0.5, 9])
        let reading = try sensor.read()
        #expect(reading.raw["accel_x"] == [-26] && reading.raw["accel_y"] == [13] && reading.raw["accel_z"] == [235])
        #expect(model.powerControl == 0x08 && model.dataFormat == 0x0B)
    }

    @Test func aChipThatWasAwayButKeptItsConfigurationIsNotRestarted() throws {
        let (model, sensor, bus, clock) = i2cRig(ADXL345Settings(dataRate: .hz200))
        model.stimulus = GridRamp(origin: .zero, period: .milliseconds(5))
        try sensor.bringUp()
        let origin = clock.now() + .microseconds(1100) + .milliseconds(5)
        clock.advance(to: origin + .milliseconds(50))
        let before = try #require(try sensor.drainFIFO().last)
        bus.faultPlan = FaultPlan(rules: [
            .disappear(address: address, from: clock.now(), until: clock.now() + .milliseconds(20))
        ])
        #expect {
            _ = try sensor.drainFIFO()
        } throws: { error in
            (error as? DriverError)?.kind == .noAcknowledge(.address)
        }
        clock.advance(by: .milliseconds(30))
        let samples = try sensor.drainFIFO()
        // Still the same output grid, no sample lost: no standby, no new turn-on time.
        #expect(samples.count >= 5)
        for (index, sample) in samples.enumerated() {
            #expect(sample.timestamp == before.timestamp + .milliseconds(5) * (index + 1))
        }
        #expect(model.powerControl == 0x08)
    }

    @Test func aResetWithoutABusErrorIsNoticedWhenNoSamplesCome() throws {
        let (model, sensor, _, clock) = i2cRig(.default)
        model.setPhysical(.accelMps2, [0, 9.80665, 0])
        try sensor.bringUp()
        _ = try sensor.read()
        model.reset()
        let reading = try sensor.read()
        #expect(reading.raw["accel_y"] == [256])
        #expect(model.fifoControl == 0x90)
        // drainFIFO notices too: empty while two samples are overdue, it restarts the chip.
        model.reset()
        clock.advance(by: .milliseconds(30))
        #expect(try sensor.drainFIFO().isEmpty)
        #expect(model.powerControl == 0x08)
        clock.advance(by: .milliseconds(30))
        #expect(try sensor.drainFIFO().count >= 2)
    }

    @Test func aBusErrorInADrainLosesNoSample() throws {
        let rig = ADXL345Rig()
        rig.model.stimulus = GridRamp(origin: .zero, period: .nanoseconds(156_250))  // 2 LSB per sample
        let sensor = ADXL345(
            registers: SPIRegisters(device: rig.device, multipleBit: 0x40), clock: rig.clock, settings: .vibration)
        try sensor.bringUp()
        rig.run(until: rig.clock.now() + .milliseconds(3))
        let now = rig.clock.now()
        rig.bus.faultPlan = FaultPlan(rules: [
            .busError(chipSelect: 0, command: 0xF2, window: .time(from: now, until: now + .microseconds(50)))
        ])
        #expect {
            _ = try sensor.drainFIFO()
        } throws: { error in
            (error as? DriverError)?.kind == .bus
        }
        rig.bus.faultPlan = nil
        let samples = try sensor.drainFIFO()
        let codes = samples.compactMap { $0.raw["accel_x"]?.first }
        #expect(codes.count >= 5)
        #expect(zip(codes, codes.dropFirst()).allSatisfy { $1 - $0 == 2 }, "\(codes)")
    }
}
