// SensorGate — tests: real time, for runs against a real broker.

import HAL

#if canImport(Glibc)
    import Glibc
#endif

/// The host's monotonic time from the moment the clock was made (a real broker runs in real time).
final class WallClock: MonotonicClock {
    private let origin = ContinuousClock.now

    func now() -> MonotonicInstant { MonotonicInstant(nanoseconds: (ContinuousClock.now - origin).nanoseconds) }

    func sleep(until deadline: MonotonicInstant) throws(HALError) {
        let span = deadline - now()
        guard span > .zero else { return }
        var request = timespec(
            tv_sec: Int(span.components.seconds), tv_nsec: Int(span.components.attoseconds / 1_000_000_000))
        _ = nanosleep(&request, nil)
    }
}
