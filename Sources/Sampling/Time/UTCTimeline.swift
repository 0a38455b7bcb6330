// SensorGate — Sampling: monotonic sample times to UTC that never goes backwards, with a record of clock steps.

import HAL

/// Maps the monotonic times samples are stamped with to UTC for the upstream, and keeps a record of
/// the system clock's steps (docs/sampling.md, "UTC").
///
/// The system clock (UTC, `CLOCK_REALTIME`) can be stepped at any time: NTP or GNSS setting a clock
/// that booted at 1970 or at a stale RTC value, an operator, a cellular network's NITZ time. The
/// monotonic clock is never stepped (Linux slews both clocks alike), so the offset UTC − monotonic
/// changes only at a step. The timeline holds the offset it maps with and compares it, at every
/// ``observe(monotonic:systemUTCMicros:)``, with the system's:
///
/// - **Forward step** (the system clock moved ahead by more than the threshold): applied. Samples
///   sealed from now on are dated with the new offset, so the upstream sees time jump forward, never
///   back.
/// - **Backward step**: held. Applying it would date later samples before ones already sent. The
///   timeline keeps its offset, runs ahead of the system clock by the step, and says so in the record
///   (``ClockStep/aheadMicros``), so the upstream can correct. A later forward step of the system
///   clock is applied only beyond what was held.
/// - **The floor**: a timeline starts no earlier than just after the last time the previous run sent
///   (``init(start:systemUTCMicros:floorMicros:settings:)``); a system clock behind it (a gateway
///   without an RTC, booted at 1970) starts the timeline at the floor, recorded as a held step.
public struct UTCTimeline: Sendable {
    /// The timeline's settings.
    public struct Settings: Sendable, Equatable {
        /// A change of the system clock's offset smaller than this is read jitter between the two clock
        /// reads, not a step. Default 1 ms (a step by NTP is at least 128 ms; a read pair costs µs).
        public var stepThresholdMicros: Int64
        /// The most steps kept in ``steps``; older ones are dropped (their count stays in
        /// ``stepsSeen``). Default 256.
        public var maxStepsKept: Int

        /// Settings with the documented defaults.
        public init(stepThresholdMicros: Int64 = 1000, maxStepsKept: Int = 256) {
            self.stepThresholdMicros = max(1, stepThresholdMicros)
            self.maxStepsKept = max(1, maxStepsKept)
        }
    }

    /// The settings.
    public let settings: Settings
    /// The monotonic instant the timeline started at: its µs are counted from here, so that a system
    /// clock computed from the same start maps without rounding.
    public let start: MonotonicInstant
    /// UTC µs − µs since ``start`` as the timeline maps now.
    public private(set) var offsetMicros: Int64
    /// UTC µs − µs since ``start`` of the system clock at the latest observation.
    public private(set) var systemOffsetMicros: Int64
    /// The steps seen, oldest first (at most ``Settings/maxStepsKept``).
    public private(set) var steps: [ClockStep] = []
    /// Every step seen, including those no longer kept.
    public private(set) var stepsSeen = 0

    /// Starts a timeline at `start`.
    /// - Parameters:
    ///   - start: the monotonic instant of the first observation.
    ///   - systemUTCMicros: the system clock's UTC at `start`, µs since 1970.
    ///   - floorMicros: the latest UTC µs an earlier run sent (from the store), or nil; the timeline's UTC
    ///     at `start` is after it.
    ///   - settings: thresholds.
    public init(
        start: MonotonicInstant, systemUTCMicros: Int64, floorMicros: Int64? = nil, settings: Settings = Settings()
    ) {
        self.settings = settings
        self.start = start
        systemOffsetMicros = systemUTCMicros
        offsetMicros = systemOffsetMicros
        if let floorMicros, systemUTCMicros <= floorMicros {
            offsetMicros = floorMicros + 1
            record(
                ClockStep(
                    atMonotonicMicros: start.nanoseconds / 1000, atUTCMicros: floorMicros + 1,
                    stepMicros: systemUTCMicros - (floorMicros + 1), disposition: .held,
                    aheadMicros: offsetMicros - systemOffsetMicros))
        }
    }

    /// The UTC µs of monotonic instant `instant` as the timeline maps it now.
    public func utcMicros(at instant: MonotonicInstant) -> Int64 { micros(since: instant) + offsetMicros }

    /// Whole µs from ``start`` to `instant`.
    private func micros(since instant: MonotonicInstant) -> Int64 { (instant.nanoseconds - start.nanoseconds) / 1000 }

    /// How far the timeline runs ahead of the system clock, µs (0 unless a backward step is held).
    public var aheadMicros: Int64 { offsetMicros - systemOffsetMicros }

    /// Compares the system clock with the timeline and records a step when it moved.
    /// - Parameters:
    ///   - monotonic: the monotonic instant, read just before `systemUTCMicros`.
    ///   - systemUTCMicros: the system clock's UTC µs.
    /// - Returns: the step seen, or nil when the system clock kept its offset.
    @discardableResult
    public mutating func observe(monotonic: MonotonicInstant, systemUTCMicros: Int64) -> ClockStep? {
        let elapsedMicros = micros(since: monotonic)
        let observed = systemUTCMicros - elapsedMicros
        let moved = observed - systemOffsetMicros
        guard abs(moved) >= settings.stepThresholdMicros else { return nil }
        systemOffsetMicros = observed
        let atUTC = elapsedMicros + offsetMicros
        let monotonicMicros = monotonic.nanoseconds / 1000
        let step: ClockStep
        if observed > offsetMicros {
            // Ahead of what the timeline maps with (a forward step, or one undoing a held backward step):
            // the timeline moves forward to the system clock.
            let applied = observed - offsetMicros
            offsetMicros = observed
            step = ClockStep(
                atMonotonicMicros: monotonicMicros, atUTCMicros: atUTC, stepMicros: moved,
                disposition: applied == moved ? .applied : .partlyApplied(appliedMicros: applied), aheadMicros: 0)
        } else {
            step = ClockStep(
                atMonotonicMicros: monotonicMicros, atUTCMicros: atUTC, stepMicros: moved, disposition: .held,
                aheadMicros: offsetMicros - observed)
        }
        record(step)
        return step
    }

    private mutating func record(_ step: ClockStep) {
        stepsSeen += 1
        steps.append(step)
        if steps.count > settings.maxStepsKept { steps.removeFirst(steps.count - settings.maxStepsKept) }
    }
}

/// One step of the system clock, as the timeline saw and handled it.
public struct ClockStep: Sendable, Hashable, Codable {
    /// What the timeline did with a step.
    public enum Disposition: Sendable, Hashable, Codable {
        /// Forward: the timeline moved by the whole step.
        case applied
        /// Forward, after a held backward step: the timeline moved by `appliedMicros`, the part beyond
        /// what it was ahead.
        case partlyApplied(appliedMicros: Int64)
        /// Backward: the timeline kept its offset (it never dates a sample before one already sent).
        case held

        /// How far the timeline moved, given the step.
        func movedMicros(step: Int64) -> Int64 {
            switch self {
            case .applied: step
            case .partlyApplied(let applied): applied
            case .held: 0
            }
        }
    }

    /// The monotonic µs at which it was seen.
    public var atMonotonicMicros: Int64
    /// The timeline's UTC µs when it was seen (before it applied any of it).
    public var atUTCMicros: Int64
    /// How far the system clock moved, µs (negative: backwards).
    public var stepMicros: Int64
    /// What the timeline did.
    public var disposition: Disposition
    /// How far the timeline runs ahead of the system clock afterwards, µs.
    public var aheadMicros: Int64

    /// How far the timeline itself moved, µs (0 for a held step).
    public var movedMicros: Int64 { disposition.movedMicros(step: stepMicros) }

    /// Creates a record.
    public init(
        atMonotonicMicros: Int64, atUTCMicros: Int64, stepMicros: Int64, disposition: Disposition, aheadMicros: Int64
    ) {
        self.atMonotonicMicros = atMonotonicMicros
        self.atUTCMicros = atUTCMicros
        self.stepMicros = stepMicros
        self.disposition = disposition
        self.aheadMicros = aheadMicros
    }
}
