// SensorGate — Gateway: the hand-off between the sampling thread and the sealing stage.

import Foundation

/// Full windows from the batcher to the sealing stage, and empty ones back.
///
/// The sampling thread takes the lock only when it hands over a window (once per stream per batch
/// interval) and takes a recycled one in the same step; nothing waits on the sampling thread's side.
final class WindowQueue: @unchecked Sendable {
    // @unchecked Sendable: every field is guarded by `condition`.
    private let condition = NSCondition()
    private var full: [SampleWindow] = []
    private var free: [Int: [SampleWindow]] = [:]
    private var closed = false
    private var nudged = false
    private var outstanding = 0

    /// Hands over a full window and returns an empty one for the same stream, recycled when one is
    /// free (allocated only while the pipeline warms up or falls behind).
    func handOver(_ window: SampleWindow) -> SampleWindow {
        condition.lock()
        full.append(window)
        outstanding += 1
        let recycled = free[window.stream]?.popLast()
        condition.signal()
        condition.unlock()
        if let recycled { return recycled }
        return SampleWindow(
            stream: window.stream, channels: window.channels, capacity: window.capacity, keepsTimes: window.keepsTimes)
    }

    /// Gives an emptied window back for reuse.
    func recycle(_ window: SampleWindow) {
        window.reset()
        condition.lock()
        free[window.stream, default: []].append(window)
        outstanding -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Windows handed over and not yet given back: waiting to be taken or being sealed.
    var windowsOutstanding: Int {
        condition.lock()
        defer { condition.unlock() }
        return outstanding
    }

    /// Waits (wall time, at most `limit`) until at most `bound` windows are outstanding: the sampler of a
    /// simulated board, which can run far ahead of the sealing stage, holds its virtual time still
    /// meanwhile, so windows do not pile up in memory (a real-time sampler never calls it).
    /// - Parameters:
    ///   - bound: the most windows that may be outstanding.
    ///   - limit: the longest wait; a sealing stage blocked longer lets the sampler go on.
    /// - Returns: whether the stage got there in time (true at once when it already had).
    @discardableResult
    func waitForSealing(outstandingAtMost bound: Int, limit: Duration) -> Bool {
        let deadline = Date(timeIntervalSinceNow: Double(limit.nanoseconds) / 1e9)
        condition.lock()
        defer { condition.unlock() }
        while outstanding > bound {
            guard condition.wait(until: deadline) else { return outstanding <= bound }
        }
        return true
    }

    /// Every window handed over so far, waiting up to `timeout` for one when there is none.
    /// - Returns: the windows (possibly none), and whether the queue is closed and drained.
    func take(waitingUpTo timeout: Duration) -> (windows: [SampleWindow], finished: Bool) {
        condition.lock()
        defer { condition.unlock() }
        if full.isEmpty, !closed, !nudged {
            _ = condition.wait(until: Date(timeIntervalSinceNow: Double(timeout.nanoseconds) / 1e9))
        }
        nudged = false
        let windows = full
        full.removeAll(keepingCapacity: true)
        return (windows, closed && windows.isEmpty)
    }

    /// Ends the sealing stage's current (or next) wait at once, with or without windows: the sampler's
    /// time moved and a lockstep delivery should follow it.
    func nudge() {
        condition.lock()
        nudged = true
        condition.signal()
        condition.unlock()
    }

    /// Whether full windows wait to be taken: the sealing stage then stops delivering and seals them
    /// first, so samples reach the durable store while a slow link keeps the stage busy.
    var hasWindowsWaiting: Bool {
        condition.lock()
        defer { condition.unlock() }
        return !full.isEmpty
    }

    /// No more windows will come.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
