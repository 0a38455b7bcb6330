// SensorGate — Codec: the wire form of a clock-step notice (docs/batch-format.md §13).

extension ClockStepNotice {
    /// The canonical encoding:
    ///
    /// ```
    /// byte    0x91 (control message kind 0x90, version 1)
    /// varint  entry count N (1 … 64)
    /// N × {   zig-zag varint step µs, varint at µs, varint moved µs, varint ahead µs }
    /// ```
    /// Varints are in their shortest form.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [Self.leadByte]
        Varint.write(UInt64(entries.count), to: &bytes)
        for entry in entries {
            Varint.write(Varint.zigzag(entry.stepMicros), to: &bytes)
            Varint.write(UInt64(entry.atMicros), to: &bytes)
            Varint.write(UInt64(entry.movedMicros), to: &bytes)
            Varint.write(UInt64(entry.aheadMicros), to: &bytes)
        }
        return bytes
    }

    /// Decodes ``encoded()`` bytes, checking every field.
    /// - Throws: ``CodecError`` `truncated` (the bytes end early), `unsupportedVersion` (a lead byte
    ///   other than 0x91), `limitExceeded` (more than ``maxEntries`` entries, checked before
    ///   allocating), or `corrupt` (a non-canonical varint, an entry that breaks a rule, bytes after
    ///   the end).
    public static func decode(_ bytes: [UInt8]) throws(CodecError) -> ClockStepNotice {
        var reader = SchemaWire.Reader(bytes: bytes, what: "clock-step notice")
        let count = try reader.controlEntryCount(lead: leadByte, maxEntries: maxEntries)
        let limit = UInt64(1) << 62
        var entries: [Entry] = []
        for index in 0..<count {
            let step = Varint.unzigzag(try reader.varint("step \(index) size", maximum: 2 * limit))
            let at = try reader.varint("step \(index) time", maximum: limit)
            let moved = try reader.varint("step \(index) move", maximum: limit)
            let ahead = try reader.varint("step \(index) lead", maximum: limit)
            let entry = Entry(
                stepMicros: step, atMicros: Int64(at), movedMicros: Int64(moved), aheadMicros: Int64(ahead))
            if let problem = problem(entry) { throw CodecError(.corrupt, "step \(index): \(problem)") }
            entries.append(entry)
        }
        try reader.requireEnd()
        do { return try ClockStepNotice(entries: entries) } catch { throw CodecError(.corrupt, error.detail) }
    }
}
