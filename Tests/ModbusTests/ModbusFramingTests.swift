// SensorGate — ModbusTests: MBAP framing, RTU framing and CRC-16/MODBUS with exact bytes.

import Modbus
import Testing

@Suite struct ModbusFramingTests {
    @Test func crcOfTheSerialLineSpecificationExample() {
        // Modbus over Serial Line V1.02, §6.2.2: the CRC of 02 07 is 0x1241, sent 41 then 12.
        #expect(CRC16Modbus.checksum([0x02, 0x07]) == 0x1241)
        #expect(RTUFrame(address: 0x02, pdu: [0x07]).encoded() == [0x02, 0x07, 0x41, 0x12])
    }

    @Test func rtuFramesOfWellKnownRequests() throws {
        // read 10 holding registers from 0 of device 1; read 3 from 0x6B of device 0x11 (the application
        // protocol's example in RTU framing)
        #expect(
            RTUFrame(address: 1, pdu: [0x03, 0x00, 0x00, 0x00, 0x0A]).encoded()
                == [0x01, 0x03, 0x00, 0x00, 0x00, 0x0A, 0xC5, 0xCD])
        let frame: [UInt8] = [0x11, 0x03, 0x00, 0x6B, 0x00, 0x03, 0x76, 0x87]
        #expect(try RTUFrame.decode(frame) == RTUFrame(address: 0x11, pdu: [0x03, 0x00, 0x6B, 0x00, 0x03]))
    }

    @Test func rtuFramesWithWrongCRCOrLengthAreRefused() {
        #expect(throws: ModbusFrameError.badCRC(expected: 0x8776, received: 0x8777)) {
            try RTUFrame.decode([0x11, 0x03, 0x00, 0x6B, 0x00, 0x03, 0x77, 0x87])
        }
        #expect(throws: ModbusFrameError.self) { try RTUFrame.decode([0x11, 0x03, 0x00]) }
        #expect(throws: ModbusFrameError.self) { try RTUFrame.decode([UInt8](repeating: 0, count: 257)) }
    }

    @Test func rtuResponseLengthFromItsFirstBytes() {
        #expect(RTUFrame.expectedResponseLength([0x11]) == nil)
        #expect(RTUFrame.expectedResponseLength([0x11, 0x03]) == nil)
        #expect(RTUFrame.expectedResponseLength([0x11, 0x03, 0x06]) == 11)
        #expect(RTUFrame.expectedResponseLength([0x11, 0x83]) == 5)
        #expect(RTUFrame.expectedResponseLength([0x11, 0x10]) == 8)
    }

    @Test func mbapFrameBytes() throws {
        let frame = MBAPFrame(header: MBAPHeader(transaction: 0x1501, unit: 0xFF), pdu: [0x03, 0x00, 0x6B, 0x00, 0x03])
        let bytes: [UInt8] = [0x15, 0x01, 0x00, 0x00, 0x00, 0x06, 0xFF, 0x03, 0x00, 0x6B, 0x00, 0x03]
        #expect(frame.encoded() == bytes)
        let decoded = try MBAPFrame.decode(bytes)
        #expect(decoded?.frame == frame)
        #expect(decoded?.consumed == 12)
    }

    @Test func mbapFramesArriveInPiecesAndBackToBack() throws {
        let first = MBAPFrame(header: MBAPHeader(transaction: 1, unit: 1), pdu: [0x04, 0, 0, 0, 2]).encoded()
        let second = MBAPFrame(header: MBAPHeader(transaction: 2, unit: 1), pdu: [0x02, 0, 0, 0, 9]).encoded()
        let stream = first + second
        for cut in 0..<first.count { #expect(try MBAPFrame.decode(stream[0..<cut]) == nil) }
        let one = try #require(try MBAPFrame.decode(stream))
        #expect(one.frame.header.transaction == 1)
        let two = try #require(try MBAPFrame.decode(stream[one.consumed...]))
        #expect(two.frame.header.transaction == 2)
        #expect(two.frame.pdu == [0x02, 0, 0, 0, 9])
    }

    @Test func mbapFramesThatCannotBeResynchronisedThrow() {
        // protocol identifier 1
        #expect(throws: ModbusFrameError.self) { try MBAPFrame.decode([0, 1, 0, 1, 0, 6, 1, 4, 0, 0, 0, 1]) }
        // length 1 (no function code) and 300
        #expect(throws: ModbusFrameError.self) { try MBAPFrame.decode([0, 1, 0, 0, 0, 1, 1]) }
        #expect(throws: ModbusFrameError.self) { try MBAPFrame.decode([0, 1, 0, 0, 0x01, 0x2C, 1]) }
    }
}
