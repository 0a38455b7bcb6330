// SensorGate — Modbus: RTU framing on a serial line: address, PDU, CRC-16 (low byte first).

/// One Modbus RTU frame. The line's silence of 3.5 characters delimits frames; ``decode(_:)`` checks one
/// that the silence has already delimited.
public struct RTUFrame: Sendable, Hashable {
    /// The device address: 1 … 247, 0 for broadcast.
    public var address: UInt8
    /// The PDU.
    public var pdu: [UInt8]

    /// Creates a frame.
    public init(address: UInt8, pdu: [UInt8]) {
        self.address = address
        self.pdu = pdu
    }

    /// The bytes on the wire: address, PDU, CRC low byte, CRC high byte.
    public func encoded() -> [UInt8] {
        var out = [address] + pdu
        let crc = CRC16Modbus.checksum(out)
        out.append(UInt8(crc & 0xFF))
        out.append(UInt8(crc >> 8))
        return out
    }

    /// Checks and takes apart one whole frame.
    /// - Parameter bytes: the bytes between two silences.
    /// - Returns: the frame.
    /// - Throws: `malformed` for fewer than 4 bytes or more than 256, `badCRC` for a CRC mismatch.
    public static func decode(_ bytes: some Collection<UInt8>) throws(ModbusFrameError) -> RTUFrame {
        let array = Array(bytes)
        guard array.count >= 4, array.count <= 256 else {
            throw .malformed("RTU frame of \(array.count) bytes, not 4 … 256")
        }
        let body = array[..<(array.count - 2)]
        let expected = CRC16Modbus.checksum(body)
        let received = UInt16(array[array.count - 2]) | UInt16(array[array.count - 1]) << 8
        guard expected == received else { throw .badCRC(expected: expected, received: received) }
        return RTUFrame(address: array[0], pdu: Array(array[1..<(array.count - 2)]))
    }

    /// The expected length of a response frame to `request` from its first bytes, so a client can stop
    /// reading as soon as the frame is whole instead of waiting for the silence.
    /// - Parameter prefix: the bytes received so far (address, function, …).
    /// - Returns: the whole frame's length, or nil when more bytes are needed to tell.
    public static func expectedResponseLength(_ prefix: [UInt8]) -> Int? {
        guard prefix.count >= 2 else { return nil }
        let function = prefix[1]
        if function & 0x80 != 0 { return 5 }
        switch ModbusFunction(rawValue: function) {
        case .readCoils, .readDiscreteInputs, .readHoldingRegisters, .readInputRegisters,
            .readWriteMultipleRegisters:
            guard prefix.count >= 3 else { return nil }
            return 3 + Int(prefix[2]) + 2
        case .writeSingleCoil, .writeSingleRegister, .writeMultipleCoils, .writeMultipleRegisters:
            return 8
        case nil: return 4
        }
    }
}
