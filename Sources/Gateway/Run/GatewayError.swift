// SensorGate — Gateway: what stops the runtime from starting or running, with a portable kind.

/// An error of the runtime: its kind, and one line saying what is wrong and what to do.
public struct GatewayError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for code that reacts.
    public enum Kind: String, Sendable {
        /// The board's configuration cannot be run.
        case configuration
        /// The device identity cannot be loaded or created.
        case identity
        /// The store cannot be opened or written.
        case store
        /// The sampler's clock or lines failed.
        case sampling
    }

    /// The kind.
    public var kind: Kind
    /// What is wrong and what to do.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
