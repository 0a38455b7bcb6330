// SensorGate — Envelope: errors of creating, saving and loading a device identity.

/// Why a device identity (or a provisioned sealing key) could not be created, saved or loaded.
public struct IdentityError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The portable classification that callers switch on.
    public enum Kind: String, Sendable, Equatable {
        /// The key file (or its folder) does not exist.
        case notFound
        /// A key file exists and replacing it was not asked for.
        case exists
        /// The key file is readable or writable by group or others, or is not a regular file.
        case insecurePermissions
        /// The file is not a key in the expected format.
        case malformed
        /// The operating system refused a file operation (the detail names it and the errno).
        case io
    }

    /// The classification.
    public let kind: Kind
    /// What exactly was wrong, naming the file and what to do; never any key material.
    public let detail: String

    /// Creates an error of `kind` with a human-readable `detail`.
    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// The detail, which names the file and what to do.
    public var description: String { detail }
}
