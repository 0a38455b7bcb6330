// SensorGate — Codec: the few bytes in front of a batch's body.

/// The batch header (docs/batch-format.md §3): a flags byte, then LEB128 fields.
///
/// ```
/// byte 0: vvv k n s 00   v = format version (3), k = key, n = near-lossless, s = explicit start index
/// varint  sequence
/// varint  rows (≥ 1)
/// varint  first index          uniform timestamps, and key or s
/// varint  zig-zag first time   explicit timestamps, key batches
/// varint  near-lossless bound  when n
/// varint  body length          exactly the bytes that follow
/// ```
struct BatchHeader: Equatable {
    var key: Bool
    var sequence: UInt32
    var rows: Int
    var firstIndex: UInt64?
    var firstTime: Int64?
    var bound: Int
    var bodyLength: Int

    /// Appends the header to `bytes`.
    func write(to bytes: inout [UInt8]) {
        var flags = FormatLimits.version << 5
        if key { flags |= 0x10 }
        if bound > 0 { flags |= 0x08 }
        if !key && firstIndex != nil { flags |= 0x04 }
        bytes.append(flags)
        Varint.write(UInt64(sequence), to: &bytes)
        Varint.write(UInt64(rows), to: &bytes)
        if let firstIndex { Varint.write(firstIndex, to: &bytes) }
        if let firstTime { Varint.write(Varint.zigzag(firstTime), to: &bytes) }
        if bound > 0 { Varint.write(UInt64(bound), to: &bytes) }
        Varint.write(UInt64(bodyLength), to: &bytes)
    }

    /// Parses a header for `layout`, checking every count against `limits` and the bytes left.
    static func read(
        _ bytes: [UInt8], layout: StreamLayout, limits: DecodeLimits, offset: inout Int
    ) throws(CodecError) -> BatchHeader {
        guard let flags = bytes.first else { throw CodecError(.truncated, "empty input") }
        offset = 1
        guard flags >> 5 == FormatLimits.version else {
            throw CodecError(
                .unsupportedVersion, "format version \(flags >> 5); this decoder reads version \(FormatLimits.version)")
        }
        guard flags & 0x03 == 0 else { throw CodecError(.unsupportedVersion, "reserved flag bits are set") }
        let key = flags & 0x10 != 0
        let nearLossless = flags & 0x08 != 0
        let explicitStart = flags & 0x04 != 0
        guard !(key && explicitStart), !(explicitStart && layout.timestamps == .explicit) else {
            throw CodecError(.corrupt, "start-index flag set where it has no meaning")
        }
        let sequence = try Varint.read(bytes, at: &offset, field: "sequence")
        guard sequence <= UInt64(UInt32.max) else { throw CodecError(.corrupt, "sequence above 2^32") }
        let rows = try Varint.read(bytes, at: &offset, field: "row count")
        guard rows >= 1 else { throw CodecError(.corrupt, "a batch has at least one row") }
        guard rows <= UInt64(limits.maxRows), rows * UInt64(layout.channels) <= UInt64(limits.maxScalars) else {
            throw CodecError(.limitExceeded, "\(rows) rows × \(layout.channels) channels is above the decoder's limit")
        }
        var header = BatchHeader(
            key: key, sequence: UInt32(sequence), rows: Int(rows), firstIndex: nil, firstTime: nil, bound: 0,
            bodyLength: 0)
        if layout.timestamps == .uniform && (key || explicitStart) {
            header.firstIndex = try Varint.read(bytes, at: &offset, field: "first index")
        }
        if layout.timestamps == .explicit && key {
            let time = Varint.unzigzag(try Varint.read(bytes, at: &offset, field: "first time"))
            guard time.magnitude <= UInt64(FormatLimits.maxTimeMicros) else {
                throw CodecError(.corrupt, "first time is beyond ±2^60 µs")
            }
            header.firstTime = time
        }
        if nearLossless {
            let bound = try Varint.read(bytes, at: &offset, field: "near-lossless bound")
            guard bound >= 1, bound <= UInt64(FormatLimits.maxNearLosslessBound) else {
                throw CodecError(.corrupt, "near-lossless bound \(bound) is outside 1...255")
            }
            header.bound = Int(bound)
        }
        let length = try Varint.read(bytes, at: &offset, field: "body length")
        let remaining = bytes.count - offset
        guard length <= UInt64(remaining) else {
            throw CodecError(.truncated, "body has \(remaining) of its \(length) bytes")
        }
        guard length == UInt64(remaining) else {
            throw CodecError(.corrupt, "\(UInt64(remaining) - length) bytes follow the body")
        }
        header.bodyLength = Int(length)
        return header
    }
}
