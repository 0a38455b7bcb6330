// SensorGate — Envelope: a cursor over received command and acknowledgement bytes.

/// Reads fields of a command or acknowledgement in order, checking each against the bytes that
/// remain; every failure is a ``CommandRejection/Kind/malformed`` naming the field and the offset.
struct CommandReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The number of bytes not yet read.
    var remaining: Int { bytes.count - offset }

    /// One byte.
    mutating func byte(_ field: String) throws(CommandRejection) -> UInt8 {
        guard offset < bytes.count else {
            throw CommandRejection(.malformed, "the input ends before the \(field) (byte \(offset))")
        }
        offset += 1
        return bytes[offset - 1]
    }

    /// `count` bytes.
    mutating func take(_ count: Int, _ field: String) throws(CommandRejection) -> [UInt8] {
        guard count >= 0, remaining >= count else {
            throw CommandRejection(.malformed, "the input ends inside the \(field) (byte \(offset))")
        }
        offset += count
        return Array(bytes[(offset - count)..<offset])
    }

    /// A shortest-form varint of at most `maximum` (docs/envelope.md §2).
    mutating func varint(_ field: String, maximum: UInt64) throws(CommandRejection) -> UInt64 {
        do {
            return try EnvelopeVarint.read(bytes, at: &offset, maximum: maximum, field: field)
        } catch {
            throw CommandRejection(.malformed, error.detail)
        }
    }

    /// A length-prefixed UTF-8 text of at most `maxBytes` bytes.
    mutating func text(_ field: String, maxBytes: Int) throws(CommandRejection) -> String {
        let length = Int(try varint("\(field) length", maximum: UInt64(maxBytes)))
        let raw = try take(length, field)
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw CommandRejection(.malformed, "the \(field) at byte \(offset - length) is not UTF-8")
        }
        return text
    }

    /// Refuses bytes after the end.
    func end(_ what: String) throws(CommandRejection) {
        guard remaining == 0 else {
            throw CommandRejection(.malformed, "\(remaining) bytes after the end of the \(what)")
        }
    }
}

extension Array where Element == UInt8 {
    /// Appends a length-prefixed UTF-8 text.
    mutating func appendText(_ text: String) {
        let raw = Array(text.utf8)
        EnvelopeVarint.write(UInt64(raw.count), to: &self)
        append(contentsOf: raw)
    }
}
