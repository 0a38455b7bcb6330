// SensorGate — Codec: the clock-step notice: steps of the gateway's system clock and what its timeline did (§13).

/// The gateway's record of its system clock's steps, sent upstream on the control stream: for each
/// step, how far the system clock moved, the gateway's UTC (as its batches are dated) when it saw
/// the step, how far its timeline moved, and how far the timeline runs ahead of the system clock
/// afterwards. A forward step moves the timeline by the whole step; a backward one is held (the
/// timeline never dates a sample before one already sent), so the upstream learns from the notice
/// by how much the times that follow are ahead, and can correct them.
public struct ClockStepNotice: Sendable, Hashable {
    /// Byte 0 of a clock-step notice: the control-message kind 0x90 with version 1.
    public static let leadByte: UInt8 = 0x91
    /// Most steps in one notice; a gateway with more sends several.
    public static let maxEntries = 64

    /// One step.
    public struct Entry: Sendable, Hashable {
        /// How far the system clock moved, µs (negative: backwards; never 0).
        public var stepMicros: Int64
        /// The gateway's UTC µs (its timeline, as its batches are dated) when it saw the step, before
        /// moving; ≥ 0.
        public var atMicros: Int64
        /// How far the timeline moved, µs (≥ 0): the step when forward, 0 when held (a backward step, or a
        /// forward one smaller than the lead it shortens), and between the two for a forward step that
        /// first took back the lead of held ones.
        public var movedMicros: Int64
        /// How far the timeline runs ahead of the system clock after the step, µs (≥ 0).
        public var aheadMicros: Int64

        /// Creates an entry.
        public init(stepMicros: Int64, atMicros: Int64, movedMicros: Int64, aheadMicros: Int64) {
            self.stepMicros = stepMicros
            self.atMicros = atMicros
            self.movedMicros = movedMicros
            self.aheadMicros = aheadMicros
        }

        /// Whether the timeline held the step (a backward step).
        public var isHeld: Bool { movedMicros == 0 }
    }

    /// The entries, in the order the gateway saw the steps.
    public let entries: [Entry]

    /// Checks the entries.
    /// - Throws: ``CodecError`` `invalidInput` for no entries or more than ``maxEntries``, or an entry
    ///   that breaks a rule of ``problem(_:)``.
    public init(entries: [Entry]) throws(CodecError) {
        guard !entries.isEmpty, entries.count <= Self.maxEntries else {
            throw CodecError(
                .invalidInput, "a clock-step notice holds 1 … \(Self.maxEntries) entries, not \(entries.count)")
        }
        for (index, entry) in entries.enumerated() {
            if let problem = Self.problem(entry) { throw CodecError(.invalidInput, "step \(index): \(problem)") }
        }
        self.entries = entries
    }

    /// What is wrong with `entry`, or nil: a zero step, a time, move or lead below 0, a move beyond a
    /// forward step or after a backward one, a lead left after the timeline moved, values beyond
    /// ±2⁶² µs.
    static func problem(_ entry: Entry) -> String? {
        let limit: Int64 = 1 << 62
        if entry.stepMicros == 0 { return "a step of 0 µs" }
        if abs(entry.stepMicros) > limit || entry.atMicros > limit || entry.aheadMicros > limit
            || entry.movedMicros > limit
        {
            return "a value beyond 2^62 µs"
        }
        if entry.atMicros < 0 { return "a time before 1970" }
        if entry.aheadMicros < 0 { return "a negative lead over the system clock" }
        if entry.movedMicros < 0 || entry.movedMicros > max(entry.stepMicros, 0) {
            return "a step of \(entry.stepMicros) µs moved the timeline by \(entry.movedMicros) µs"
        }
        if entry.movedMicros > 0, entry.aheadMicros != 0 {
            return "the timeline moved but still runs ahead of the system clock"
        }
        return nil
    }
}
