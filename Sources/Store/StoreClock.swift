// SensorGate — Store: the wall clock that ages batches.

#if canImport(Glibc)
    import Glibc
#endif

/// UTC time for the age bound and the quarantine's and drop report's time stamps.
///
/// Batches carry UTC start times (`createdMicros`), so the age bound needs the same clock; tests and the
/// simulator pass a clock they set.
public protocol StoreClock: Sendable {
    /// Now, in µs since 1970-01-01T00:00:00Z.
    func nowMicros() -> Int64
}

/// The system's UTC clock (`clock_gettime(CLOCK_REALTIME)`).
public struct SystemStoreClock: StoreClock {
    /// Creates the clock.
    public init() {}

    /// Now, in µs since 1970-01-01T00:00:00Z.
    public func nowMicros() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }
}
