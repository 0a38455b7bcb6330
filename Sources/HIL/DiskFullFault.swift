// SensorGate — HIL: the `disk-full` windows, on a real tmpfs or as the sealer's hook.

import Foundation
import Store
import Synchronization

/// The disk-full windows. A batch belongs to a window by its first sample's time, so that the outcome
/// does not depend on how far the sealing thread lags behind the sampler.
///
/// With a ``TmpfsStateDisk`` (the real one), the store meets a real full file system: just before the
/// first batch of a window is stored the tmpfs shrinks to what it holds, and just before the first batch
/// after it, it gets room again; what fails, and where (a WAL append, a checkpoint), is SQLite's and the
/// kernel's. Without one, ``error(for:)`` refuses every batch inside a window as the store would.
final class DiskFullFault: Sendable {
    let windows: [FaultSpan]
    let path: String
    let utcStartMicros: Int64
    /// The real file system, or nil: the hook.
    let disk: TmpfsStateDisk?
    private let state = Mutex(State())

    private struct State {
        var full = false
        var fills = 0
        var failure: HILError?
    }

    init(windows: [FaultSpan], path: String, utcStartMicros: Int64, disk: TmpfsStateDisk?) {
        self.windows = windows
        self.path = path
        self.utcStartMicros = utcStartMicros
        self.disk = disk
    }

    /// How the windows reach the store.
    var method: DiskFullMethod { disk == nil ? .hook : .tmpfs }

    /// Times the real file system was shrunk to full.
    var fills: Int { state.withLock { $0.fills } }

    /// The first remount that failed, if any.
    var failure: HILError? { state.withLock { $0.failure } }

    private func inWindow(_ batch: StoredBatch) -> Bool {
        let t = Double(batch.createdMicros - utcStartMicros) / 1e6
        return windows.contains { $0.contains(t) }
    }

    /// The hook: the error a full disk gives for `batches`, or nil (always nil on the real file system).
    func error(for batches: [StoredBatch]) -> StoreError? {
        guard disk == nil, batches.contains(where: inWindow) else { return nil }
        return StoreError(
            .diskFull, path: path, detail: "no space left on device (scenario fault)", hint: "free space")
    }

    /// The real file system: fills it before the first batch inside a window, frees it before the first
    /// batch after one (pipeline thread, before the batch's append).
    func beforeStoring(_ batch: StoredBatch) {
        guard let disk else { return }
        let full = inWindow(batch)
        state.withLock { state in
            guard full != state.full else { return }
            do throws(HILError) {
                if full { try disk.fill() } else { try disk.free() }
                state.full = full
                if full { state.fills += 1 }
            } catch {
                if state.failure == nil { state.failure = error }
            }
        }
    }
}
