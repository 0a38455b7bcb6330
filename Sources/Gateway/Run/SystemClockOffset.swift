// SensorGate — Gateway: how far the system clock (UTC) has been stepped since a run started.

#if canImport(Glibc)
    import Glibc
#endif

/// The system clock's offset from the monotonic clock, `CLOCK_REALTIME − CLOCK_MONOTONIC` in µs, read
/// back to back. Linux slews both clocks alike, so the offset changes only when the system clock is
/// stepped (NTP, GNSS, `date -s`, `clock_settime`); its change since the start of a run is the steps
/// the run's ``Sampling/UTCTimeline`` has to handle.
enum SystemClockOffset {
    /// The offset now, µs.
    static func microseconds() -> Int64 {
        var monotonic = timespec()
        var realtime = timespec()
        clock_gettime(CLOCK_MONOTONIC, &monotonic)
        clock_gettime(CLOCK_REALTIME, &realtime)
        let micros = { (spec: timespec) in Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000 }
        return micros(realtime) - micros(monotonic)
    }
}
