// SensorGate — HAL: I2C target addresses.

/// A 7-bit I2C target address (0x00–0x7F), as board files and datasheets write it (`0x76`).
///
/// Ten-bit addressing is not used by any sensor SensorGate supports; the type keeps the 7-bit form
/// so that a read/write bit can never be mistaken for part of the address.
public struct I2CAddress: RawRepresentable, Hashable, Comparable, Sendable {
    /// The 7-bit address.
    public let rawValue: UInt8

    /// Creates an address, or nil when `rawValue` does not fit in 7 bits.
    /// - Parameter rawValue: the 7-bit address, 0x00–0x7F.
    public init?(rawValue: UInt8) {
        guard rawValue <= 0x7F else { return nil }
        self.rawValue = rawValue
    }

    /// Creates an address from a literal known to be valid; out-of-range values are clamped into the 7 bits.
    /// - Parameter value: the 7-bit address; bits above bit 6 are dropped.
    public init(_ value: UInt8) { self.rawValue = value & 0x7F }

    /// Whether the address is reserved by the I2C specification (0x00–0x07 and 0x78–0x7F).
    public var isReserved: Bool { rawValue < 0x08 || rawValue > 0x77 }

    /// Orders addresses numerically.
    public static func < (lhs: I2CAddress, rhs: I2CAddress) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension I2CAddress: CustomStringConvertible {
    /// The address as `0x76`.
    public var description: String { Hex.byte(rawValue) }
}
