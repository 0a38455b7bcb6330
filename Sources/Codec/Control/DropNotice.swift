// SensorGate — Codec: the drop notice: batches a gateway dropped, by stream and reason (docs/batch-format.md §12).

/// The gateway's account of batches that will never arrive, sent upstream on the control stream when
/// the link is up: per stream and reason, how many batches, their payload bytes, and the range of
/// sequence numbers they came from. A collector uses it to tell an explained gap (the gateway dropped
/// those batches and said so) from an unexplained one (a loss in transit or a bug).
///
/// Counts are increments since the previous notice: a collector adds them up.
public struct DropNotice: Sendable, Hashable {
    /// Byte 0 of a drop notice: the control-message kind 0x80 with version 1.
    public static let leadByte: UInt8 = 0x81
    /// Most entries in one notice: 64 streams × 8 reasons fit easily; a gateway with more sends several.
    public static let maxEntries = 512

    /// Why batches were dropped (the gateway store's reasons, as one byte each on the wire).
    public enum Reason: UInt8, Sendable, Hashable, CaseIterable {
        /// Old bulk batches removed to stay under the store's byte limit.
        case byteLimit = 1
        /// Bulk batches removed by decimation under the byte limit.
        case thinned = 2
        /// Alarms or events removed under the byte limit because no bulk remained.
        case byteLimitNoBulk = 3
        /// Bulk batches older than the store's age limit.
        case age = 4
        /// Never stored: the device was full.
        case diskFull = 5
        /// Never stored: larger than the store allows.
        case tooLarge = 6
        /// Stored, but failed its checksum when read; quarantined.
        case corrupt = 7
        /// Never stored for another reason (I/O error, read-only file system).
        case notStored = 8
    }

    /// One stream's drops for one reason.
    public struct Entry: Sendable, Hashable {
        /// The data stream (1 … 2³² − 1).
        public var streamID: UInt32
        /// The reason code: a ``Reason`` raw value, or a code from a later version (kept, so the
        /// counts still explain gaps).
        public var reasonCode: UInt8
        /// Batches dropped (≥ 1).
        public var batches: UInt64
        /// Their payload bytes.
        public var bytes: UInt64
        /// The lowest sequence number dropped.
        public var firstSequence: UInt64
        /// The highest sequence number dropped (≥ `firstSequence`).
        public var lastSequence: UInt64

        /// Creates an entry.
        public init(
            streamID: UInt32, reason: Reason, batches: UInt64, bytes: UInt64, firstSequence: UInt64,
            lastSequence: UInt64
        ) {
            self.init(
                streamID: streamID, reasonCode: reason.rawValue, batches: batches, bytes: bytes,
                firstSequence: firstSequence, lastSequence: lastSequence)
        }

        /// Creates an entry with a raw reason code.
        public init(
            streamID: UInt32, reasonCode: UInt8, batches: UInt64, bytes: UInt64, firstSequence: UInt64,
            lastSequence: UInt64
        ) {
            self.streamID = streamID
            self.reasonCode = reasonCode
            self.batches = batches
            self.bytes = bytes
            self.firstSequence = firstSequence
            self.lastSequence = lastSequence
        }

        /// The reason, when this version knows the code.
        public var reason: Reason? { Reason(rawValue: reasonCode) }
    }

    /// The entries, sorted by stream then reason code, one per pair.
    public let entries: [Entry]

    /// Checks and sorts `entries`.
    /// - Throws: ``CodecError`` `invalidInput` for no entries or more than ``maxEntries``, stream 0, a
    ///   zero batch count, a range whose last is below its first, reason code 0, or a repeated
    ///   stream–reason pair.
    public init(entries: [Entry]) throws(CodecError) {
        guard !entries.isEmpty, entries.count <= Self.maxEntries else {
            throw CodecError(.invalidInput, "a drop notice holds 1 … \(Self.maxEntries) entries, not \(entries.count)")
        }
        let sorted = entries.sorted { ($0.streamID, $0.reasonCode) < ($1.streamID, $1.reasonCode) }
        for (index, entry) in sorted.enumerated() {
            if let problem = Self.problem(entry) { throw CodecError(.invalidInput, problem) }
            if index > 0, sorted[index - 1].streamID == entry.streamID, sorted[index - 1].reasonCode == entry.reasonCode
            {
                throw CodecError(
                    .invalidInput, "stream \(entry.streamID) reason \(entry.reasonCode) appears twice in a drop notice")
            }
        }
        self.entries = sorted
    }

    /// The batches dropped on `streamID`, for every reason.
    public func batches(streamID: UInt32) -> UInt64 {
        entries.filter { $0.streamID == streamID }.reduce(0) { $0 + $1.batches }
    }

    static func problem(_ entry: Entry) -> String? {
        if entry.streamID == 0 { return "a drop notice names stream 0, the control stream" }
        if entry.reasonCode == 0 { return "stream \(entry.streamID): reason code 0 is not a reason" }
        if entry.batches == 0 { return "stream \(entry.streamID): an entry of zero batches" }
        if entry.lastSequence < entry.firstSequence {
            return "stream \(entry.streamID): last sequence \(entry.lastSequence) below first \(entry.firstSequence)"
        }
        if entry.lastSequence - entry.firstSequence < entry.batches - 1 {
            return "stream \(entry.streamID): \(entry.batches) batches cannot come from the range "
                + "\(entry.firstSequence) … \(entry.lastSequence)"
        }
        return nil
    }
}
