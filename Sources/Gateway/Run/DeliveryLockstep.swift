// SensorGate — Gateway: a simulated modem's delivery kept in step with the sampler's virtual time.

import Foundation

/// Holds the sampling thread back until the delivery thread has handled the simulated time before it.
///
/// On a fully simulated board the sampler runs thousands of times faster than real time, while the
/// delivery thread, which drives the simulated modem, runs whenever the host gives it a turn and moves
/// the module's clock up to the sampler's time each round. Left alone, a round that comes 20 ms of wall
/// time late jumps the module's clock by minutes: a reboot or a lost registration is seen minutes
/// late, and the uplink's recovery measures the host's scheduling rather than the gateway's. With a
/// lockstep the sampler, after each slice, wakes the delivery and waits when it has fallen more than a
/// lead behind, so the module's clock never lags the sampler's by more than the lead and a slice.
final class DeliveryLockstep: @unchecked Sendable {
    // @unchecked Sendable: every field is guarded by `condition`.
    private let condition = NSCondition()
    private var reachedMicros: Int64 = -1

    /// The delivery thread has handled the simulated time up to `micros` after the run's start.
    /// - Parameter micros: simulated µs since the start.
    func delivered(upTo micros: Int64) {
        condition.lock()
        if micros > reachedMicros {
            reachedMicros = micros
            condition.broadcast()
        }
        condition.unlock()
    }

    /// Whether the delivery has handled the time up to `micros`.
    /// - Parameter micros: simulated µs since the start.
    func hasDelivered(upTo micros: Int64) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return reachedMicros >= micros
    }

    /// Waits (wall time, at most `limit`) until the delivery has handled the time up to `micros`.
    /// - Parameters:
    ///   - micros: simulated µs since the start.
    ///   - limit: the longest wait; a delivery thread blocked longer lets the sampler go on.
    /// - Returns: whether the delivery got there.
    @discardableResult
    func waitForDelivery(upTo micros: Int64, limit: Duration) -> Bool {
        let deadline = Date(timeIntervalSinceNow: Double(limit.nanoseconds) / 1e9)
        condition.lock()
        defer { condition.unlock() }
        while reachedMicros < micros {
            guard condition.wait(until: deadline) else { return false }
        }
        return true
    }
}
