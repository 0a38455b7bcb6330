// SensorGate — tests of the scripted I2C bus and SPI device.

import HAL
import HALSim
import Testing

@Suite struct ScriptedBusTests {
    let bmp = I2CAddress(0x76)

    @Test func aMatchingScriptPassesAndAnswersReads() throws {
        let bus = ScriptedI2CBus([
            .writeRead(address: bmp, write: [0xD0], read: [0x58]),
            .write(address: bmp, bytes: [0xF4, 0x27]),
            .read(address: I2CAddress(0x77), bytes: [0x01, 0x02]),
            .transaction(address: bmp, [.write([0xF7]), .read([0x50, 0x7E]), .write([0xE0, 0xB6])]),
        ])
        #expect(try bus.writeRead(bmp, [0xD0], count: 1) == [0x58])
        try bus.write(bmp, [0xF4, 0x27])
        #expect(try bus.read(I2CAddress(0x77), count: 2) == [0x01, 0x02])
        var operations = [I2COperation.write([0xF7]), .read(count: 2), .write([0xE0, 0xB6])]
        try bus.transaction(bmp, &operations)
        #expect(operations[1].bytes == [0x50, 0x7E])
        try bus.finish()
        #expect(bus.failures.isEmpty)
    }

    @Test func aMismatchIsRecordedAndThrownWithExpectedAndGotInHex() throws {
        let bus = ScriptedI2CBus([.writeRead(address: bmp, write: [0xD0], read: [0x58])])
        let error = #expect(throws: HALError.self) { try bus.writeRead(bmp, [0xD1], count: 1) }
        #expect(error?.kind == .other)
        let message = "transaction 0: expected 0x76 write [0xd0], read 1; got 0x76 write [0xd1], read 1"
        #expect(bus.failures == [message])
        #expect(error?.hint == message)
        #expect(throws: ScriptFailure.self) { try bus.finish() }
    }

    @Test func unconsumedExpectationsAreReportedByFinish() throws {
        let bus = ScriptedI2CBus([
            .writeRead(address: bmp, write: [0xD0], read: [0x58]),
            .read(address: I2CAddress(0x77), bytes: [0x00, 0x00]),
        ])
        _ = try bus.writeRead(bmp, [0xD0], count: 1)
        #expect(bus.failures.isEmpty)
        #expect(bus.remaining == 1)
        let failure = #expect(throws: ScriptFailure.self) { try bus.finish() }
        #expect(failure?.failures == ["1 expectation(s) not consumed: 0x77 read 2"])
        #expect(bus.failures == ["1 expectation(s) not consumed: 0x77 read 2"])
    }

    @Test func transactionsBeyondTheScriptFail() throws {
        let bus = ScriptedI2CBus([])
        let error = #expect(throws: HALError.self) { try bus.write(bmp, [0x01]) }
        #expect(error?.kind == .other)
        #expect(bus.failures == ["transaction 0: got 0x76 write [0x01], but the script has no more expectations"])
    }

    @Test func scriptedNacksAndErrorsAreThrownWithTheirKind() throws {
        let bus = ScriptedI2CBus([.nack(address: I2CAddress(0x40)), .error(.timeout, address: bmp)])
        let nack = #expect(throws: HALError.self) { try bus.read(I2CAddress(0x40), count: 1) }
        #expect(nack?.kind == .noAcknowledge(.address))
        let timeout = #expect(throws: HALError.self) { try bus.writeRead(bmp, [0xF7], count: 3) }
        #expect(timeout?.kind == .timeout)
        try bus.finish()
    }

    @Test func scriptedSPIDeviceChecksSegments() throws {
        let device = ScriptedSPIDevice([
            .writeThenRead(write: [0xD0], read: [0x58]),
            .transfer(write: [0xF7, 0x00, 0x00], read: [0x00, 0x50, 0x7E]),
            .write([0x74, 0x27]),
        ])
        #expect(try device.writeThenRead([0xD0], count: 1) == [0x58])
        #expect(try device.transfer([0xF7, 0x00, 0x00]) == [0x00, 0x50, 0x7E])
        let error = #expect(throws: HALError.self) { try device.write([0x74, 0x28]) }
        #expect(error?.kind == .other)
        #expect(device.failures == ["transaction 2: expected write [0x74 0x27], read 0; got write [0x74 0x28], read 0"])
    }

    @Test func scriptedSPIDeviceReportsUnconsumedExpectations() throws {
        let device = ScriptedSPIDevice([.write([0x74, 0x27]), .error(.bus)])
        try device.write([0x74, 0x27])
        let failure = #expect(throws: ScriptFailure.self) { try device.finish() }
        #expect(failure?.failures == ["1 expectation(s) not consumed: any transaction, answered with bus error"])
    }
}
