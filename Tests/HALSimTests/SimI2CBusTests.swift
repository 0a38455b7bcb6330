// SensorGate — tests of the simulated I2C bus: routing, NACKs, stretching, wire time, SMBus shapes.

import HAL
import HALSim
import Testing

@Suite struct SimI2CBusTests {
    let bmp = I2CAddress(0x76)
    let bme = I2CAddress(0x77)

    @Test func routesByAddressAndNacksAnAbsentAddress() throws {
        let bus = SimI2CBus()
        bus.attach(RegisterFileTarget(idValue: 0x58), at: bmp)
        bus.attach(RegisterFileTarget(idValue: 0x60), at: bme)
        #expect(try bus.writeRead(bmp, [0xD0], count: 1) == [0x58])
        #expect(try bus.writeRead(bme, [0xD0], count: 1) == [0x60])

        let error = #expect(throws: HALError.self) { try bus.read(I2CAddress(0x44), count: 1) }
        #expect(error?.kind == .noAcknowledge(.address))
        #expect(
            error?.description
                == "sim:i2c0: transaction with 0x44: no acknowledge of address: "
                + "no chip model attached at 0x44 (attached: 0x76 0x77)")
        #expect(bus.transactionCount == 3)

        bus.detach(at: bme)
        #expect(throws: HALError.self) { try bus.read(bme, count: 1) }
    }

    @Test func registerReadsAndWritesAutoIncrement() throws {
        let bus = SimI2CBus()
        let chip = RegisterFileTarget()
        for (offset, value) in [UInt8](arrayLiteral: 0x70, 0x6B, 0x43, 0x67, 0x18, 0xFC, 0x7D).enumerated() {
            chip[0x88 + UInt8(offset)] = value
        }
        bus.attach(chip, at: bmp)
        #expect(try bus.writeRead(bmp, [0x88], count: 6) == [0x70, 0x6B, 0x43, 0x67, 0x18, 0xFC])
        #expect(try bus.read(bmp, count: 1) == [0x7D])

        try bus.write(bmp, [0xF4, 0x27, 0xA0])
        #expect(chip[0xF4] == 0x27)
        #expect(chip[0xF5] == 0xA0)
        #expect(chip.stopCount == 3)
    }

    @Test func dataNackStopsTheTransactionAndSendsStop() throws {
        let bus = SimI2CBus()
        let chip = RegisterFileTarget()
        chip.nackedRegisters = [0xF5]
        bus.attach(chip, at: bmp)
        let error = #expect(throws: HALError.self) { try bus.write(bmp, [0xF4, 0x11, 0x22]) }
        #expect(error?.kind == .noAcknowledge(.data))
        #expect(chip[0xF4] == 0x11)
        #expect(chip[0xF5] == 0x00)
        #expect(chip.stopCount == 1)
    }

    @Test func clockStretchWithinTheTimeoutAdvancesTheClock() throws {
        let clock = VirtualClock()
        let bus = SimI2CBus(clock: clock)
        bus.attach(RegisterFileTarget(clockStretchBeforeRead: .milliseconds(10)), at: bmp)
        #expect(try bus.writeRead(bmp, [0xD0], count: 1) == [0x58])
        // 10 ms stretch + 4 bytes (two address bytes, 0xD0, the ID) × 9 clocks at 400 kHz = 90 µs.
        #expect(clock.now().nanoseconds == 10_090_000)
    }

    @Test func clockStretchBeyondTheTimeoutTimesOutAfterStop() throws {
        let clock = VirtualClock()
        let bus = SimI2CBus(clock: clock, stretchTimeout: .milliseconds(25))
        let chip = RegisterFileTarget(clockStretchBeforeRead: .milliseconds(30))
        bus.attach(chip, at: bmp)
        let error = #expect(throws: HALError.self) { try bus.writeRead(bmp, [0xD0], count: 1) }
        #expect(error?.kind == .timeout)
        #expect(chip.stopCount == 1)
        // The controller gave up after 25 ms; 3 bytes were clocked (2 address bytes and 0xD0): 67.5 µs.
        #expect(clock.now().nanoseconds == 25_067_500)
    }

    @Test func wireTimeAdvancesTheClockByTheExactAmount() throws {
        let clock = VirtualClock()
        let bus = SimI2CBus(clock: clock, clockHz: 100_000)
        bus.attach(RegisterFileTarget(), at: bmp)
        _ = try bus.writeRead(bmp, [0xF7], count: 6)
        // (2 address bytes + 1 written + 6 read) × 9 clocks = 81 clocks at 100 kHz = 810 µs.
        #expect(clock.now().nanoseconds == 810_000)
        #expect(throws: HALError.self) { try bus.read(I2CAddress(0x10), count: 1) }
        // A NACKed address still clocked its 9 bits: 90 µs more.
        #expect(clock.now().nanoseconds == 900_000)
    }

    @Test func smbusOnlyBusRejectsWhatSMBusCannotExpress() throws {
        let bus = SimI2CBus(functionality: .smbus)
        bus.attach(RegisterFileTarget(), at: bmp)
        #expect(try bus.writeRead(bmp, [0xD0], count: 1) == [0x58])
        try bus.write(bmp, [0xF4, 0x27])
        try bus.write(bmp, [])

        let error = #expect(throws: HALError.self) { try bus.writeRead(bmp, [0xF4, 0x00], count: 1) }
        #expect(error?.kind == .unsupported)
        #expect(error?.hint?.contains("cannot express write of 2 then read of 1") == true)
        #expect(throws: HALError.self) { try bus.read(bmp, count: 2) }
        #expect(throws: HALError.self) { try bus.write(bmp, [UInt8](repeating: 0, count: 34)) }

        let byteOnly = SimI2CBus(functionality: [.smbusReadByteData])
        byteOnly.attach(RegisterFileTarget(), at: bmp)
        #expect(try byteOnly.writeRead(bmp, [0xD0], count: 1) == [0x58])
        #expect(throws: HALError.self) { try byteOnly.writeRead(bmp, [0xD0], count: 2) }
    }
}
