// SensorGate — ModbusTests: PDUs byte for byte, from the examples of the MODBUS Application Protocol
// Specification V1.1b3 (§6.1 … §6.17, §7).

import Modbus
import Testing

@Suite struct ModbusPDUTests {
    /// (request, request bytes, response, response bytes) from the specification's examples.
    static let examples: [(ModbusRequest, [UInt8], ModbusResponse, [UInt8])] = [
        (
            .readCoils(address: 0x13, count: 19), [0x01, 0x00, 0x13, 0x00, 0x13],
            .bits(.readCoils, ModbusBits.unpack([0xCD, 0x6B, 0x05], count: 19)), [0x01, 0x03, 0xCD, 0x6B, 0x05]
        ),
        (
            .readDiscreteInputs(address: 0xC4, count: 22), [0x02, 0x00, 0xC4, 0x00, 0x16],
            .bits(.readDiscreteInputs, ModbusBits.unpack([0xAC, 0xDB, 0x35], count: 22)),
            [0x02, 0x03, 0xAC, 0xDB, 0x35]
        ),
        (
            .readHoldingRegisters(address: 0x6B, count: 3), [0x03, 0x00, 0x6B, 0x00, 0x03],
            .registers(.readHoldingRegisters, [0x022B, 0x0000, 0x0064]),
            [0x03, 0x06, 0x02, 0x2B, 0x00, 0x00, 0x00, 0x64]
        ),
        (
            .readInputRegisters(address: 0x08, count: 1), [0x04, 0x00, 0x08, 0x00, 0x01],
            .registers(.readInputRegisters, [0x000A]), [0x04, 0x02, 0x00, 0x0A]
        ),
        (
            .writeSingleCoil(address: 0xAC, on: true), [0x05, 0x00, 0xAC, 0xFF, 0x00],
            .wroteSingleCoil(address: 0xAC, on: true), [0x05, 0x00, 0xAC, 0xFF, 0x00]
        ),
        (
            .writeSingleRegister(address: 0x01, value: 0x0003), [0x06, 0x00, 0x01, 0x00, 0x03],
            .wroteSingleRegister(address: 0x01, value: 0x0003), [0x06, 0x00, 0x01, 0x00, 0x03]
        ),
        (
            .writeMultipleCoils(
                address: 0x13, values: [true, false, true, true, false, false, true, true, true, false]),
            [0x0F, 0x00, 0x13, 0x00, 0x0A, 0x02, 0xCD, 0x01],
            .wroteMultiple(.writeMultipleCoils, address: 0x13, count: 10), [0x0F, 0x00, 0x13, 0x00, 0x0A]
        ),
        (
            .writeMultipleRegisters(address: 0x01, values: [0x000A, 0x0102]),
            [0x10, 0x00, 0x01, 0x00, 0x02, 0x04, 0x00, 0x0A, 0x01, 0x02],
            .wroteMultiple(.writeMultipleRegisters, address: 0x01, count: 2), [0x10, 0x00, 0x01, 0x00, 0x02]
        ),
        (
            .readWriteMultipleRegisters(
                readAddress: 0x03, readCount: 6, writeAddress: 0x0E, values: [0xFF, 0xFF, 0xFF]),
            [0x17, 0x00, 0x03, 0x00, 0x06, 0x00, 0x0E, 0x00, 0x03, 0x06, 0x00, 0xFF, 0x00, 0xFF, 0x00, 0xFF],
            .registers(.readWriteMultipleRegisters, [0x00FE, 0x0ACD, 0x0001, 0x0003, 0x000D, 0x00FF]),
            [0x17, 0x0C, 0x00, 0xFE, 0x0A, 0xCD, 0x00, 0x01, 0x00, 0x03, 0x00, 0x0D, 0x00, 0xFF]
        ),
    ]

    @Test func specificationExamplesEncodeAndDecodeByteForByte() throws {
        for (request, requestBytes, response, responseBytes) in Self.examples {
            #expect(request.encoded() == requestBytes, "\(request)")
            #expect(try ModbusRequest.decode(requestBytes) == request)
            #expect(response.encoded() == responseBytes, "\(response)")
            #expect(try ModbusResponse.decode(responseBytes, for: request) == response)
        }
    }

    @Test func coilBitsOfTheSpecificationExample() {
        // §6.1: coils 27…20 = CD (1100 1101), so coil 20 (bit 0) is on, 21 off, 22 and 23 on.
        let bits = ModbusBits.unpack([0xCD, 0x6B, 0x05], count: 19)
        #expect(Array(bits[0..<8]) == [true, false, true, true, false, false, true, true])
        #expect(ModbusBits.pack(bits) == [0xCD, 0x6B, 0x05])
    }

    @Test func exceptionResponses() throws {
        #expect(ModbusResponse.exception(function: 0x01, code: .illegalDataAddress).encoded() == [0x81, 0x02])
        let request = ModbusRequest.readInputRegisters(address: 0, count: 1)
        #expect(
            try ModbusResponse.decode([0x84, 0x03], for: request) == .exception(function: 4, code: .illegalDataValue))
        #expect(throws: ModbusFrameError.self) { try ModbusResponse.decode([0x84, 0x03, 0x00], for: request) }
    }

    @Test func requestsTheServerMustRefuse() {
        #expect(throws: ModbusExceptionCode.illegalFunction) { try ModbusRequest.decode([0x2B, 0x0E, 0x01, 0x00]) }
        #expect(throws: ModbusExceptionCode.illegalFunction) { try ModbusRequest.decode([UInt8]()) }
        // quantities beyond the limits: 126 registers, 2001 coils, 0 of anything
        #expect(throws: ModbusExceptionCode.illegalDataValue) { try ModbusRequest.decode([0x04, 0, 0, 0, 126]) }
        #expect(throws: ModbusExceptionCode.illegalDataValue) { try ModbusRequest.decode([0x01, 0, 0, 0x07, 0xD1]) }
        #expect(throws: ModbusExceptionCode.illegalDataValue) { try ModbusRequest.decode([0x03, 0, 0, 0, 0]) }
        // a coil value other than FF00 / 0000
        #expect(throws: ModbusExceptionCode.illegalDataValue) { try ModbusRequest.decode([0x05, 0, 1, 0x12, 0x34]) }
        // byte count that does not match the quantity, and a short PDU
        #expect(throws: ModbusExceptionCode.illegalDataValue) {
            try ModbusRequest.decode([0x10, 0, 1, 0, 2, 0x03, 0, 0x0A, 0x01])
        }
        #expect(throws: ModbusExceptionCode.illegalDataValue) { try ModbusRequest.decode([0x03, 0, 0x6B]) }
    }
}
