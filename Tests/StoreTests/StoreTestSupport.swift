// SensorGate — Store tests: temporary folders, a settable clock, batches.

import Foundation
import Store
import Synchronization

/// A UTC clock the test sets.
final class ManualStoreClock: StoreClock {
    private let micros: Mutex<Int64>

    init(micros: Int64 = 1_780_000_000_000_000) { self.micros = Mutex(micros) }

    func nowMicros() -> Int64 { micros.withLock { $0 } }

    func advance(seconds: Int64) { micros.withLock { $0 += seconds * 1_000_000 } }
}

/// A fresh folder under the temporary directory, removed by `remove()`.
struct TempFolder {
    let path: String

    init(_ name: String) {
        path =
            FileManager.default.temporaryDirectory.appendingPathComponent(
                "store-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            ).path
        try? FileManager.default.removeItem(atPath: path)
    }

    func remove() {
        chmod(path, 0o700)
        try? FileManager.default.removeItem(atPath: path)
    }

    var database: String { path + "/store.sqlite" }
}

/// A batch whose payload starts with a marker naming it, so a test can find its bytes in the file.
func batch(
    stream: UInt32 = 1, sequence: UInt64, priority: BatchPriority = .bulk, createdMicros: Int64? = nil,
    payloadBytes: Int = 100
) -> StoredBatch {
    let marker = Array("SG-\(stream)-\(sequence)-".utf8)
    var payload = marker
    var state = UInt32(truncatingIfNeeded: sequence &* 2_654_435_761 &+ UInt64(stream))
    while payload.count < payloadBytes {
        state = state &* 1_664_525 &+ 1_013_904_223
        payload.append(UInt8(truncatingIfNeeded: state >> 24))
    }
    return StoredBatch(
        stream: stream, streamName: "stream\(stream)", sequence: sequence, priority: priority,
        createdMicros: createdMicros ?? (1_780_000_000_000_000 + Int64(sequence % 1_000_000) * 10_000_000),
        payload: Array(payload.prefix(max(payloadBytes, 0))))
}

/// The keys of `batches`, in order.
func keys(_ batches: [StoredBatch]) -> [BatchKey] { batches.map(\.key) }

/// Copies the database and its WAL (as a power cut would leave them: no checkpoint) into a new folder.
func crashCopy(of folder: TempFolder, name: String) throws -> TempFolder {
    let copy = TempFolder(name)
    try FileManager.default.createDirectory(atPath: copy.path, withIntermediateDirectories: true)
    for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: folder.database + suffix) {
        try FileManager.default.copyItem(atPath: folder.database + suffix, toPath: copy.database + suffix)
    }
    return copy
}

/// The size of a file in bytes (0 when missing).
func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
}
