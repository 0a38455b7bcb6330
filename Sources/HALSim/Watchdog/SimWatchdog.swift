// SensorGate — HALSim: a watchdog on a monotonic clock, for simulated gateways and tests.

import HAL

/// A watchdog whose countdown runs on any ``MonotonicClock`` (virtual time in a simulation): it records
/// every kick and whether, and when, it would have reset the system.
public final class SimWatchdog: Watchdog {
    /// `sim:watchdog`.
    public let name = "sim:watchdog"
    /// The countdown.
    public let timeout: Duration
    private let clock: any MonotonicClock
    private var deadline: MonotonicInstant?
    /// Every kick's time.
    public private(set) var kicks: [MonotonicInstant] = []
    /// When the countdown first ran out (nil while it never did).
    public private(set) var firedAt: MonotonicInstant?
    /// Whether it was disarmed.
    public private(set) var disarmed = false

    /// Arms a watchdog of `timeout` on `clock`, counting from now.
    public init(timeout: Duration, clock: any MonotonicClock) {
        self.timeout = timeout
        self.clock = clock
        deadline = clock.now() + timeout
    }

    /// Restarts the countdown, unless it already ran out (a real system would have been reset).
    public func kick() throws(HALError) {
        let now = clock.now()
        checkExpiry(at: now)
        guard firedAt == nil else {
            throw HALError(.other, device: name, operation: "kick", hint: "the watchdog already fired")
        }
        kicks.append(now)
        deadline = now + timeout
    }

    /// Disarms (the model always allows magic close).
    public func disarm() -> Bool {
        checkExpiry(at: clock.now())
        deadline = nil
        disarmed = true
        return true
    }

    /// Whether the countdown has run out by now.
    public var hasFired: Bool {
        checkExpiry(at: clock.now())
        return firedAt != nil
    }

    private func checkExpiry(at now: MonotonicInstant) {
        if firedAt == nil, let deadline, now > deadline { firedAt = deadline }
    }
}
