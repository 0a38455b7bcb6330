// SensorGate — Drivers tests: the LIS3MDL model's registers, bus conventions, timing and pins.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct LIS3MDLModelTests {
    private let address = I2CAddress(0x1C)

    private func rig(trims: LIS3MDLTrims = .nominal) -> (LIS3MDLModel, SimI2CBus, VirtualClock) {
        let clock = VirtualClock()
        let bus = SimI2CBus(clock: clock)
        let model = LIS3MDLModel(clock: clock, trims: trims)
        bus.attach(model, at: address)
        return (model, bus, clock)
    }

    @Test func resetValuesAreTheDatasheets() throws {
        let (_, bus, _) = rig()
        #expect(try bus.writeRead(address, [0x0F], count: 1) == [0x3D])  // WHO_AM_I
        #expect(try bus.writeRead(address, [0xA0], count: 5) == [0x10, 0x00, 0x03, 0x00, 0x00])  // CTRL_REG1…5
        #expect(try bus.writeRead(address, [0x27], count: 1) == [0x00])  // STATUS_REG
        #expect(try bus.writeRead(address, [0xB0], count: 4) == [0xE8, 0x00, 0x00, 0x00])  // INT_CFG…INT_THS_H
    }

    @Test func withoutBit7TheI2CSubAddressDoesNotIncrement() throws {
        let (model, bus, clock) = rig()
        model.setPhysical(.magUT, [100, -100, 50])
        try bus.write(address, [0x22, 0x00])  // continuous at 10 Hz
        clock.advance(by: .milliseconds(100))
        // 0x28 without bit 7: OUT_X_L six times over.
        #expect(try bus.writeRead(address, [0x28], count: 6) == [0xBA, 0xBA, 0xBA, 0xBA, 0xBA, 0xBA])
        #expect(try bus.writeRead(address, [0xA8], count: 6) == [0xBA, 0x1A, 0x46, 0xE5, 0x5D, 0x0D])
        // A burst past OUT_Z_H wraps back to OUT_X_L.
        #expect(try bus.writeRead(address, [0xAC], count: 4) == [0x5D, 0x0D, 0xBA, 0x1A])
        // Writes too: without bit 7 both data bytes land in CTRL_REG4.
        try bus.write(address, [0x23, 0x0C, 0x02])
        #expect(try bus.writeRead(address, [0xA3], count: 2) == [0x02, 0x00])
    }

    @Test func spiCommandsCarryReadAndMultipleBits() throws {
        let clock = VirtualClock()
        let spi = SimSPIBus(clock: clock)
        let model = LIS3MDLModel(clock: clock)
        spi.attach(model, chipSelect: 2)
        let device = spi.device(chipSelect: 2, configuration: SPIConfiguration(mode: .mode3))
        model.setPhysical(.magUT, [100, -100, 50])
        try device.write([0x22, 0x00])
        clock.advance(by: .milliseconds(100))
        #expect(try device.writeThenRead([0x8F], count: 1) == [0x3D])
        #expect(try device.writeThenRead([0xE8], count: 6) == [0xBA, 0x1A, 0x46, 0xE5, 0x5D, 0x0D])  // RW | MS | 0x28
        #expect(try device.writeThenRead([0xA8], count: 3) == [0xBA, 0xBA, 0xBA])  // RW without MS
        try device.write([0x60, 0x10, 0x40])  // MS | CTRL_REG1: two registers
        #expect(try device.writeThenRead([0xE0], count: 2) == [0x10, 0x40])
    }

    @Test func statusOverrunAndDataReadyFollowTheOutputPeriod() throws {
        let (model, bus, clock) = rig()
        var edges: [(String, Bool)] = []
        model.interrupt = { edges.append(($0, $1)) }
        try bus.write(address, [0x22, 0x00])
        clock.advance(by: .milliseconds(99))
        #expect(try bus.writeRead(address, [0x27], count: 1) == [0x00], "no data before one 10 Hz period")
        clock.advance(by: .milliseconds(1))
        model.synchronize()
        #expect(model.pinLevels["DRDY"] == true)
        #expect(try bus.writeRead(address, [0x27], count: 1) == [0x0F])
        clock.advance(by: .milliseconds(100))
        #expect(try bus.writeRead(address, [0x27], count: 1) == [0xFF], "a second set overran the first")
        _ = try bus.writeRead(address, [0xA8], count: 6)
        #expect(try bus.writeRead(address, [0x27], count: 1) == [0x00])
        #expect(model.pinLevels["DRDY"] == false)
        let drdy = edges.filter { $0.0 == "DRDY" }.map(\.1)
        #expect(drdy == [false, true, false])
    }

    @Test func blockDataUpdateHoldsTheOutputsUntilTheHighByteIsRead() throws {
        let (model, bus, clock) = rig()
        try bus.write(address, [0xA2, 0x00, 0x00, 0x40])  // CTRL_REG3 continuous, CTRL_REG4, CTRL_REG5 BDU
        model.setPhysical(.magUT, [10, 0, 0])
        clock.advance(by: .milliseconds(100))
        let low = try bus.writeRead(address, [0x28], count: 1)
        model.setPhysical(.magUT, [-10, 0, 0])
        clock.advance(by: .milliseconds(100))
        let high = try bus.writeRead(address, [0x29], count: 1)
        #expect(Int16(bitPattern: UInt16(high[0]) << 8 | UInt16(low[0])) == 684, "10 µT at 6842 LSB/gauss")
        #expect(try bus.writeRead(address, [0xA8], count: 2) == [0x54, 0xFD], "then the held −684")
    }

    @Test func singleConversionReturnsToPowerDown() throws {
        let (model, bus, clock) = rig()
        try bus.write(address, [0xA0, 0x70, 0x00, 0x01, 0x0C])  // UHP XY and Z, MD = single
        clock.advance(by: .microseconds(6_200))
        #expect(try bus.writeRead(address, [0x27], count: 1) == [0x00], "UHP takes 1/155 s, 6.45 ms")
        clock.advance(by: .microseconds(300))
        #expect(try bus.writeRead(address, [0x27], count: 1) == [0x0F])
        #expect(try bus.writeRead(address, [0x22], count: 1) == [0x03])
        clock.advance(by: .seconds(1))
        #expect(model.conversionCount == 1)
    }

    @Test func softResetAndRebootBitsReadOneWhileTheyRun() throws {
        let (model, bus, clock) = rig()
        model.softResetDuration = .milliseconds(1)  // the datasheet gives no figure
        try bus.write(address, [0xA0, 0x70, 0x40, 0x00])
        try bus.write(address, [0x21, 0x04])
        #expect(try bus.writeRead(address, [0x21], count: 1) == [0x04])
        clock.advance(by: .milliseconds(1))
        #expect(try bus.writeRead(address, [0xA0], count: 3) == [0x10, 0x00, 0x03], "registers back to reset")
        try bus.write(address, [0x21, 0x68])  // ±16 gauss and REBOOT
        #expect(try bus.writeRead(address, [0x21], count: 1) == [0x68])
        clock.advance(by: .microseconds(500))
        #expect(try bus.writeRead(address, [0x21], count: 1) == [0x60])
        #expect(model.control[1] == 0x60)
    }

    @Test func thresholdInterruptLatchesOnTheIntPin() throws {
        let (model, bus, clock) = rig()
        var edges: [(String, Bool)] = []
        model.interrupt = { edges.append(($0, $1)) }
        try bus.write(address, [0xB2, 0x58, 0x1B])  // INT_THS = 7000 LSB
        try bus.write(address, [0x30, 0x85])  // XIEN, IEA active high, latched, IEN
        try bus.write(address, [0x22, 0x00])
        model.setPhysical(.magUT, [110, 0, 0])  // 7526 LSB > 7000
        clock.advance(by: .milliseconds(100))
        model.synchronize()
        #expect(model.pinLevels["INT"] == true)
        model.setPhysical(.magUT, [0, 0, 0])
        clock.advance(by: .milliseconds(100))
        model.synchronize()
        #expect(model.pinLevels["INT"] == true, "latched until INT_SRC is read")
        #expect(try bus.writeRead(address, [0x31], count: 1) == [0x81])  // PTH_X | INT
        #expect(model.pinLevels["INT"] == false)
        // Idle high at the reset polarity (IEA = 0, active low), low once active-high, then the event.
        #expect(edges.filter { $0.0 == "INT" }.map(\.1) == [true, false, true, false])
    }

    @Test func temperatureAndFieldConvertAtTheirInstants() throws {
        let (model, bus, clock) = rig()
        let world = FieldRamp()
        model.stimulus = world
        try bus.write(address, [0xA0, 0x90, 0x00, 0x00])  // TEMP_EN, 10 Hz, continuous
        clock.advance(by: .milliseconds(350))
        let block = try bus.writeRead(address, [0xA8], count: 8)
        // Conversions 100, 200 and 300 ms after the write; the outputs hold the last: 30 µT is
        // 2052.6 LSB → 2053 (0x0805), and 28 °C is (28 − 25) × 8 = 24.
        #expect(block == [0x05, 0x08, 0x00, 0x00, 0x00, 0x00, 0x05, 0x08], "and the wrap back to OUT_X")
        #expect(try bus.writeRead(address, [0xAE], count: 2) == [0x18, 0x00])
        let instants = Array(Set(world.times)).sorted()
        #expect(world.times.count == 6 && instants.count == 3)
        #expect(instants.count == 3 && instants[2] - instants[1] == .milliseconds(100))
        #expect(instants.count == 3 && instants[1] - instants[0] == .milliseconds(100))
    }

    @Test func trimsComeFromTheBoardAndTheSeed() throws {
        let entry = try #require(ChipRegistry.entry("st,lis3mdl"))
        let clock = VirtualClock()
        let options = ChipOptions([
            "hard-iron-x-ut": "12.5", "sensitivity-error-y-pct": "2", "offset-drift-ut-per-c": "0.5",
        ])
        let made = try entry.makeModel(ModelContext(clock: clock, trim: options))
        let model = try #require(made.model as? LIS3MDLModel)
        #expect(
            model.trims
                == LIS3MDLTrims(hardIronUT: [12.5, 0, 0], sensitivityError: [0, 0.02, 0], offsetDriftUTPerC: 0.5))
        let bus = SimI2CBus(clock: clock)
        bus.attach(try #require(made.i2c), at: address)
        let sensor = LIS3MDL(registers: I2CRegisters(bus: bus, address: address), clock: clock)
        model.setPhysical(.magUT, [20, 50, 0])
        model.setPhysical(.temperatureC, [35])  // 10 °C above 25: +5 µT of drift on every axis
        let field = try #require(try sensor.read().values[.magUT])
        let lsb = 100 / 6842.0
        #expect(abs(field[0] - 37.5) <= lsb / 2)
        #expect(abs(field[1] - 55 * 1.02) <= lsb / 2)
        #expect(abs(field[2] - 5) <= lsb / 2)

        var seen: Set<[Double]> = []
        for seed: UInt64 in 1...6 {
            let part = try #require(try entry.makeModel(ModelContext(clock: clock, seed: seed)).model as? LIS3MDLModel)
            #expect(part.trims.hardIronUT.allSatisfy { abs($0) <= 100 })
            #expect(part.trims.sensitivityError.allSatisfy { abs($0) <= 0.01 })
            seen.insert(part.trims.hardIronUT)
        }
        #expect(seen.count == 6)
        #expect(throws: ChipOptionError.self) {
            _ = try entry.makeModel(ModelContext(clock: clock, trim: ChipOptions(["hard-iron-z-ut": "big"])))
        }
    }

    @Test func noiseIsTheDatasheetsRMSAndSeeded() throws {
        func samples(seed: UInt64) throws -> [SensorComponents<Int64>] {
            let (model, bus, clock) = rig()
            model.noise = true
            model.noiseSeed = seed
            let sensor = LIS3MDL(registers: I2CRegisters(bus: bus, address: address), clock: clock)
            return try (0..<200).map { _ in try sensor.read().raw["mag"] ?? [] }
        }
        let first = try samples(seed: 5)
        #expect(try samples(seed: 5) == first)
        // 3.2 mgauss RMS on X is 21.9 LSB at 6842 LSB/gauss; 4.1 mgauss on Z is 28.1 LSB.
        for (axis, rms) in [(0, 21.9), (2, 28.1)] {
            let values = first.map { Double($0[axis]) }
            let mean = values.reduce(0, +) / Double(values.count)
            let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
            #expect(sd > rms * 0.8 && sd < rms * 1.2, "axis \(axis): \(sd) LSB")
        }
    }
}

/// A field that ramps 10 µT per 100 ms on X and a temperature that rises 1 °C per 100 ms from 25 °C.
final class FieldRamp: Stimulus {
    private(set) var times: [MonotonicInstant] = []

    func value(_ quantity: Quantity, at time: MonotonicInstant) -> SensorComponents<Double>? {
        times.append(time)
        let steps = Double(time.nanoseconds) / 100_000_000
        return quantity == .magUT ? [10 * steps, 0, 0] : [25 + steps]
    }
}
