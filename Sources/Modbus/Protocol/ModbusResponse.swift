// SensorGate — Modbus: response PDUs, including exception responses.

/// A response PDU (§6), or an exception response (§7: the function code with bit 7 set, then the code).
public enum ModbusResponse: Sendable, Hashable {
    /// 0x01 / 0x02: bits, packed LSB first; `bits` holds whole bytes' worth (padding bits false).
    case bits(ModbusFunction, [Bool])
    /// 0x03 / 0x04 / 0x17: register values.
    case registers(ModbusFunction, [UInt16])
    /// 0x05: the echo of the request.
    case wroteSingleCoil(address: UInt16, on: Bool)
    /// 0x06: the echo of the request.
    case wroteSingleRegister(address: UInt16, value: UInt16)
    /// 0x0F / 0x10: the start address and quantity written.
    case wroteMultiple(ModbusFunction, address: UInt16, count: UInt16)
    /// An exception response to `function` (the raw code, which may be one we do not serve).
    case exception(function: UInt8, code: ModbusExceptionCode)

    /// The PDU bytes.
    public func encoded() -> [UInt8] {
        switch self {
        case .bits(let function, let bits):
            let packed = ModbusBits.pack(bits)
            return [function.rawValue, UInt8(truncatingIfNeeded: packed.count)] + packed
        case .registers(let function, let values):
            var out: [UInt8] = [function.rawValue, UInt8(truncatingIfNeeded: values.count * 2)]
            for value in values { out.appendWord(value) }
            return out
        case .wroteSingleCoil(let address, let on):
            var out: [UInt8] = [ModbusFunction.writeSingleCoil.rawValue]
            out.appendWord(address)
            out.appendWord(on ? 0xFF00 : 0)
            return out
        case .wroteSingleRegister(let address, let value):
            var out: [UInt8] = [ModbusFunction.writeSingleRegister.rawValue]
            out.appendWord(address)
            out.appendWord(value)
            return out
        case .wroteMultiple(let function, let address, let count):
            var out: [UInt8] = [function.rawValue]
            out.appendWord(address)
            out.appendWord(count)
            return out
        case .exception(let function, let code):
            return [function | 0x80, code.rawValue]
        }
    }

    /// Decodes a response PDU as a client does, for the request it answers.
    /// - Parameters:
    ///   - pdu: function code and data.
    ///   - request: the request sent (it says how many bits or registers to expect).
    /// - Returns: the response; an exception response is a value, not an error.
    /// - Throws: `ModbusFrameError.malformed` when the bytes do not fit the request.
    public static func decode(_ pdu: some Collection<UInt8>, for request: ModbusRequest) throws(ModbusFrameError)
        -> ModbusResponse
    {
        let bytes = Array(pdu)
        guard let code = bytes.first else { throw .malformed("empty response PDU") }
        let function = request.function
        if code == function.rawValue | 0x80 {
            guard bytes.count == 2, let exception = ModbusExceptionCode(rawValue: bytes[1]) else {
                throw .malformed("exception response of \(bytes.count) bytes or unknown code")
            }
            return .exception(function: function.rawValue, code: exception)
        }
        guard code == function.rawValue else {
            throw .malformed("response function \(code) to a request of function \(function.rawValue)")
        }
        switch request {
        case .readCoils(_, let count), .readDiscreteInputs(_, let count):
            let byteCount = (Int(count) + 7) / 8
            guard bytes.count == 2 + byteCount, Int(bytes[1]) == byteCount else {
                throw .malformed("bit response of \(bytes.count) bytes for \(count) bits")
            }
            return .bits(function, ModbusBits.unpack(bytes[2...], count: Int(count)))
        case .readHoldingRegisters(_, let count), .readInputRegisters(_, let count),
            .readWriteMultipleRegisters(_, let count, _, _):
            guard bytes.count == 2 + Int(count) * 2, Int(bytes[1]) == Int(count) * 2 else {
                throw .malformed("register response of \(bytes.count) bytes for \(count) registers")
            }
            var reader = ModbusReader(bytes, from: 2)
            guard let values = try? reader.words(Int(count)) else { throw .malformed("short register response") }
            return .registers(function, values)
        case .writeSingleCoil, .writeSingleRegister:
            guard bytes == request.encoded() else { throw .malformed("write response is not the request's echo") }
            var reader = ModbusReader(bytes, from: 1)
            guard let address = try? reader.word(), let value = try? reader.word() else {
                throw .malformed("short write response")
            }
            if case .writeSingleCoil = request { return .wroteSingleCoil(address: address, on: value == 0xFF00) }
            return .wroteSingleRegister(address: address, value: value)
        case .writeMultipleCoils(let address, _), .writeMultipleRegisters(let address, _):
            var reader = ModbusReader(bytes, from: 1)
            guard bytes.count == 5, let echoed = try? reader.word(), let count = try? reader.word(), echoed == address
            else { throw .malformed("multiple-write response does not echo the address") }
            return .wroteMultiple(function, address: address, count: count)
        }
    }
}
