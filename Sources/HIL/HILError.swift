// SensorGate — HIL: what stops a scenario from running, with a portable kind.

/// An error of a hardware-in-the-loop run: its kind, and one line saying what is wrong and what to do.
public struct HILError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for code that reacts.
    public enum Kind: String, Sendable {
        /// The scenario file or its board is wrong.
        case scenario
        /// The scenario uses something that is not built yet (the modem chain).
        case notYet
        /// The gateway could not run.
        case run
        /// A report could not be written.
        case report
    }

    /// The kind.
    public var kind: Kind
    /// What is wrong and what to do.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - kind: the kind.
    ///   - message: one line.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
