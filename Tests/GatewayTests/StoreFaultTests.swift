// SensorGate — GatewayTests: the gateway on a real full disk and a real read-only state folder (tmpfs
// mounts; the tests run as root, as CI does): sampling goes on, every loss is counted and reported
// upstream, and nothing stored is lost.

import Board
import Envelope
import Foundation
import HAL
import Store
import Synchronization
import Testing

@testable import Gateway

/// A tmpfs mounted on a fresh folder: a file system whose size the test sets and changes.
struct TmpfsMount {
    let path: String

    /// Mounts a tmpfs of `sizeKiB` on a new folder.
    init(sizeKiB: Int) throws {
        path = NSTemporaryDirectory() + "sg-tmpfs-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Self.mount(["-t", "tmpfs", "-o", "size=\(sizeKiB)k", "tmpfs", path])
    }

    /// Grows (or shrinks) the file system in place: the gateway's open files stay open.
    func resize(sizeKiB: Int) throws { try Self.mount(["-o", "remount,size=\(sizeKiB)k", path]) }

    /// KiB in use (rounded up).
    var usedKiB: Int {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return 0 }
        return (Int(stats.f_blocks - stats.f_bfree) * Int(stats.f_frsize) + 1023) / 1024
    }

    /// Free bytes.
    var freeBytes: Int {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return -1 }
        return Int(stats.f_bavail) * Int(stats.f_frsize)
    }

    /// Makes the mounted file system read-only (no file may be open for writing).
    func remountReadOnly() throws { try Self.mount(["-o", "remount,ro", path]) }

    func unmount() {
        _ = try? Self.run("/bin/umount", ["-l", path])
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func mount(_ arguments: [String]) throws {
        guard getuid() == 0 else {
            throw GatewayTestError("mounting a tmpfs needs root (CI runs the tests as root); run `sudo Scripts/test`")
        }
        try run("/bin/mount", arguments)
    }

    @discardableResult
    private static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GatewayTestError("\(tool) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return process.terminationStatus
    }
}

/// Where a full-disk test is: 0 before the disk is filled, 1 while it is full, 2 once it has room again.
final class DiskPhase: Sendable {
    let value = Mutex(0)
}

/// A failure of the test's own setup.
struct GatewayTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

@Suite(.serialized) struct StoreFaultTests {
    /// Two streams of short batches (20 batches a second), as Boards/sim-power-cut.yaml.
    static let boardYAML = """
        board: {name: store-faults}
        buses:
          i2c0: {type: i2c, path: sim:i2c0}
          spi0: {type: spi, path: sim:spi0}
        gpio:
          gpio0: {path: sim:gpiochip0, lines: 32}
        devices:
          barometer:
            compatible: bosch,bmp280
            bus: i2c0
            address: 0x76
            settings: {pressure-oversampling: 4, temperature-oversampling: 1, filter: 4, standby-ms: 0.5}
            sample: {rate-hz: 50}
            batch: {interval: 100ms, priority: bulk}
          vibration:
            compatible: adi,adxl345
            bus: spi0
            chip-select: 0
            interrupts: {INT1: gpio0/27}
            settings: {odr-hz: 400, fifo-mode: stream, watermark: 16}
            sample: {trigger: fifo}
            batch: {interval: 100ms, priority: alarm}
        """

    static let utcStart: Int64 = 1_790_000_000_000_000

    private func run(
        directory: String, seconds: Int64, delivery: DeliveryMode, status: ((GatewayStatus) -> Void)? = nil,
        announce: ((String) -> Void)? = nil, beforeStoring: (@Sendable (StoredBatch) -> Void)? = nil
    ) throws -> GatewayReport {
        let board = try BoardLoader.parse(Self.boardYAML, file: "store-faults.yaml")
        var settings = GatewaySettings()
        settings.duration = .seconds(seconds)
        settings.stateDirectory = directory
        settings.delivery = delivery
        let runner = GatewayRunner(
            board: board, settings: settings, wallClock: StepClock(), utcStartMicros: Self.utcStart)
        runner.hooks.beforeStoring = beforeStoring
        return try runner.run(status: status, announce: announce)
    }

    /// Every sample of the run was taken and batched: the rate times the duration (the barometer's
    /// deadlines include both ends), less what the vibration FIFO still held below its watermark of 16.
    private func expectEverySampleTaken(_ report: GatewayReport, seconds: Int) {
        let samples = Dictionary(uniqueKeysWithValues: report.sensors.map { ($0.label, $0.samples) })
        #expect((seconds * 50...seconds * 50 + 1).contains(samples["barometer"] ?? 0), "\(samples)")
        #expect((seconds * 400 - 16...seconds * 400).contains(samples["vibration"] ?? 0), "\(samples)")
        #expect(report.sensors.allSatisfy { $0.missing == 0 })
        #expect(report.samplesBatched == report.samplesTaken)
    }

    @Test func onAFullDiskSamplingGoesOnDropsAreCountedAndReportedAndStoringResumesWithSpace() throws {
        let disk = try TmpfsMount(sizeKiB: 2048)
        defer { disk.unmount() }
        // Offline, so the store only grows. Just before the first batch that starts 5 s into the run is
        // stored, the file system is shrunk to what it holds, so every write that needs a new block meets
        // ENOSPC; just before the first batch from 20 s on, it gets 64 MiB, with the gateway running.
        // Both happen on the sealing thread, between two batches, so the outcome does not depend on how
        // far the sampler is ahead of it.
        let fillMicros = Self.utcStart + 5_000_000
        let growMicros = Self.utcStart + 20_000_000
        let phase = DiskPhase()
        let first = try run(
            directory: disk.path, seconds: 60, delivery: .offline,
            beforeStoring: { batch in
                phase.value.withLock { phase in
                    if phase == 0, batch.createdMicros >= fillMicros {
                        phase = 1
                        try? disk.resize(sizeKiB: max(disk.usedKiB, 4))
                    }
                    if phase == 1, batch.createdMicros >= growMicros {
                        phase = 2
                        try? disk.resize(sizeKiB: 65_536)
                    }
                }
            })
        #expect(phase.value.withLock { $0 } == 2, "the sealer never reached the batches from 20 s on")
        // Sampling never stopped: every sample was taken and batched, none reported missing.
        expectEverySampleTaken(first, seconds: 60)
        #expect(first.sensors.allSatisfy { $0.missing == 0 })
        // The batches that met the full disk are counted, by stream and reason, and their samples too:
        // both streams had batches in the full window (each commit appends to the growing WAL).
        let lostBatches = first.storeDrops.counts.filter { $0.stream != 0 && $0.reason == .diskFull }
        #expect(Set(lostBatches.map(\.stream)).count == 2, "\(first.storeDrops)")
        #expect(lostBatches.allSatisfy { $0.batches > 0 && $0.lastSequence >= $0.firstSequence }, "\(first.storeDrops)")
        #expect(first.storeDrops.counts.allSatisfy { $0.reason == .diskFull }, "\(first.storeDrops)")
        #expect((first.sealer.droppedSamples["not-stored-diskFull"] ?? 0) > 0)
        #expect(first.dropNotices.notices == 0, "offline: nothing may be reported yet")

        // Storing resumed once space returned: batches sampled after the disk grew are in the store.
        let store = try BatchStore(directory: disk.path)
        let stored = try store.pending(limit: 100_000)
        let latestMicros = try #require(stored.map(\.createdMicros).max())
        #expect(latestMicros > growMicros + 5_000_000)
        let storedBeforeDelivery = stored.filter { $0.stream != 0 }.count
        #expect(storedBeforeDelivery == first.sealer.batches)
        _ = consume store

        // The link returns: everything stored arrives, the drop notice goes with it, and every gap the
        // collector sees is one the notice explains.
        let second = try run(directory: disk.path, seconds: 5, delivery: .coapLoopback)
        #expect(second.everySampleVerified, "\(second.givenUp)")
        #expect(second.dropNotices.notices >= 1)
        #expect(second.unexplainedGaps == 0)
        for lost in lostBatches {
            let stream = try #require(second.collector.streams.first { $0.stream == lost.stream })
            #expect(stream.droppedByReason["diskFull"] == lost.batches)
            #expect(stream.sequenceGaps > 0)
        }
        #expect(second.storeDepthAtEnd == 0)
        #expect(second.deliveryCounters.batchesVerified == storedBeforeDelivery + second.sealer.batches)
    }

    @Test func aReadOnlyStateFolderKeepsTheGatewaySamplingWithAStoreInMemory() throws {
        let folder = try TmpfsMount(sizeKiB: 1024)
        defer { folder.unmount() }
        // The gateway's identity is in place, as on a deployed gateway whose flash went read-only.
        try DeviceIdentity.generate().save(to: folder.path + "/identity")
        let before = try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted()
        try folder.remountReadOnly()
        var lines: [String] = []
        let report = try run(
            directory: folder.path, seconds: 10, delivery: .coapLoopback, announce: { lines.append($0) })
        #expect(lines.contains { $0.contains("WARNING") && $0.contains("IN MEMORY ONLY") }, "\(lines)")
        #expect(report.storeRecovery.contains("IN MEMORY ONLY"))
        #expect(report.everySampleVerified)
        expectEverySampleTaken(report, seconds: 10)
        #expect(report.deliveryCounters.samplesVerified == report.samplesTaken)
        #expect(!report.identityCreated)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted() == before)
    }
}
