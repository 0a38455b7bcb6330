// SensorGate — Modbus: request PDUs (function code + data), encoded and decoded byte-exact.

/// A request PDU: a function code and its fields (§6). Quantities are checked against the
/// specification's limits when decoding; encoding writes what it is given.
public enum ModbusRequest: Sendable, Hashable {
    /// 0x01: `count` coils from `address` (1 … 2000).
    case readCoils(address: UInt16, count: UInt16)
    /// 0x02: `count` discrete inputs from `address` (1 … 2000).
    case readDiscreteInputs(address: UInt16, count: UInt16)
    /// 0x03: `count` holding registers from `address` (1 … 125).
    case readHoldingRegisters(address: UInt16, count: UInt16)
    /// 0x04: `count` input registers from `address` (1 … 125).
    case readInputRegisters(address: UInt16, count: UInt16)
    /// 0x05: one coil on or off (0xFF00 / 0x0000 on the wire).
    case writeSingleCoil(address: UInt16, on: Bool)
    /// 0x06: one holding register.
    case writeSingleRegister(address: UInt16, value: UInt16)
    /// 0x0F: coils from `address` (1 … 1968).
    case writeMultipleCoils(address: UInt16, values: [Bool])
    /// 0x10: holding registers from `address` (1 … 123).
    case writeMultipleRegisters(address: UInt16, values: [UInt16])
    /// 0x17: write first (1 … 121 registers), then read (1 … 125 registers).
    case readWriteMultipleRegisters(readAddress: UInt16, readCount: UInt16, writeAddress: UInt16, values: [UInt16])

    /// The function code.
    public var function: ModbusFunction {
        switch self {
        case .readCoils: .readCoils
        case .readDiscreteInputs: .readDiscreteInputs
        case .readHoldingRegisters: .readHoldingRegisters
        case .readInputRegisters: .readInputRegisters
        case .writeSingleCoil: .writeSingleCoil
        case .writeSingleRegister: .writeSingleRegister
        case .writeMultipleCoils: .writeMultipleCoils
        case .writeMultipleRegisters: .writeMultipleRegisters
        case .readWriteMultipleRegisters: .readWriteMultipleRegisters
        }
    }

    /// The PDU bytes: function code, then the fields big-endian.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = [function.rawValue]
        switch self {
        case .readCoils(let address, let count), .readDiscreteInputs(let address, let count),
            .readHoldingRegisters(let address, let count), .readInputRegisters(let address, let count):
            out.appendWord(address)
            out.appendWord(count)
        case .writeSingleCoil(let address, let on):
            out.appendWord(address)
            out.appendWord(on ? 0xFF00 : 0x0000)
        case .writeSingleRegister(let address, let value):
            out.appendWord(address)
            out.appendWord(value)
        case .writeMultipleCoils(let address, let values):
            out.appendWord(address)
            out.appendWord(UInt16(truncatingIfNeeded: values.count))
            let packed = ModbusBits.pack(values)
            out.append(UInt8(truncatingIfNeeded: packed.count))
            out += packed
        case .writeMultipleRegisters(let address, let values):
            out.appendWord(address)
            out.appendWord(UInt16(truncatingIfNeeded: values.count))
            out.append(UInt8(truncatingIfNeeded: values.count * 2))
            for value in values { out.appendWord(value) }
        case .readWriteMultipleRegisters(let readAddress, let readCount, let writeAddress, let values):
            out.appendWord(readAddress)
            out.appendWord(readCount)
            out.appendWord(writeAddress)
            out.appendWord(UInt16(truncatingIfNeeded: values.count))
            out.append(UInt8(truncatingIfNeeded: values.count * 2))
            for value in values { out.appendWord(value) }
        }
        return out
    }

    /// Decodes a request PDU as a server does.
    /// - Parameter pdu: function code and data.
    /// - Returns: the request.
    /// - Throws: the exception the server answers with: `illegalFunction` for a code not in
    ///   ``ModbusFunction``, `illegalDataValue` for a wrong length, byte count, quantity or coil value.
    public static func decode(_ pdu: some Collection<UInt8>) throws(ModbusExceptionCode) -> ModbusRequest {
        let bytes = Array(pdu)
        guard let code = bytes.first, let function = ModbusFunction(rawValue: code) else {
            throw .illegalFunction
        }
        var reader = ModbusReader(bytes, from: 1)
        switch function {
        case .readCoils, .readDiscreteInputs, .readHoldingRegisters, .readInputRegisters:
            guard bytes.count == 5 else { throw .illegalDataValue }
            let address = try reader.word()
            let count = try reader.word()
            let limit: UInt16 = function == .readCoils || function == .readDiscreteInputs ? 2000 : 125
            guard (1...limit).contains(count) else { throw .illegalDataValue }
            switch function {
            case .readCoils: return .readCoils(address: address, count: count)
            case .readDiscreteInputs: return .readDiscreteInputs(address: address, count: count)
            case .readHoldingRegisters: return .readHoldingRegisters(address: address, count: count)
            default: return .readInputRegisters(address: address, count: count)
            }
        case .writeSingleCoil:
            guard bytes.count == 5 else { throw .illegalDataValue }
            let address = try reader.word()
            switch try reader.word() {
            case 0xFF00: return .writeSingleCoil(address: address, on: true)
            case 0x0000: return .writeSingleCoil(address: address, on: false)
            default: throw .illegalDataValue
            }
        case .writeSingleRegister:
            guard bytes.count == 5 else { throw .illegalDataValue }
            return .writeSingleRegister(address: try reader.word(), value: try reader.word())
        case .writeMultipleCoils:
            let address = try reader.word()
            let count = try reader.word()
            let byteCount = Int(try reader.byte())
            guard (1...1968).contains(count), byteCount == (Int(count) + 7) / 8, bytes.count == 6 + byteCount else {
                throw .illegalDataValue
            }
            let bits = ModbusBits.unpack(bytes[6...], count: Int(count))
            return .writeMultipleCoils(address: address, values: bits)
        case .writeMultipleRegisters:
            let address = try reader.word()
            let count = try reader.word()
            let byteCount = Int(try reader.byte())
            guard (1...123).contains(count), byteCount == Int(count) * 2, bytes.count == 6 + byteCount else {
                throw .illegalDataValue
            }
            return .writeMultipleRegisters(address: address, values: try reader.words(Int(count)))
        case .readWriteMultipleRegisters:
            let readAddress = try reader.word()
            let readCount = try reader.word()
            let writeAddress = try reader.word()
            let writeCount = try reader.word()
            let byteCount = Int(try reader.byte())
            guard (1...125).contains(readCount), (1...121).contains(writeCount), byteCount == Int(writeCount) * 2,
                bytes.count == 10 + byteCount
            else { throw .illegalDataValue }
            return .readWriteMultipleRegisters(
                readAddress: readAddress, readCount: readCount, writeAddress: writeAddress,
                values: try reader.words(Int(writeCount)))
        }
    }
}
