// SensorGate — Store: the store's typed error, with a portable kind.

/// What went wrong, for code that reacts (the runtime counts drops, falls back, or reopens).
public enum StoreErrorKind: String, Sendable, Equatable, Codable {
    /// No space left on the device (ENOSPC, SQLITE_FULL). The batch was not stored; the store keeps working
    /// and appends succeed again once space returns.
    case diskFull
    /// The store's folder or file cannot be written (EACCES, EROFS, SQLITE_READONLY, SQLITE_CANTOPEN).
    case readOnly
    /// The database is damaged in a way open did not repair (SQLITE_CORRUPT, SQLITE_NOTADB after open).
    /// Reopening the store moves the file aside and starts a fresh one.
    case corrupt
    /// Another process holds the store (SQLITE_BUSY, SQLITE_LOCKED).
    case busy
    /// A batch larger than `StoreSettings.maxBatchBytes`, or larger than the whole store.
    case tooLarge
    /// A batch whose stream and sequence number were already stored: a sequence number must never repeat
    /// (docs/envelope.md §2), and appends on a stream must come in sequence order.
    case duplicate
    /// Any other input/output failure (SQLITE_IOERR, an errno the store does not expect).
    case io
}

/// An error from the store: the kind, the file or folder, what happened and what to do.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The portable kind.
    public var kind: StoreErrorKind
    /// The file or folder concerned.
    public var path: String
    /// What happened (SQLite's or the system's message).
    public var detail: String
    /// What to do about it.
    public var hint: String

    /// Creates an error.
    public init(_ kind: StoreErrorKind, path: String, detail: String, hint: String? = nil) {
        self.kind = kind
        self.path = path
        self.detail = detail
        self.hint = hint ?? kind.defaultHint
    }

    /// One line: `path: detail; hint`.
    public var description: String { "\(path): \(detail); \(hint)" }
}

extension StoreErrorKind {
    /// What an operator should do about an error of this kind.
    var defaultHint: String {
        switch self {
        case .diskFull: "free space on that file system (the store retries on the next batch)"
        case .readOnly: "make the state folder writable by the gateway's user, or give another --state-dir"
        case .corrupt: "reopen the store: it moves the damaged file aside and starts a fresh one"
        case .busy: "another sensorgate is using this state folder; stop it or give another --state-dir"
        case .tooLarge: "shorten the batch interval or raise storage.maxBatchBytes / maxBytes in the board file"
        case .duplicate: "take sequence numbers from BatchStore.nextSequence(stream:)"
        case .io: "check the storage device (dmesg) and the free space"
        }
    }
}
