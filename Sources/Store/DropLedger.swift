// SensorGate — Store: drops the database could not record (a full disk), kept where a power cut
// cannot take them.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A small file beside the database (`unsaved-drops`, 16 KiB) that holds the drops the database could not
/// record because the disk was full, so that a power cut before the next successful write does not lose
/// their count. Its blocks are written in full when the store opens, while there is room; every later write
/// overwrites them in place (`pwrite` at offset 0, then `fdatasync`), which on a file system that overwrites
/// in place (ext4, f2fs, tmpfs) should need no free space; a copy-on-write one (btrfs) needs some. Tested
/// with SQLite refusing to grow (SQLITE_FULL), not yet on a file system filled to the last block.
///
/// A record is `SGDL`, version 1, the generation (u64), the number of counts (u16), each count (stream u32,
/// reason as a length-prefixed UTF-8 name, batches, bytes, first and last sequence as u64), then the
/// CRC-32C of everything before it; integers little-endian. The database keeps the generation it has
/// absorbed (`meta.unsaved_drops_generation`, in the transaction that writes the counts), so a record the
/// database already holds is not counted twice after a restart.
struct DropLedger {
    /// The file's name in the state folder.
    static let fileName = "unsaved-drops"
    /// The file's size: room for about 400 counts.
    static let sizeBytes = 16_384
    private static let magic: [UInt8] = Array("SGDL".utf8)

    private let descriptor: Int32

    /// Opens (or makes) the ledger in `directory` and writes all its blocks; nil when that is not possible
    /// (the disk already full, a read-only folder): the store then keeps such drops in memory only.
    init?(directory: String) {
        let path = directory + "/" + Self.fileName
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            Glibc.close(fd)
            return nil
        }
        if Int(info.st_size) != Self.sizeBytes {
            // Keep a valid record that is there (a shorter file from a crash while it was being made is
            // rewritten whole below, its record kept).
            var bytes = [UInt8](repeating: 0, count: Self.sizeBytes)
            let kept = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, Self.sizeBytes, 0) }
            if kept < 0 { bytes = [UInt8](repeating: 0, count: Self.sizeBytes) }
            let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, Self.sizeBytes, 0) }
            guard written == Self.sizeBytes, ftruncate(fd, off_t(Self.sizeBytes)) == 0, fsync(fd) == 0 else {
                Glibc.close(fd)
                return nil
            }
        }
        descriptor = fd
    }

    /// The record in the file: its generation and counts; nil when there is none or it is damaged.
    func read() -> (generation: UInt64, counts: [DropCount])? {
        var bytes = [UInt8](repeating: 0, count: Self.sizeBytes)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, Self.sizeBytes, 0) }
        guard count == Self.sizeBytes else { return nil }
        return Self.decode(bytes)
    }

    /// Overwrites the record with `counts` under `generation` and waits for the device.
    /// - Returns: false when it could not (too many counts, or an I/O error).
    @discardableResult
    func write(generation: UInt64, counts: [DropCount]) -> Bool {
        guard let bytes = Self.encode(generation: generation, counts: counts) else { return false }
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, bytes.count, 0) }
        return written == bytes.count && fdatasync(descriptor) == 0
    }

    /// Closes the file.
    func close() { _ = Glibc.close(descriptor) }

    /// The record's bytes; nil when it does not fit the file.
    static func encode(generation: UInt64, counts: [DropCount]) -> [UInt8]? {
        guard counts.count <= Int(UInt16.max) else { return nil }
        var bytes = magic + [1]
        append(generation, 8, to: &bytes)
        append(UInt64(counts.count), 2, to: &bytes)
        for count in counts {
            let reason = Array(count.reason.rawValue.utf8)
            append(UInt64(count.stream), 4, to: &bytes)
            bytes.append(UInt8(truncatingIfNeeded: reason.count))
            bytes += reason
            append(UInt64(max(count.batches, 0)), 8, to: &bytes)
            append(UInt64(max(count.bytes, 0)), 8, to: &bytes)
            append(count.firstSequence, 8, to: &bytes)
            append(count.lastSequence, 8, to: &bytes)
        }
        append(UInt64(CRC32C.checksum(bytes)), 4, to: &bytes)
        return bytes.count <= sizeBytes ? bytes : nil
    }

    /// The record in `bytes`; nil when there is none (zeros) or it does not check.
    static func decode(_ bytes: [UInt8]) -> (generation: UInt64, counts: [DropCount])? {
        var reader = Reader(bytes: bytes)
        guard reader.take(4) == magic, reader.take(1) == [1], let generation = reader.integer(8),
            let entries = reader.integer(2)
        else { return nil }
        var counts: [DropCount] = []
        for _ in 0..<entries {
            guard let stream = reader.integer(4), let length = reader.take(1)?.first,
                let name = reader.take(Int(length)),
                let reason = DropReason(rawValue: String(decoding: name, as: UTF8.self)),
                let batches = reader.integer(8), let payload = reader.integer(8), let first = reader.integer(8),
                let last = reader.integer(8)
            else { return nil }
            counts.append(
                DropCount(
                    stream: UInt32(truncatingIfNeeded: stream), streamName: "", reason: reason,
                    batches: Int(clamping: batches), bytes: Int(clamping: payload), firstSequence: first,
                    lastSequence: last))
        }
        let end = reader.offset
        guard let crc = reader.integer(4), UInt32(truncatingIfNeeded: crc) == CRC32C.checksum(bytes[..<end]) else {
            return nil
        }
        return (generation, counts)
    }

    private static func append(_ value: UInt64, _ width: Int, to bytes: inout [UInt8]) {
        for index in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }

    /// Reads little-endian fields from a record.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func take(_ count: Int) -> [UInt8]? {
            guard count >= 0, offset + count <= bytes.count else { return nil }
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }

        mutating func integer(_ width: Int) -> UInt64? {
            guard let field = take(width) else { return nil }
            return field.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * $1.offset) }
        }
    }
}
