// SensorGate — Codec: what every control message's wire form starts and ends with.

extension SchemaWire.Reader {
    /// Reads a control message's lead byte and entry count, checking both.
    /// - Parameters:
    ///   - lead: the lead byte of the message being read.
    ///   - maxEntries: the most entries it may hold.
    /// - Returns: the entry count, 1 … `maxEntries`.
    /// - Throws: ``CodecError`` `truncated`, `unsupportedVersion` (another lead byte), `limitExceeded`
    ///   (checked before the caller allocates), or `corrupt` (no entries, a non-canonical varint).
    mutating func controlEntryCount(lead: UInt8, maxEntries: Int) throws(CodecError) -> Int {
        let first = try byte("kind")
        guard first == lead else {
            throw CodecError(.unsupportedVersion, "control message kind 0x\(String(first, radix: 16)) is not a \(what)")
        }
        let count = try varint("entry count", maximum: UInt64.max)
        guard count <= UInt64(maxEntries) else {
            throw CodecError(.limitExceeded, "\(count) entries; a \(what) holds at most \(maxEntries)")
        }
        guard count > 0 else { throw CodecError(.corrupt, "a \(what) without entries") }
        return Int(count)
    }

    /// Checks that the message ends where the reader is.
    /// - Throws: ``CodecError`` `corrupt` for bytes after the end.
    func requireEnd() throws(CodecError) {
        guard offset == bytes.count else {
            throw CodecError(.corrupt, "\(bytes.count - offset) bytes after the end of the \(what)")
        }
    }
}
