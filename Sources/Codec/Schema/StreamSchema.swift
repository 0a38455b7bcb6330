// SensorGate — Codec: the stream metadata agreed once per stream and referenced by every batch.

/// What a stream is: its ID and name, how its samples are timed, and per channel the name, unit, LSB
/// and offset that turn integer codes into physical values (docs/batch-format.md §11).
///
/// The gateway sends the schema once, when a stream starts or changes, as the payload of an envelope on
/// the reserved control stream ``controlStreamID``; data batches carry only their stream ID (in the
/// envelope). ``encoded()`` and ``decode(_:)`` are the wire form; ``layout()`` is what the codec needs.
public struct StreamSchema: Sendable, Hashable {
    /// The stream ID of the control stream that carries schemas; no data stream may use it.
    public static let controlStreamID: UInt32 = 0
    /// The encoding version this library writes and reads.
    public static let version: UInt8 = 1
    /// Longest stream or channel name, in UTF-8 bytes.
    public static let maxNameBytes = 64
    /// Longest unit, in UTF-8 bytes.
    public static let maxUnitBytes = 32
    /// Largest nominal rate: 1 GHz in millihertz.
    public static let maxRateMilliHz: UInt64 = 1_000_000_000_000

    /// One column of the stream.
    public struct Channel: Sendable, Hashable {
        /// The name, unique in the stream (`acc_x`, `pressure`).
        public let name: String
        /// The unit in UCUM case-sensitive notation (`Pa`, `m/s2`, `Cel`, `[g]`); empty for a pure number.
        public let unit: String
        /// The physical value of one code step: value = code × `lsb` + `offset`. Never zero.
        public let lsb: ExactRational
        /// The physical value of code 0 (usually zero).
        public let offset: ExactRational

        /// Creates a channel; ``StreamSchema/init(streamID:name:rateMilliHz:timestamps:epochMicros:firstSequence:channels:)``
        /// checks it.
        public init(name: String, unit: String, lsb: ExactRational, offset: ExactRational = .zero) {
            self.name = name
            self.unit = unit
            self.lsb = lsb
            self.offset = offset
        }

        /// The exact physical value of `code`.
        public func value(_ code: Int32) -> PhysicalValue { PhysicalValue(code: code, lsb: lsb, offset: offset) }
    }

    /// The data stream this schema describes (1 … 2³² − 1).
    public let streamID: UInt32
    /// A name for people (`imu`, `barometer`); may be empty.
    public let name: String
    /// The nominal sample rate in millihertz (100 Hz = 100 000); 0 for a stream without one (explicit
    /// timestamps only).
    public let rateMilliHz: UInt64
    /// How the samples are timed.
    public let timestamps: TimestampMode
    /// The stream's epoch in µs since 1970-01-01T00:00:00Z: the time of uniform index 0, and the zero
    /// of explicit timestamps.
    public let epochMicros: Int64
    /// The envelope sequence number of the first data batch coded with this schema; a batch uses the
    /// schema with the largest `firstSequence` not above its own sequence.
    public let firstSequence: UInt64
    /// The channels, in the order of the batch's columns (1 … 64).
    public let channels: [Channel]

    /// Creates a schema, checking every field against the limits of docs/batch-format.md §11.
    /// - Throws: ``CodecError/Kind/invalidInput`` naming the field that is out of range.
    public init(
        streamID: UInt32, name: String, rateMilliHz: UInt64, timestamps: TimestampMode, epochMicros: Int64 = 0,
        firstSequence: UInt64 = 0, channels: [Channel]
    ) throws(CodecError) {
        guard streamID != StreamSchema.controlStreamID else {
            throw CodecError(.invalidInput, "stream ID 0 is the control stream; data streams use 1 and up")
        }
        guard name.utf8.count <= StreamSchema.maxNameBytes else {
            throw CodecError(.invalidInput, "stream name \"\(name)\" is longer than \(StreamSchema.maxNameBytes) bytes")
        }
        guard rateMilliHz <= StreamSchema.maxRateMilliHz else {
            throw CodecError(.invalidInput, "rate \(rateMilliHz) mHz is above 1 GHz")
        }
        guard rateMilliHz > 0 || timestamps == .explicit else {
            throw CodecError(.invalidInput, "a uniform stream needs a nominal rate above 0")
        }
        guard epochMicros.magnitude <= UInt64(FormatLimits.maxTimeMicros) else {
            throw CodecError(.invalidInput, "epoch \(epochMicros) µs is outside ±2^60")
        }
        guard firstSequence <= UInt64(Int64.max) else {
            throw CodecError(.invalidInput, "first sequence \(firstSequence) is above 2^63 - 1")
        }
        guard (1...FormatLimits.maxChannels).contains(channels.count) else {
            throw CodecError(.invalidInput, "\(channels.count) channels; a stream has 1...\(FormatLimits.maxChannels)")
        }
        var names = Set<String>()
        for channel in channels {
            guard !channel.name.isEmpty, channel.name.utf8.count <= StreamSchema.maxNameBytes else {
                throw CodecError(
                    .invalidInput, "channel name \"\(channel.name)\" must be 1...\(StreamSchema.maxNameBytes) bytes")
            }
            guard names.insert(channel.name).inserted else {
                throw CodecError(.invalidInput, "channel name \"\(channel.name)\" appears twice")
            }
            guard channel.unit.utf8.count <= StreamSchema.maxUnitBytes else {
                throw CodecError(
                    .invalidInput, "unit \"\(channel.unit)\" is longer than \(StreamSchema.maxUnitBytes) bytes")
            }
            guard !channel.lsb.isZero else {
                throw CodecError(.invalidInput, "channel \(channel.name) has LSB 0; every code step has a size")
            }
        }
        self.streamID = streamID
        self.name = name
        self.rateMilliHz = rateMilliHz
        self.timestamps = timestamps
        self.epochMicros = epochMicros
        self.firstSequence = firstSequence
        self.channels = channels
    }

    /// The nominal period in whole microseconds: round(10⁹ / rate in mHz), 0 without a rate.
    public var nominalPeriodMicros: Int64 {
        guard rateMilliHz > 0 else { return 0 }
        return Int64((2_000_000_000 / rateMilliHz + 1) / 2)
    }

    /// What the codec needs: the channel count, the timestamp mode and the nominal period.
    /// - Throws: never for a schema that this type's initialiser or decoder accepted; the codec's
    ///   check of the layout is kept typed rather than trapped.
    public func layout() throws(CodecError) -> StreamLayout {
        try StreamLayout(channels: channels.count, timestamps: timestamps, nominalPeriodMicros: nominalPeriodMicros)
    }

    /// The time of uniform stream index `index`, in µs since 1970: epoch + ⌊index × 10⁹ / rate⌋, so
    /// that a rate that is not a whole number of µs per sample does not drift.
    public func timeMicros(index: UInt64) -> Int64 {
        guard rateMilliHz > 0 else { return epochMicros }
        let offset = UInt128(index) * 1_000_000_000 / UInt128(rateMilliHz)
        return epochMicros &+ Int64(truncatingIfNeeded: min(offset, UInt128(Int64.max)))
    }

    /// The time of an explicit timestamp (µs from the stream's epoch), in µs since 1970.
    public func timeMicros(explicit micros: Int64) -> Int64 { epochMicros &+ micros }

    /// The fingerprint: FNV-1a-64 of ``encoded()``. Equal schemas have equal encodings (the encoding is
    /// canonical), so a changed fingerprint means a changed schema.
    public var fingerprint: UInt64 { FNV1a64.hash(encoded()) }
}
