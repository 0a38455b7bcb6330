// SensorGate — HAL: the error every bus, line, port and clock throws.

/// A failure of a hardware operation, with what a person needs to act on it.
///
/// `kind` is for code; `description` is one line for people: the device, the operation, what
/// happened, the system error where there is one, and a hint.
public struct HALError: Error, Sendable, Hashable {
    /// The portable kind, for generic handling.
    public var kind: HALErrorKind
    /// The device: a path such as `/dev/i2c-1`, or a simulated bus name such as `sim:i2c0`.
    public var device: String
    /// What was being done, for example `open`, `I2C_RDWR to 0x76`, `read`.
    public var operation: String
    /// The system error number, where the failure came from the kernel.
    public var errno: Int32?
    /// A hint a person can act on (what to load, install, check or change), if one is known.
    public var hint: String?

    /// Creates an error.
    /// - Parameters:
    ///   - kind: the portable kind.
    ///   - device: the device path or simulated bus name.
    ///   - operation: what was being done.
    ///   - errno: the system error number, if any.
    ///   - hint: what a person can do about it, if known.
    public init(_ kind: HALErrorKind, device: String, operation: String, errno: Int32? = nil, hint: String? = nil) {
        self.kind = kind
        self.device = device
        self.operation = operation
        self.errno = errno
        self.hint = hint
    }
}

extension HALError: CustomStringConvertible {
    /// One line: `device: operation: kind (errno N NAME): hint`.
    public var description: String {
        var line = "\(device): \(operation): \(kind)"
        if let errno {
            let name = ErrnoName.name(errno).map { " \($0)" } ?? ""
            line += " (errno \(errno)\(name))"
        }
        if let hint { line += ": \(hint)" }
        return line
    }
}
