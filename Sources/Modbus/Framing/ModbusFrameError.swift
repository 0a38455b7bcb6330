// SensorGate — Modbus: what can be wrong with a frame on the wire.

/// A frame that cannot be taken apart: the connection (TCP) is closed, the frame (RTU) is dropped,
/// and either way it is counted.
public enum ModbusFrameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes break the framing: a wrong protocol identifier or length, a short PDU.
    case malformed(String)
    /// An RTU frame whose CRC-16 does not match.
    case badCRC(expected: UInt16, received: UInt16)

    /// One line for logs.
    public var description: String {
        switch self {
        case .malformed(let why): "malformed frame: \(why)"
        case .badCRC(let expected, let received):
            "CRC mismatch: computed 0x\(String(expected, radix: 16)), frame has 0x\(String(received, radix: 16))"
        }
    }
}
