// SensorGate — sensorgate bench store: durable commits per second, bytes written per batch, recovery time.

import ArgumentParser
import Foundation
import HAL
import Store

/// `sensorgate bench store [--json] [--batches N] [--recovery-batches N] [--dir DIR]`.
struct BenchStore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Durable commits per second, bytes written per batch and recovery time of the batch store.",
        discussion: """
            Appends --batches batches of 300 bytes one durable commit each (WAL, synchronous=FULL), then \
            acknowledges them one by one, reading /proc/self/io around each phase: write_bytes (what reached the \
            block device) and wchar (what SQLite passed to write(2)) per batch. Then fills a store with \
            --recovery-batches batches (group commits of 1000), adds single commits, copies the files as a power \
            cut would leave them (WAL not checkpointed) and times the open of the copy and its first pending(). \
            The reference rate is the batch rate of --board (default Boards/sim-reference.yaml): the sum over its \
            batched devices of one batch per `batch: interval:`, plus one drop notice a minute at most (the \
            worst case, while drops keep coming). Works in a temporary folder \
            under --dir (default: the system's temporary folder), removed at the end.
            """)

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Batches for the commit and acknowledgement phases.")
    var batches = 2000

    @Option(help: "Batches queued before timing recovery.")
    var recoveryBatches = 100_000

    @Option(help: ArgumentHelp("Where to make the temporary store (the device to measure).", valueName: "DIR"))
    var dir: String?

    @Option(help: ArgumentHelp("The board whose batch rate is the reference.", valueName: "FILE"))
    var board = "Boards/sim-reference.yaml"

    func run() throws {
        try reportingFailures {
            guard batches >= 10, recoveryBatches >= 1000 else {
                throw Failure("--batches must be ≥ 10 and --recovery-batches ≥ 1000")
            }
            let base = dir ?? FileManager.default.temporaryDirectory.path
            let reference = try ReferenceBatchRate.of(board: board)
            let result = try StoreBenchmark.run(
                batches: batches, recoveryBatches: recoveryBatches, base: base, reference: reference)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } else {
                print(result.text)
            }
        }
    }
}

/// What `bench store` measured.
struct StoreBenchResult: Codable {
    var payloadBytes: Int
    var batches: Int
    var durableCommitsPerSecond: Double
    var acknowledgementsPerSecond: Double
    var groupCommitBatchesPerSecond: Double
    /// Device bytes per batch in group commits of 1000 (the queue growing to --recovery-batches).
    var groupCommitDeviceBytesPerBatch: Double
    /// Bytes that reached the block device per appended batch (write_bytes), checkpoints included.
    var deviceBytesPerBatch: Double
    /// Bytes passed to write(2) per appended batch (wchar): WAL frames and checkpoint writes.
    var writeCallBytesPerBatch: Double
    /// Device bytes per acknowledgement (the deletion's commit).
    var deviceBytesPerAcknowledgement: Double
    /// Link up: append and acknowledgement cycles per second, and device bytes per cycle.
    var liveCyclesPerSecond: Double
    var liveDeviceBytesPerBatch: Double
    /// Device bytes per payload byte over append and acknowledgement together (backlog phases).
    var writeAmplification: Double
    var recoveryBatches: Int
    var recoveryOpenMilliseconds: Double
    var recoveryFirstPendingMilliseconds: Double
    var cleanOpenMilliseconds: Double
    var databaseFileBytes: Int64
    var referenceBatchesPerSecond: Double
    var referenceAssumption: String
    var commitsToReferenceRatio: Double

    var text: String {
        func f(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
        return """
            durable commits      \(f(durableCommitsPerSecond)) /s (\(batches) appends of \(payloadBytes) bytes, one fsync'd commit each)
            acknowledgements     \(f(acknowledgementsPerSecond)) /s
            group commits        \(f(groupCommitBatchesPerSecond)) batches/s (1000 per commit), \
            \(f(groupCommitDeviceBytesPerBatch, 0)) device bytes per batch
            written per batch    \(f(deviceBytesPerBatch, 0)) bytes to the device, \(f(writeCallBytesPerBatch, 0)) through write(2); \
            \(f(deviceBytesPerAcknowledgement, 0)) per acknowledgement
            write amplification  \(f(writeAmplification)) device bytes per payload byte (append + acknowledgement)
            link up              \(f(liveCyclesPerSecond)) append+acknowledge cycles/s, \(f(liveDeviceBytesPerBatch, 0)) device bytes per batch
            recovery             \(f(recoveryOpenMilliseconds)) ms open + \(f(recoveryFirstPendingMilliseconds)) ms first pending() \
            with \(recoveryBatches) queued (\(databaseFileBytes) bytes; a clean open \(f(cleanOpenMilliseconds)) ms)
            reference rate       \(f(referenceBatchesPerSecond, 2)) batches/s (\(referenceAssumption))
            ratio                \(f(commitsToReferenceRatio, 0))× the reference rate (target ≥ 20×); recovery target < 1000 ms
            """
    }
}

enum StoreBenchmark {
    /// Runs every phase in a fresh temporary folder under `base`.
    static func run(batches: Int, recoveryBatches: Int, base: String, reference: ReferenceBatchRate) throws
        -> StoreBenchResult
    {
        let root = base + "/sensorgate-bench-store-\(getpid())"
        try? FileManager.default.removeItem(atPath: root)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let payloadBytes = 300
        var random = SplitMix64(seed: 42)
        func payload() -> [UInt8] {
            var bytes: [UInt8] = []
            while bytes.count < payloadBytes { bytes += withUnsafeBytes(of: random.next(), Array.init) }
            return Array(bytes.prefix(payloadBytes))
        }
        let clock = ContinuousClock()
        let streams: UInt32 = 9
        // Real times (the age bound uses the system clock), starting a day ago.
        let startMicros = SystemStoreClock().nowMicros() - 86_400_000_000

        // Phase 1: durable single appends, then single acknowledgements.
        let store = try mapped { () throws(StoreError) in try BatchStore(directory: root + "/commits") }
        let made = (0..<batches).map { index in
            StoredBatch(
                stream: UInt32(index) % streams + 1, streamName: "bench", sequence: UInt64(index) / UInt64(streams),
                priority: .bulk, createdMicros: startMicros + Int64(index) * 100_000, payload: payload())
        }
        let ioBefore = ProcessIO.read()
        let appendTime = try clock.measure {
            for batch in made { try mapped { () throws(StoreError) in _ = try store.append(batch) } }
        }
        let ioAppended = ProcessIO.read()
        let ackTime = try clock.measure {
            for batch in made { try mapped { () throws(StoreError) in _ = try store.acknowledge([batch.key]) } }
        }
        let ioAcked = ProcessIO.read()
        // Link up: each batch is acknowledged right after it is appended (the queue stays near empty).
        let live = made.map { batch in
            var next = batch
            next.sequence += UInt64(batches)
            return next
        }
        let liveTime = try clock.measure {
            for batch in live {
                try mapped { () throws(StoreError) in
                    _ = try store.append(batch)
                    _ = try store.acknowledge([batch.key])
                }
            }
        }
        let ioLive = ProcessIO.read() - ioAcked

        // Phase 2: a large queue, filled with group commits.
        let path = root + "/recovery"
        var groupTime = Duration.zero
        var groupIO = ProcessIO()
        var fileBytes: Int64 = 0
        do {
            let big = try mapped { () throws(StoreError) in try BatchStore(directory: path) }
            var next = [UInt64](repeating: 0, count: Int(streams) + 1)
            var created = startMicros
            while big.count < recoveryBatches {
                let group = (0..<min(1000, recoveryBatches - big.count)).map { index in
                    let stream = UInt32(index) % streams + 1
                    next[Int(stream)] += 1
                    created += 100_000
                    return StoredBatch(
                        stream: stream, streamName: "bench", sequence: next[Int(stream)] - 1,
                        priority: index % 50 == 0 ? .event : .bulk, createdMicros: created, payload: payload())
                }
                let before = ProcessIO.read()
                groupTime += try clock.measure {
                    try mapped { () throws(StoreError) in try big.append(contentsOf: group) }
                }
                groupIO = groupIO + (ProcessIO.read() - before)
            }
            for index in 0..<50 {
                let batch = StoredBatch(
                    stream: 20, streamName: "tail", sequence: UInt64(index), priority: .bulk,
                    createdMicros: created, payload: payload())
                try mapped { () throws(StoreError) in _ = try big.append(batch) }
            }
            // A power cut now: copy the database and its WAL without a checkpoint.
            try FileManager.default.createDirectory(atPath: root + "/crash", withIntermediateDirectories: true)
            for suffix in ["", "-wal"] {
                try FileManager.default.copyItem(
                    atPath: path + "/store.sqlite" + suffix, toPath: root + "/crash/store.sqlite" + suffix)
            }
            fileBytes = try mapped { () throws(StoreError) in try big.statistics().databaseFileBytes }
        }
        var firstPending = Duration.zero
        var recovered: StoreRecovery?
        do {
            let crashed = try mapped { () throws(StoreError) in try BatchStore(directory: root + "/crash") }
            recovered = crashed.recovery
            firstPending = try clock.measure {
                _ = try mapped { () throws(StoreError) in try crashed.pending(limit: 100) }
            }
            guard crashed.count == recoveryBatches + 50, !crashed.recovery.startedFresh else {
                throw Failure("recovery lost batches: \(crashed.count) of \(recoveryBatches + 50) after the copy")
            }
        }
        let clean = try mapped { () throws(StoreError) in try BatchStore(directory: path) }.recovery

        let appended = ioAppended - ioBefore
        let acked = ioAcked - ioAppended
        let commits = Double(batches) / appendTime.inSeconds
        return StoreBenchResult(
            payloadBytes: payloadBytes, batches: batches, durableCommitsPerSecond: commits,
            acknowledgementsPerSecond: Double(batches) / ackTime.inSeconds,
            groupCommitBatchesPerSecond: Double(recoveryBatches) / groupTime.inSeconds,
            groupCommitDeviceBytesPerBatch: Double(groupIO.writeBytes) / Double(recoveryBatches),
            deviceBytesPerBatch: Double(appended.writeBytes) / Double(batches),
            writeCallBytesPerBatch: Double(appended.wchar) / Double(batches),
            deviceBytesPerAcknowledgement: Double(acked.writeBytes) / Double(batches),
            liveCyclesPerSecond: Double(batches) / liveTime.inSeconds,
            liveDeviceBytesPerBatch: Double(ioLive.writeBytes) / Double(batches),
            writeAmplification: Double(appended.writeBytes + acked.writeBytes) / Double(batches * payloadBytes),
            recoveryBatches: recoveryBatches + 50,
            recoveryOpenMilliseconds: (recovered?.duration ?? .zero).inSeconds * 1000,
            recoveryFirstPendingMilliseconds: firstPending.inSeconds * 1000,
            cleanOpenMilliseconds: clean.duration.inSeconds * 1000, databaseFileBytes: fileBytes,
            referenceBatchesPerSecond: reference.batchesPerSecond, referenceAssumption: reference.description,
            commitsToReferenceRatio: commits / reference.batchesPerSecond)
    }
}

/// The process's I/O counters (/proc/self/io).
struct ProcessIO {
    var wchar: Int64 = 0
    var writeBytes: Int64 = 0

    static func read() -> ProcessIO {
        var io = ProcessIO()
        guard let text = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8) else { return io }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":")
            guard parts.count == 2, let value = Int64(parts[1].trimmingCharacters(in: .whitespaces)) else { continue }
            if parts[0] == "wchar" { io.wchar = value }
            if parts[0] == "write_bytes" { io.writeBytes = value }
        }
        return io
    }

    static func + (lhs: ProcessIO, rhs: ProcessIO) -> ProcessIO {
        ProcessIO(wchar: lhs.wchar + rhs.wchar, writeBytes: lhs.writeBytes + rhs.writeBytes)
    }

    static func - (lhs: ProcessIO, rhs: ProcessIO) -> ProcessIO {
        ProcessIO(wchar: lhs.wchar - rhs.wchar, writeBytes: lhs.writeBytes - rhs.writeBytes)
    }
}

extension Duration {
    /// The duration in seconds.
    fileprivate var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
