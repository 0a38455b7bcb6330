// SensorGate — HAL: portable error kinds.

/// Which part of an I2C transfer was not acknowledged.
public enum NoAcknowledgeSource: Sendable, Hashable {
    /// The target did not acknowledge its address: absent, unpowered or miswired.
    case address
    /// The target acknowledged its address but not a data byte.
    case data
    /// The backend cannot tell which (the Linux kernel reports both as one code on many adapters).
    case unknown
}

/// What went wrong, in terms a generic driver can react to, whichever backend reported it.
///
/// Modelled on embedded-hal's `ErrorKind`: every backend maps its own failure codes (for Linux, the
/// kernel's I2C fault codes and errno values) onto these.
public enum HALErrorKind: Sendable, Hashable {
    /// A bus target did not acknowledge (I2C NACK).
    case noAcknowledge(NoAcknowledgeSource)
    /// Another controller won arbitration of a multi-controller bus.
    case arbitrationLoss
    /// A bus-level fault: misplaced start or stop, stuck line, adapter error.
    case bus
    /// The operation did not complete in time (including a target stretching the clock too long).
    case timeout
    /// Data arrived faster than it could be taken, and some was lost.
    case overrun
    /// The device or line is held by someone else (a kernel driver, another process).
    case busy
    /// The device path does not exist.
    case notFound
    /// The process may not open or use the device.
    case permissionDenied
    /// The device or adapter cannot do what was asked (for example plain I2C on an SMBus-only adapter).
    case unsupported
    /// An argument is outside what the device or interface accepts.
    case invalidArgument
    /// The device went away (unplugged USB serial adapter, hung-up pseudo-terminal).
    case disconnected
    /// Any other failure; see the error's description.
    case other
}

extension HALErrorKind: CustomStringConvertible {
    /// A short, human-readable name of the kind.
    public var description: String {
        switch self {
        case .noAcknowledge(.address): "no acknowledge of address"
        case .noAcknowledge(.data): "no acknowledge of data"
        case .noAcknowledge(.unknown): "no acknowledge"
        case .arbitrationLoss: "arbitration lost"
        case .bus: "bus error"
        case .timeout: "timeout"
        case .overrun: "overrun"
        case .busy: "busy"
        case .notFound: "not found"
        case .permissionDenied: "permission denied"
        case .unsupported: "unsupported"
        case .invalidArgument: "invalid argument"
        case .disconnected: "disconnected"
        case .other: "error"
        }
    }
}
