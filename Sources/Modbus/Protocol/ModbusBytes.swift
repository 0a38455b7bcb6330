// SensorGate — Modbus: big-endian words, packed bits, and a bounds-checked reader.

extension [UInt8] {
    /// Appends a 16-bit value big-endian (Modbus sends the high byte first).
    mutating func appendWord(_ value: UInt16) {
        append(UInt8(value >> 8))
        append(UInt8(value & 0xFF))
    }
}

/// Coil and discrete-input bits packed eight to a byte, the first bit in bit 0 of the first byte (§6.1).
public enum ModbusBits {
    /// Packs bits; the last byte's unused high bits are zero.
    /// - Parameter bits: the bits in address order.
    /// - Returns: ⌈count / 8⌉ bytes.
    public static func pack(_ bits: [Bool]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: (bits.count + 7) / 8)
        for (index, bit) in bits.enumerated() where bit { out[index / 8] |= 1 << UInt8(index % 8) }
        return out
    }

    /// Unpacks `count` bits.
    /// - Parameters:
    ///   - bytes: at least ⌈count / 8⌉ bytes.
    ///   - count: how many bits.
    /// - Returns: the bits in address order (false where the bytes run out).
    public static func unpack(_ bytes: some Collection<UInt8>, count: Int) -> [Bool] {
        let array = Array(bytes)
        return (0..<count).map { index in
            index / 8 < array.count && array[index / 8] & (1 << UInt8(index % 8)) != 0
        }
    }
}

/// Reads big-endian fields from a PDU; running past the end is `illegalDataValue` (a short PDU).
struct ModbusReader {
    private let bytes: [UInt8]
    private var position: Int

    init(_ bytes: [UInt8], from position: Int) {
        self.bytes = bytes
        self.position = position
    }

    mutating func byte() throws(ModbusExceptionCode) -> UInt8 {
        guard position < bytes.count else { throw .illegalDataValue }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func word() throws(ModbusExceptionCode) -> UInt16 {
        let high = try byte()
        return UInt16(high) << 8 | UInt16(try byte())
    }

    mutating func words(_ count: Int) throws(ModbusExceptionCode) -> [UInt16] {
        var out: [UInt16] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try word()) }
        return out
    }
}
