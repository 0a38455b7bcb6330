// SensorGate — Codec: the wire form of a drop notice (docs/batch-format.md §12).

extension DropNotice {
    /// The canonical encoding:
    ///
    /// ```
    /// byte    0x81 (control message kind 0x80, version 1)
    /// varint  entry count N (1 … 512)
    /// N × {   varint stream ID, byte reason code, varint batches, varint bytes,
    ///         varint first sequence, varint last sequence − first sequence }
    /// ```
    /// Entries ascend by stream, then reason code; varints are in their shortest form.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [Self.leadByte]
        Varint.write(UInt64(entries.count), to: &bytes)
        for entry in entries {
            Varint.write(UInt64(entry.streamID), to: &bytes)
            bytes.append(entry.reasonCode)
            Varint.write(entry.batches, to: &bytes)
            Varint.write(entry.bytes, to: &bytes)
            Varint.write(entry.firstSequence, to: &bytes)
            Varint.write(entry.lastSequence - entry.firstSequence, to: &bytes)
        }
        return bytes
    }

    /// Decodes ``encoded()`` bytes, checking every field.
    /// - Throws: ``CodecError`` `truncated` (the bytes end early), `unsupportedVersion` (a lead byte
    ///   other than 0x81), `limitExceeded` (more than ``maxEntries`` entries, checked before
    ///   allocating), or `corrupt` (a non-canonical varint, an entry out of order or repeated, a
    ///   value out of range, bytes after the end).
    public static func decode(_ bytes: [UInt8]) throws(CodecError) -> DropNotice {
        var reader = SchemaWire.Reader(bytes: bytes, what: "drop notice")
        let count = try reader.controlEntryCount(lead: leadByte, maxEntries: maxEntries)
        var entries: [Entry] = []
        for index in 0..<count {
            let stream = try reader.varint("entry \(index) stream ID", maximum: UInt64(UInt32.max))
            let reason = try reader.byte("entry \(index) reason")
            let batches = try reader.varint("entry \(index) batches", maximum: UInt64(Int64.max))
            let payloadBytes = try reader.varint("entry \(index) bytes", maximum: UInt64(Int64.max))
            let first = try reader.varint("entry \(index) first sequence", maximum: UInt64(Int64.max))
            let span = try reader.varint("entry \(index) sequence span", maximum: UInt64(Int64.max) - first)
            let entry = Entry(
                streamID: UInt32(stream), reasonCode: reason, batches: batches, bytes: payloadBytes,
                firstSequence: first, lastSequence: first + span)
            if let problem = problem(entry) { throw CodecError(.corrupt, problem) }
            if let previous = entries.last, (previous.streamID, previous.reasonCode) >= (entry.streamID, reason) {
                throw CodecError(
                    .corrupt, "entry \(index) is out of order or repeats stream \(stream) reason \(reason)")
            }
            entries.append(entry)
        }
        try reader.requireEnd()
        do { return try DropNotice(entries: entries) } catch { throw CodecError(.corrupt, error.detail) }
    }
}
