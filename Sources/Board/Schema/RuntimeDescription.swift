// SensorGate — Board: what the runtime reads from a board file: batching per device, storage,
// upstream and identity.

/// How urgent a device's batches are; the store sends alarms first, then events, then bulk data.
public enum BatchPriorityKind: String, Sendable, Hashable, CaseIterable {
    /// Routine measurements (the default).
    case bulk
    /// Events worth sending before bulk data.
    case event
    /// Alarms: sent first, never dropped by the storage policy.
    case alarm
}

/// A device's `batch:` section: how often its streams are cut into batches, and their priority.
public struct DeviceBatching: Sendable, Hashable {
    /// The default interval: 10 s, long enough that a 1 kHz IMU batch codes well, short enough that a
    /// batch is small on NB-IoT.
    public static let defaultInterval: Duration = .seconds(10)
    /// How much time one batch covers. Default: ``defaultInterval``.
    public var interval: Duration = DeviceBatching.defaultInterval
    /// The batches' priority. Default: bulk.
    public var priority: BatchPriorityKind = .bulk
    /// Whether the device's own samples go upstream (`raw`). Default true; false keeps them at the
    /// gateway, and only what the edge computes from them (`vibration:`, `edge:`) is sent.
    public var raw = true
    /// Where it is declared, when it is.
    public var location: SourceLocation?

    /// The defaults.
    public init() {}
}

/// What the store does when it reaches its bounds.
public enum StoragePolicy: String, Sendable, Hashable, CaseIterable {
    /// Drop the oldest bulk batches (never alarms).
    case dropOldestBulk = "drop-oldest-bulk"
    /// Thin the oldest bulk batches out by dropping every other one.
    case thinBulk = "thin-bulk"
}

/// The board's `storage:` section.
public struct StorageDescription: Sendable, Hashable {
    /// The default state folder, relative to the working directory: `state`.
    public static let defaultStateDirectory = "state"
    /// The default byte bound: 64 MiB.
    public static let defaultMaxBytes: Int64 = 64 << 20
    /// The default age bound: 7 days.
    public static let defaultMaxAge: Duration = .seconds(7 * 86_400)
    /// The folder of the store and, by default, the identity. Relative paths are relative to the
    /// working directory. Default: ``defaultStateDirectory``.
    public var stateDirectory: String = StorageDescription.defaultStateDirectory
    /// The most bytes of batches kept. Default: ``defaultMaxBytes``.
    public var maxBytes: Int64 = StorageDescription.defaultMaxBytes
    /// The oldest batch kept. Default: ``defaultMaxAge``.
    public var maxAge: Duration = StorageDescription.defaultMaxAge
    /// What happens at a bound. Default: drop the oldest bulk batches.
    public var policy: StoragePolicy = .dropOldestBulk
    /// Where it is declared, when it is.
    public var location: SourceLocation?

    /// The defaults.
    public init() {}
}

/// The protocol batches travel upstream with.
public enum UpstreamProtocol: String, Sendable, Hashable, CaseIterable {
    /// MQTT 3.1.1, QoS 1 (PUBACK deletes from the store).
    case mqtt
    /// CoAP, confirmable POST (the ACK deletes from the store).
    case coap

    /// The URL schemes the protocol accepts.
    public var schemes: [String] {
        switch self {
        case .mqtt: ["mqtt", "mqtts"]
        case .coap: ["coap", "coaps"]
        }
    }
}

/// Where a password comes from: never the board file itself.
public enum SecretSource: Sendable, Hashable {
    /// A file holding the password (trailing newline ignored).
    case file(String)
    /// An environment variable.
    case environment(String)
}

/// The board's `upstream:` section.
public struct UpstreamDescription: Sendable, Hashable {
    /// MQTT or CoAP.
    public var upstreamProtocol: UpstreamProtocol
    /// `mqtt://host:port`, `coap://host:port/path`.
    public var url: String
    /// The user name, if the server wants one.
    public var username: String?
    /// Where the password comes from, if there is one.
    public var password: SecretSource?
    /// A CA certificate file (PEM) for TLS or DTLS, resolved against the board file's folder.
    public var caFile: String?
    /// The operator's public key (SubjectPublicKeyInfo PEM), relative to the board file: downlink commands
    /// are accepted only when signed by it (`operator-key-file`). Default none (every command refused).
    public var operatorKeyFile: String?
    /// Where it is declared.
    public var location: SourceLocation
}

/// The board's `identity:` section.
public struct IdentityDescription: Sendable, Hashable {
    /// The device's private key (`device.key`, as `sensorgate keygen --out DIR` writes it), created
    /// on first start when absent. Default: `<state-dir>/identity/device.key`.
    public var keyFile: String?
    /// Whether envelopes are sealed (ChaCha20-Poly1305 with the device's provisioned `device.seal`
    /// beside the key file) instead of signed (`seal:`). Default: false, signed.
    public var seal = false
    /// Where it is declared, when it is.
    public var location: SourceLocation?

    /// The defaults.
    public init() {}

    /// The key file for a state folder: ``keyFile``, or `<stateDirectory>/identity/device.key`.
    /// - Parameter stateDirectory: the state folder in use.
    /// - Returns: the path.
    public func keyFile(stateDirectory: String) -> String {
        keyFile ?? stateDirectory + "/identity/device.key"
    }
}
