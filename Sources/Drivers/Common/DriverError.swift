// SensorGate — Drivers: the error every chip driver throws.

import HAL

/// A driver failure, naming the chip, where it sits, and what went wrong.
public struct DriverError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Hashable {
        /// The bus failed (the error carries its kind: NACK, timeout, bus error, …).
        case bus(HALError)
        /// The ID register did not hold the expected value.
        case wrongChipID(expected: String, found: String)
        /// A checksum over data read from the chip did not match.
        case checksumMismatch(what: String)
        /// The chip's calibration data is missing or implausible.
        case invalidCalibration(String)
        /// The chip returned the same value for longer than its noise allows: it is stuck.
        case stuck(String)
        /// A conversion did not finish in the time the datasheet allows.
        case conversionTimeout
        /// A setting the chip cannot do.
        case invalidSetting(String)
    }

    /// The chip, as its part name (`BMP280`).
    public var chip: String
    /// Where it sits: `/dev/i2c-1 0x76` or `sim:spi0.1`.
    public var location: String
    /// What went wrong.
    public var reason: Reason

    /// Creates an error.
    /// - Parameters:
    ///   - chip: the part name.
    ///   - location: bus and address or chip select.
    ///   - reason: what went wrong.
    public init(chip: String, location: String, reason: Reason) {
        self.chip = chip
        self.location = location
        self.reason = reason
    }

    /// The portable kind: the bus error's kind, or `.other` for chip-level problems.
    public var kind: HALErrorKind {
        if case .bus(let error) = reason { return error.kind }
        return .other
    }

    /// One line: `BMP280 at /dev/i2c-1 0x76: …`.
    public var description: String {
        let what: String =
            switch reason {
            case .bus(let error): "\(error)"
            case .wrongChipID(let expected, let found): "wrong chip ID: expected \(expected), found \(found)"
            case .checksumMismatch(let what): "checksum mismatch in \(what)"
            case .invalidCalibration(let why): "invalid calibration: \(why)"
            case .stuck(let what): "stuck: \(what)"
            case .conversionTimeout: "conversion did not finish in time"
            case .invalidSetting(let why): "invalid setting: \(why)"
            }
        return "\(chip) at \(location): \(what)"
    }
}
