// SensorGate — Codec: the wire form of a stream schema (docs/batch-format.md §11).

extension StreamSchema {
    /// The canonical encoding: equal schemas give equal bytes.
    ///
    /// ```
    /// byte    version (1)
    /// varint  stream ID             zig-zag varint  epoch µs
    /// varint  first sequence        varint          channel count C
    /// string  stream name           C × { string name, string unit, rational LSB, rational offset }
    /// varint  rate mHz
    /// byte    timestamps (0 uniform, 1 explicit)
    /// ```
    /// A string is a varint byte length and UTF-8; a rational a zig-zag varint numerator and a varint
    /// denominator, in lowest terms.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [StreamSchema.version]
        Varint.write(UInt64(streamID), to: &bytes)
        Varint.write(firstSequence, to: &bytes)
        SchemaWire.write(name, to: &bytes)
        Varint.write(rateMilliHz, to: &bytes)
        bytes.append(timestamps == .uniform ? 0 : 1)
        Varint.write(Varint.zigzag(epochMicros), to: &bytes)
        Varint.write(UInt64(channels.count), to: &bytes)
        for channel in channels {
            SchemaWire.write(channel.name, to: &bytes)
            SchemaWire.write(channel.unit, to: &bytes)
            SchemaWire.write(channel.lsb, to: &bytes)
            SchemaWire.write(channel.offset, to: &bytes)
        }
        return bytes
    }

    /// Decodes ``encoded()`` bytes, checking every field.
    /// - Throws: ``CodecError`` of kind `truncated` (the bytes end early; every truncation is detected),
    ///   `unsupportedVersion` (a version other than 1), `limitExceeded` (a string or channel count above
    ///   its limit, checked before allocating), or `corrupt` (a non-canonical varint or rational,
    ///   invalid UTF-8, a value out of range, bytes after the end).
    public static func decode(_ bytes: [UInt8]) throws(CodecError) -> StreamSchema {
        var reader = SchemaWire.Reader(bytes: bytes)
        let version = try reader.byte("version")
        guard version == StreamSchema.version else {
            throw CodecError(.unsupportedVersion, "stream schema version \(version); this decoder reads version 1")
        }
        let streamID = try reader.varint("stream ID", maximum: UInt64(UInt32.max))
        let firstSequence = try reader.varint("first sequence", maximum: UInt64(Int64.max))
        let name = try reader.string("stream name", maxBytes: maxNameBytes)
        let rate = try reader.varint("rate", maximum: maxRateMilliHz)
        let mode = try reader.byte("timestamp mode")
        guard mode <= 1 else { throw CodecError(.corrupt, "timestamp mode \(mode) is neither 0 nor 1") }
        let epoch = Varint.unzigzag(try reader.varint("epoch", maximum: UInt64.max))
        let count = try reader.varint("channel count", maximum: UInt64.max)
        guard count <= UInt64(FormatLimits.maxChannels) else {
            throw CodecError(.limitExceeded, "\(count) channels; a stream has at most \(FormatLimits.maxChannels)")
        }
        var channels: [Channel] = []
        for index in 0..<Int(count) {
            let name = try reader.string("channel \(index) name", maxBytes: maxNameBytes)
            let unit = try reader.string("channel \(index) unit", maxBytes: maxUnitBytes)
            let lsb = try reader.rational("channel \(index) LSB")
            let offset = try reader.rational("channel \(index) offset")
            channels.append(Channel(name: name, unit: unit, lsb: lsb, offset: offset))
        }
        guard reader.offset == bytes.count else {
            throw CodecError(.corrupt, "\(bytes.count - reader.offset) bytes after the end of the stream schema")
        }
        do {
            return try StreamSchema(
                streamID: UInt32(streamID), name: name, rateMilliHz: rate, timestamps: mode == 0 ? .uniform : .explicit,
                epochMicros: epoch, firstSequence: firstSequence, channels: channels)
        } catch {
            throw CodecError(.corrupt, error.detail)
        }
    }
}

/// The field codings of the schema's wire form.
enum SchemaWire {
    static func write(_ text: String, to bytes: inout [UInt8]) {
        Varint.write(UInt64(text.utf8.count), to: &bytes)
        bytes.append(contentsOf: text.utf8)
    }

    static func write(_ value: ExactRational, to bytes: inout [UInt8]) {
        Varint.write(Varint.zigzag(value.numerator), to: &bytes)
        Varint.write(UInt64(value.denominator), to: &bytes)
    }

    /// Reads fields in order, checking each against the bytes that remain.
    struct Reader {
        let bytes: [UInt8]
        /// What is being read, for messages ("schema", "drop notice").
        var what = "schema"
        var offset = 0

        mutating func byte(_ field: String) throws(CodecError) -> UInt8 {
            guard offset < bytes.count else { throw CodecError(.truncated, "the \(what) ends before its \(field)") }
            offset += 1
            return bytes[offset - 1]
        }

        /// A varint in its shortest form, at most `maximum`.
        mutating func varint(_ field: String, maximum: UInt64) throws(CodecError) -> UInt64 {
            let start = offset
            let value = try Varint.read(bytes, at: &offset, field: field)
            if offset - start > 1 && bytes[offset - 1] == 0 {
                throw CodecError(.corrupt, "the \(field) is not in its shortest varint form")
            }
            guard value <= maximum else { throw CodecError(.corrupt, "the \(field) \(value) is above \(maximum)") }
            return value
        }

        mutating func string(_ field: String, maxBytes: Int) throws(CodecError) -> String {
            let length = try varint("\(field) length", maximum: UInt64.max)
            guard length <= UInt64(maxBytes) else {
                throw CodecError(.limitExceeded, "the \(field) has \(length) bytes; at most \(maxBytes)")
            }
            guard bytes.count - offset >= Int(length) else {
                throw CodecError(.truncated, "the \(what) ends inside the \(field)")
            }
            let slice = bytes[offset..<(offset + Int(length))]
            offset += Int(length)
            guard let text = String(validating: slice, as: UTF8.self) else {
                throw CodecError(.corrupt, "the \(field) is not valid UTF-8")
            }
            return text
        }

        mutating func rational(_ field: String) throws(CodecError) -> ExactRational {
            let limit = UInt64(ExactRational.maxMagnitude)
            let numerator = Varint.unzigzag(try varint("\(field) numerator", maximum: 2 * limit))
            let denominator = Int64(try varint("\(field) denominator", maximum: limit))
            guard denominator > 0 else { throw CodecError(.corrupt, "the \(field) has denominator 0") }
            let value: ExactRational
            do {
                value = try ExactRational(numerator: numerator, denominator: denominator)
            } catch {
                throw CodecError(.corrupt, "the \(field): \(error.detail)")
            }
            guard value.numerator == numerator && value.denominator == denominator else {
                throw CodecError(.corrupt, "the \(field) \(numerator)/\(denominator) is not in lowest terms")
            }
            return value
        }
    }
}
