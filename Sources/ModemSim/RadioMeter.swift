// SensorGate — ModemSim: bytes and radio-on time, for energy-per-batch estimates.

import HAL

/// Counts what crossed the air and how long the radio was connected.
///
/// Every transfer keeps the radio connected from its start until the RRC tail after its end;
/// overlapping periods merge. Energy is connected time × connected power plus the rest × idle (or
/// PSM) power.
public struct RadioMeter: Sendable, Hashable {
    /// Payload bytes sent to the network.
    public private(set) var bytesUp = 0
    /// Payload bytes received from the network.
    public private(set) var bytesDown = 0
    /// Time spent in PSM, closed periods.
    public private(set) var psmTime: Duration = .zero
    private var closedOnTime: Duration = .zero
    private var onStart: MonotonicInstant?
    private var onEnd = MonotonicInstant.zero
    private var psmSince: MonotonicInstant?

    /// Creates a zeroed meter.
    public init() {}

    /// Records radio activity from `start` to `end`, keeping the radio on for `tail` afterwards.
    /// - Parameters:
    ///   - start: when the radio became busy.
    ///   - end: when the transfer ended.
    ///   - tail: the RRC inactivity tail.
    mutating func activity(from start: MonotonicInstant, to end: MonotonicInstant, tail: Duration) {
        let until = max(end, start) + tail
        if let begun = onStart, start <= onEnd {
            onStart = begun
            onEnd = max(onEnd, until)
        } else {
            if let begun = onStart { closedOnTime += onEnd - begun }
            onStart = start
            onEnd = until
        }
    }

    /// Records sent bytes.
    mutating func sent(_ count: Int) { bytesUp += count }

    /// Records received bytes.
    mutating func received(_ count: Int) { bytesDown += count }

    /// Records PSM entry or exit.
    mutating func psm(_ entering: Bool, at instant: MonotonicInstant) {
        if entering {
            psmSince = psmSince ?? instant
        } else if let since = psmSince {
            psmTime += instant - since
            psmSince = nil
        }
    }

    /// The time in PSM up to `now`, the current period included.
    /// - Parameter now: the current time.
    /// - Returns: the PSM time.
    public func psmTime(at now: MonotonicInstant) -> Duration {
        psmTime + (psmSince.map { max(.zero, now - $0) } ?? .zero)
    }

    /// The connected time up to `now`.
    /// - Parameter now: the current time.
    /// - Returns: the radio-on time.
    public func radioOnTime(at now: MonotonicInstant) -> Duration {
        guard let begun = onStart else { return closedOnTime }
        return closedOnTime + max(.zero, min(now, onEnd) - begun)
    }

    /// The energy estimate in joules over `elapsed` (from the simulation's start to `now`).
    /// - Parameters:
    ///   - now: the current time.
    ///   - elapsed: the time since the modem was switched on.
    ///   - profile: the network's power figures.
    /// - Returns: joules.
    public func energyJoules(at now: MonotonicInstant, elapsed: Duration, profile: NetworkProfile) -> Double {
        let on = seconds(radioOnTime(at: now))
        let psm = seconds(psmTime(at: now))
        let idle = max(0, seconds(elapsed) - on - psm)
        return on * profile.connectedPowerW + idle * profile.idlePowerW + psm * profile.psmPowerW
    }

    private func seconds(_ duration: Duration) -> Double { Double(duration.nanoseconds) / 1e9 }
}
