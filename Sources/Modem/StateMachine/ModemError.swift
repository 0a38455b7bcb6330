// SensorGate — Modem: errors of the modem state machine.

import HAL

/// An error of the modem driver: a portable kind and one line for people.
public struct ModemError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for code that reacts.
    public enum Kind: Sendable, Hashable {
        /// The serial port failed or vanished.
        case link
        /// The modem does not answer `AT`.
        case noResponse
        /// The SIM is missing, locked or failing.
        case sim
        /// The modem did not register in time.
        case registration
        /// The data context would not come up.
        case dataContext
        /// A socket could not be opened: the dialect's error code (0 unknown).
        case socketOpen(Int)
        /// The socket is not open (closed by the peer, lost, or never opened).
        case socketNotOpen
        /// The modem kept refusing a send.
        case sendFailed
        /// Every recovery step was tried and the modem is still not usable.
        case recoveryExhausted
        /// A setting cannot be expressed to this modem.
        case invalidSetting
    }

    /// The kind.
    public var kind: Kind
    /// The line for people: the modem, what happened, what to do.
    public var description: String

    /// Creates an error.
    /// - Parameters:
    ///   - kind: the kind.
    ///   - description: the line for people.
    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// A port error, wrapped.
    /// - Parameter error: the HAL error.
    /// - Returns: the modem error.
    static func link(_ error: HALError) -> ModemError { ModemError(.link, "\(error)") }
}

/// Where the state machine is; the raw value is its name in metrics and reports.
public enum ModemState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Switched off (or never seen).
    case off
    /// Switched on, waiting for it to answer.
    case booting
    /// Answering and configured; not registered.
    case registering
    /// Registered; the data context is not up.
    case registered
    /// Registered with the data context up: sockets work.
    case online
    /// In PSM: deaf to the UART until woken.
    case psm
    /// Recovery gave up.
    case failed
}
