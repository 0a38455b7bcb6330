// SensorGate — Envelope: the fields every envelope carries in clear.

/// How an envelope's payload is protected (docs/envelope.md §3).
public enum Protection: UInt8, Sendable, Equatable, Codable {
    /// In clear, with an Ed25519 signature by the device's identity over header and payload.
    case signed = 0
    /// Encrypted and authenticated with ChaCha20-Poly1305 under a key provisioned for the device;
    /// the header is the associated data.
    case sealed = 1

    /// The bytes that follow the payload: the signature or the authentication tag.
    public var trailerLength: Int {
        switch self {
        case .signed: 64
        case .sealed: 16
        }
    }
}

/// The header of an envelope: who sent it, which batch of which stream it is, the time it covers
/// and how urgent it is. Always in clear (a sealed envelope authenticates it as associated data).
public struct EnvelopeHeader: Sendable, Equatable, Codable {
    /// The format version this library writes and reads.
    public static let version: UInt8 = 1
    /// The largest priority.
    public static let maxPriority: UInt8 = 7
    /// The largest sequence number, start time or duration (2⁶³ − 1, so sums and successors never overflow).
    public static let maxValue: UInt64 = (1 << 63) - 1
    /// The largest start time or duration in µs (2⁶² − 1), so that their sum stays below 2⁶³.
    public static let maxMicros: UInt64 = (1 << 62) - 1

    /// Signed or sealed.
    public var protection: Protection
    /// 0 (routine) to 7 (most urgent): the store sends higher priorities first.
    public var priority: UInt8
    /// The sending device.
    public var deviceID: DeviceID
    /// The device's stream (from the board or schema; each stream has its own sequence numbers).
    public var streamID: UInt32
    /// The batch's sequence number in its stream, 0 ... ``maxValue``; never reused by a device.
    public var sequence: UInt64
    /// The first sample's time, µs since the Unix epoch (1970-01-01T00:00:00Z), 0 ... ``maxMicros``.
    public var startMicros: UInt64
    /// From the first to the last sample, µs, 0 ... ``maxMicros``.
    public var durationMicros: UInt64

    /// Creates a header.
    public init(
        protection: Protection, priority: UInt8, deviceID: DeviceID, streamID: UInt32, sequence: UInt64,
        startMicros: UInt64, durationMicros: UInt64
    ) {
        self.protection = protection
        self.priority = priority
        self.deviceID = deviceID
        self.streamID = streamID
        self.sequence = sequence
        self.startMicros = startMicros
        self.durationMicros = durationMicros
    }

    /// The last sample's time, µs since the Unix epoch.
    public var endMicros: UInt64 { startMicros + durationMicros }

    /// Checks every field against its range.
    /// - Throws: ``EnvelopeError/Kind/invalidInput``.
    func validate() throws(EnvelopeError) {
        guard priority <= Self.maxPriority else {
            throw EnvelopeError(.invalidInput, "priority \(priority) is outside 0...\(Self.maxPriority)")
        }
        guard sequence <= Self.maxValue else {
            throw EnvelopeError(.invalidInput, "sequence \(sequence) is above 2^63 - 1")
        }
        guard startMicros <= Self.maxMicros, durationMicros <= Self.maxMicros else {
            throw EnvelopeError(.invalidInput, "time range \(startMicros) + \(durationMicros) µs is above 2^62 - 1")
        }
    }

    /// The header's bytes (docs/envelope.md §2).
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(40)
        bytes.append(Self.version << 5 | protection.rawValue << 3 | priority)
        bytes.append(contentsOf: deviceID.bytes)
        EnvelopeVarint.write(UInt64(streamID), to: &bytes)
        EnvelopeVarint.write(sequence, to: &bytes)
        EnvelopeVarint.write(startMicros, to: &bytes)
        EnvelopeVarint.write(durationMicros, to: &bytes)
        return bytes
    }
}
