// SensorGate — tests of the simulated buses' and lines' reads into caller-owned storage.

import HAL
import HALSim
import Testing

@Suite struct CallerStorageReadTests {
    let bmp = I2CAddress(0x76)

    @Test func i2cWriteReadIntoStorageReadsWhatTheArrayCallReads() throws {
        let bus = SimI2CBus()
        let chip = RegisterFileTarget(idValue: 0x58)
        for (offset, value) in [UInt8](arrayLiteral: 0x70, 0x6B, 0x43, 0x67, 0x18, 0xFC).enumerated() {
            chip[0x88 + UInt8(offset)] = value
        }
        bus.attach(chip, at: bmp)
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: 6, alignment: 1)
        defer { storage.deallocate() }
        storage.initializeMemory(as: UInt8.self, repeating: 0xEE)
        var register: UInt8 = 0x88
        try withUnsafeBytes(of: &register) { (command) throws(HALError) in
            try bus.writeRead(bmp, command, into: storage)
        }
        #expect(Array(storage) == [0x70, 0x6B, 0x43, 0x67, 0x18, 0xFC])
        // A shorter read after a longer one reuses the bus's messages and reads exactly as many bytes.
        var one: UInt8 = 0
        var id: UInt8 = 0xD0
        try withUnsafeBytes(of: &id) { (command) throws(HALError) in
            try withUnsafeMutableBytes(of: &one) { (buffer) throws(HALError) in
                try bus.writeRead(bmp, command, into: buffer)
            }
        }
        #expect(one == 0x58)
        #expect(bus.transactionCount == 2)
        #expect(chip.stopCount == 2)
    }

    @Test func i2cWriteReadIntoStorageRefusesAnEmptyReadBeforeTheBus() throws {
        let bus = SimI2CBus()
        bus.attach(RegisterFileTarget(), at: bmp)
        var register: UInt8 = 0x88
        let error = #expect(throws: HALError.self) {
            try withUnsafeBytes(of: &register) { (command) throws(HALError) in
                try bus.writeRead(bmp, command, into: UnsafeMutableRawBufferPointer(start: nil, count: 0))
            }
        }
        #expect(error?.kind == .invalidArgument)
        #expect(bus.transactionCount == 0)
    }

    @Test func i2cWriteReadIntoStorageReportsAnAbsentChipAsTheTransactionDoes() {
        let bus = SimI2CBus()
        var byte: UInt8 = 0
        var register: UInt8 = 0xD0
        let error = #expect(throws: HALError.self) {
            try withUnsafeBytes(of: &register) { (command) throws(HALError) in
                try withUnsafeMutableBytes(of: &byte) { (buffer) throws(HALError) in
                    try bus.writeRead(I2CAddress(0x44), command, into: buffer)
                }
            }
        }
        #expect(error?.kind == .noAcknowledge(.address))
    }

    @Test func spiWriteThenReadIntoStorageHoldsChipSelectAcrossCommandAndData() throws {
        let bus = SimSPIBus()
        let chip = RegisterFileTarget(idRegister: 0x0F, idValue: 0x6C)
        chip[0x10] = 0xAB
        chip[0x11] = 0xCD
        bus.attach(chip, chipSelect: 1)
        let device = bus.device(chipSelect: 1)
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: 2, alignment: 1)
        defer { storage.deallocate() }
        var command: UInt8 = 0x90  // read bit 7 + register 0x10
        try withUnsafeBytes(of: &command) { (bytes) throws(HALError) in try device.writeThenRead(bytes, into: storage) }
        #expect(Array(storage) == [0xAB, 0xCD])
        #expect(chip.selectCount == 1)
    }

    @Test func spiWriteThenReadIntoStorageRefusesAnEmptyCommand() {
        let bus = SimSPIBus()
        bus.attach(RegisterFileTarget(), chipSelect: 0)
        var byte: UInt8 = 0
        let error = #expect(throws: HALError.self) {
            try withUnsafeMutableBytes(of: &byte) { (buffer) throws(HALError) in
                try bus.device(chipSelect: 0).writeThenRead(UnsafeRawBufferPointer(start: nil, count: 0), into: buffer)
            }
        }
        #expect(error?.kind == .invalidArgument)
    }

    @Test func readEventsIntoStorageAppendsAndEmptiesTheQueue() throws {
        let clock = VirtualClock()
        let chip = SimGPIOChip(lineNames: ["DRDY"], clock: clock)
        let line = try chip.requestInput("DRDY", settings: GPIOLineSettings(edges: .rising))
        clock.advance(by: .milliseconds(1))
        line.drive(true)
        var events: [GPIOEdgeEvent] = []
        try line.readEvents(into: &events)
        #expect(
            events == [
                GPIOEdgeEvent(
                    edge: .rising, timestamp: MonotonicInstant(nanoseconds: 1_000_000), lineOffset: 0, sequence: 1)
            ])
        try line.readEvents(into: &events)
        #expect(events.count == 1, "nothing new pending: nothing appended")
    }

    @Test func i2cWriteFromAndReadIntoStorageCarryWhatTheArrayCallsCarry() throws {
        // A register write (pointer 0xF4, two values) from the stack, then a plain read of the values
        // back after pointing at them again: the same messages as write(_:_:) and read(_:count:).
        let bus = SimI2CBus()
        let chip = RegisterFileTarget(idValue: 0x58)
        bus.attach(chip, at: bmp)
        let command: (UInt8, UInt8, UInt8) = (0xF4, 0x27, 0xA0)
        try withUnsafeBytes(of: command) { (bytes) throws(HALError) in try bus.write(bmp, from: bytes) }
        #expect(chip[0xF4] == 0x27 && chip[0xF5] == 0xA0)
        let pointer: UInt8 = 0xF4
        try withUnsafeBytes(of: pointer) { (bytes) throws(HALError) in try bus.write(bmp, from: bytes) }
        var values: (UInt8, UInt8) = (0xEE, 0xEE)
        try withUnsafeMutableBytes(of: &values) { (buffer) throws(HALError) in try bus.read(bmp, into: buffer) }
        #expect(values == (0x27, 0xA0))
        #expect(try bus.writeRead(bmp, [0xF4], count: 2) == [0x27, 0xA0])
        #expect(bus.transactionCount == 4)
        #expect(chip.stopCount == 4)
        // An absent chip fails as the transaction does.
        let error = #expect(throws: HALError.self) {
            try withUnsafeMutableBytes(of: &values) { (buffer) throws(HALError) in
                try bus.read(I2CAddress(0x44), into: buffer)
            }
        }
        #expect(error?.kind == .noAcknowledge(.address))
    }

    @Test func theDefaultWriteFromAndReadIntoStorageGoThroughTheTransaction() throws {
        // A bus that implements only the transaction (a scripted one) gets the same traffic.
        let bus = ScriptedI2CBus([
            .write(address: bmp, bytes: [0x24, 0x00]),
            .read(address: bmp, bytes: [0x66, 0x4B, 0xA2]),
        ])
        let command: (UInt8, UInt8) = (0x24, 0x00)
        try withUnsafeBytes(of: command) { (bytes) throws(HALError) in try bus.write(bmp, from: bytes) }
        var word: (UInt8, UInt8, UInt8) = (0, 0, 0)
        try withUnsafeMutableBytes(of: &word) { (buffer) throws(HALError) in try bus.read(bmp, into: buffer) }
        #expect(word == (0x66, 0x4B, 0xA2))
        try bus.finish()
        #expect(bus.failures.isEmpty, "\(bus.failures)")
    }

    @Test func spiWriteFromStorageIsOneChipSelectFrame() throws {
        let bus = SimSPIBus()
        let chip = RegisterFileTarget(idRegister: 0x0F, idValue: 0x6C)
        bus.attach(chip, chipSelect: 1)
        let device = bus.device(chipSelect: 1)
        let write: (UInt8, UInt8) = (0x10, 0x5A)  // write bit clear + register 0x10, then the value
        try withUnsafeBytes(of: write) { (bytes) throws(HALError) in try device.write(from: bytes) }
        #expect(chip[0x10] == 0x5A)
        #expect(chip.selectCount == 1)
        #expect(try device.writeThenRead([0x90], count: 1) == [0x5A])
    }

    @Test func registerBytesRefusesMoreThanItsCapacity() {
        var block = RegisterBytes()
        let error = #expect(throws: HALError.self) {
            try block.withUnsafeMutableBytes(count: 33) { (_) throws(HALError) in }
        }
        #expect(error?.kind == .invalidArgument)
        #expect(block.isEmpty)
    }
}
