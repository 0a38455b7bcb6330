// SensorGate — sensorgate store: inspect, drain and soak the durable batch store.

import ArgumentParser
import Foundation
import HAL
import Store

/// `sensorgate store inspect|drain|soak --state-dir DIR`.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Inspect, drain or soak the durable batch store (docs/store.md).",
        subcommands: [StoreInspect.self, StoreDrain.self, StoreSoak.self])
}

/// The options every store command takes.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The gateway's state folder (the store is DIR/store.sqlite).", valueName: "DIR"))
    var stateDir: String

    @Option(help: "The store's byte bound (default 64 MiB).")
    var maxBytes: Int?

    @Option(help: "The bound's policy: dropOldestBulk or thinBulk.")
    var policy: String?

    /// Opens the store, printing what recovery did on standard error when it had to start afresh.
    func open() throws -> BatchStore {
        var settings = StoreSettings.default
        if let maxBytes {
            guard maxBytes > 0 else { throw Failure("--max-bytes must be positive") }
            settings.maxBytes = maxBytes
        }
        if let policy {
            guard let value = StorePolicy(rawValue: policy) else {
                throw Failure("--policy \(policy): use dropOldestBulk or thinBulk")
            }
            settings.policy = value
        }
        do throws(StoreError) {
            let store = try BatchStore(directory: stateDir, settings: settings)
            if store.recovery.startedFresh {
                FileHandle.standardError.write(Data("sensorgate: warning: \(store.recovery)\n".utf8))
            }
            return store
        } catch {
            throw Failure(error.description)
        }
    }
}

/// `sensorgate store inspect --state-dir DIR [--json]`.
struct StoreInspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect", abstract: "Queue depth by priority and stream, drops not yet reported, quarantine.")

    @OptionGroup var options: StoreOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        try reportingFailures {
            let store = try options.open()
            let statistics = try mapped { () throws(StoreError) in try store.statistics() }
            let drops = try mapped { () throws(StoreError) in try store.dropReport() }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                let report = InspectReport(recovery: store.recovery.description, statistics: statistics, drops: drops)
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
                return
            }
            print(store.recovery)
            print(
                "queued: \(statistics.batches) batches, \(statistics.chargedBytes) of \(statistics.maxBytes) bytes; "
                    + "files \(statistics.databaseFileBytes) + WAL \(statistics.walFileBytes) bytes")
            for priority in BatchPriority.allCases {
                print("  \(priority.name): \(statistics.batches(priority: priority))")
                for depth in statistics.depths where depth.priority == priority {
                    print(
                        "    stream \(depth.stream) \(depth.streamName): \(depth.batches) batches, "
                            + "\(depth.payloadBytes) bytes, sequence \(depth.lowestSequence)…\(depth.highestSequence)")
                }
            }
            print("drops not yet reported: \(drops.counts.reduce(0) { $0 + $1.batches })")
            for count in drops.counts {
                print(
                    "  stream \(count.stream) \(count.streamName): \(count.batches) \(count.reason.rawValue) "
                        + "(\(count.bytes) bytes, sequence \(count.firstSequence)…\(count.lastSequence))")
            }
            print("quarantine: \(statistics.quarantined.count)")
            for row in statistics.quarantined {
                print(
                    "  stream \(row.stream) sequence \(row.sequence): \(row.bytes) bytes, CRC stored "
                        + "\(String(row.storedCRC, radix: 16)) read \(String(row.actualCRC, radix: 16))")
            }
        }
    }
}

/// `sensorgate store inspect --json`'s document.
struct InspectReport: Encodable {
    let recovery: String
    let statistics: StoreStatistics
    let drops: DropReport
}

/// `sensorgate store drain --state-dir DIR [--json]`.
struct StoreDrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drain",
        abstract: "Print every pending batch in sending order and acknowledge it, as an upstream would.",
        discussion: """
            Each batch read passed its CRC-32C (a row that fails is quarantined and listed instead). With --json: \
            one document with every batch (stream, sequence, priority, createdMicros, bytes, crcOK, payload in hex), \
            the drop report (then marked reported) and the quarantine. Scripts/test-power-cut checks it.
            """)

    @OptionGroup var options: StoreOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        try reportingFailures {
            let store = try options.open()
            var drained: [DrainedBatch] = []
            while true {
                let batches = try mapped { () throws(StoreError) in try store.pending(limit: 512) }
                if batches.isEmpty { break }
                for batch in batches {
                    drained.append(DrainedBatch(batch))
                    if !json {
                        print(
                            "\(batch.stream) \(batch.sequence) \(batch.priority.name) \(batch.payload.count) bytes "
                                + "crc ok")
                    }
                }
                try mapped { () throws(StoreError) in _ = try store.acknowledge(batches.map(\.key)) }
            }
            let drops = try mapped { () throws(StoreError) in try store.dropReport() }
            let quarantined = try mapped { () throws(StoreError) in try store.statistics().quarantined }
            try mapped { () throws(StoreError) in try store.markDropsReported(drops) }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                let document = DrainReport(
                    recovery: store.recovery.description, batches: drained, drops: drops, quarantined: quarantined)
                print(String(decoding: try encoder.encode(document), as: UTF8.self))
            } else {
                print(
                    "drained \(drained.count) batches; \(drops.counts.count) drop counters; quarantine \(quarantined.count)"
                )
            }
        }
    }
}

/// One drained batch.
struct DrainedBatch: Encodable {
    let stream: UInt32
    let sequence: UInt64
    let priority: String
    let createdMicros: Int64
    let bytes: Int
    let crcOK: Bool
    let payload: String

    init(_ batch: StoredBatch) {
        stream = batch.stream
        sequence = batch.sequence
        priority = batch.priority.name
        createdMicros = batch.createdMicros
        bytes = batch.payload.count
        crcOK = true
        payload = batch.payload.map {
            String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16)
        }
        .joined()
    }
}

/// `sensorgate store drain --json`'s document.
struct DrainReport: Encodable {
    let recovery: String
    let batches: [DrainedBatch]
    let drops: DropReport
    let quarantined: [QuarantinedBatch]
}

/// Runs a store call, turning its error into the command's one-line failure.
func mapped<T>(_ body: () throws(StoreError) -> T) throws -> T {
    do throws(StoreError) {
        return try body()
    } catch {
        throw Failure(error.description)
    }
}

/// `sensorgate store soak --state-dir DIR --seed S [--streams N] [--count N]`.
struct StoreSoak: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Append seeded batches until killed, printing `committed <stream> <seq>` as each append returns.",
        discussion: """
            Streams, priorities (2 % alarms, 8 % events) and times come from --seed; each payload (200–400 bytes) \
            is a function of its stream and sequence number alone (SoakPayload, reproduced by \
            Scripts/test-power-cut), so a checker can tell a damaged one. A line is written with one write(2) \
            after the append has returned, so every line printed names a batch that was durable. A batch the \
            store refuses is printed as `dropped <stream> <seq> <reason>`.
            """)

    @OptionGroup var options: StoreOptions

    @Option(help: "The seed of the stream and priority choices.")
    var seed: UInt64

    @Option(help: "How many streams (IDs 1…N).")
    var streams: UInt32 = 9

    @Option(help: "Stop after N batches (default: never).")
    var count: Int?

    func run() throws {
        try reportingFailures {
            guard streams >= 1 else { throw Failure("--streams must be ≥ 1") }
            let store = try options.open()
            var random = SplitMix64(seed: seed)
            let clock = SystemStoreClock()
            var appended = 0
            while count.map({ appended < $0 }) ?? true {
                let stream = 1 + UInt32(random.next() % UInt64(streams))
                let roll = random.next() % 100
                let priority: BatchPriority = roll < 2 ? .alarm : roll < 10 ? .event : .bulk
                let sequence = store.nextSequence(stream: stream)
                let batch = StoredBatch(
                    stream: stream, streamName: "soak\(stream)", sequence: sequence, priority: priority,
                    createdMicros: clock.nowMicros(), payload: SoakPayload.make(stream: stream, sequence: sequence))
                let line: String
                do throws(StoreError) {
                    switch try store.append(batch) {
                    case .stored: line = "committed \(stream) \(sequence)\n"
                    case .droppedByPolicy: line = "dropped \(stream) \(sequence) policy\n"
                    }
                } catch  where error.kind == .diskFull {
                    line = "dropped \(stream) \(sequence) diskFull\n"
                } catch {
                    throw Failure(error.description)
                }
                FileHandle.standardOutput.write(Data(line.utf8))
                appended += 1
            }
        }
    }
}

/// The soak's payloads: a function of stream and sequence alone, so that a checker can recompute each one.
///
/// `"SGSK"`, the stream (4 bytes, big-endian), the sequence number (8 bytes, big-endian), then SplitMix64
/// words (little-endian) seeded with `stream << 40 ^ sequence`, cut to a length of 200 + (first word mod 201).
enum SoakPayload {
    static func make(stream: UInt32, sequence: UInt64) -> [UInt8] {
        var random = SplitMix64(seed: UInt64(stream) << 40 ^ sequence)
        let length = 200 + Int(random.next() % 201)
        var bytes = Array("SGSK".utf8)
        bytes += withUnsafeBytes(of: stream.bigEndian, Array.init)
        bytes += withUnsafeBytes(of: sequence.bigEndian, Array.init)
        while bytes.count < length { bytes += withUnsafeBytes(of: random.next().littleEndian, Array.init) }
        return Array(bytes.prefix(length))
    }
}
