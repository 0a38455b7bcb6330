// SensorGate — Codec: what explicit timestamps carry from one batch to the next.

/// The adaptive state of an explicit-timestamp stream (docs/batch-format.md §5.1 and §8): the reference
/// period, the last time, the last interval's deviation, where the last event was, and the models'
/// probabilities. A key batch starts it afresh from the nominal period.
struct TimeState: Sendable, Equatable {
    /// Context rows of the signed model: 7 jitter classes and the event row.
    static let rows = 8
    /// The row that codes events (relative to the last event's deviation).
    static let eventRow = 7
    /// Probabilities of the event decision, by where the row sits relative to the last event spacing.
    static let eventContexts = 8
    /// `rowsSinceEvent` stops counting here.
    static let maxSpacing: Int64 = 1 << 20

    /// The reference period P in µs.
    var period: Int64
    /// The time of the last row coded.
    var lastTime: Int64 = 0
    /// The last row's deviation d = interval − P (0 before the first interval).
    var lastDeviation: Int64 = 0
    /// Whether the last row was an event.
    var lastWasEvent = false
    /// Rows since the last event (or since the key batch).
    var rowsSinceEvent: Int64 = 0
    /// Rows between the last two events; 0 until there have been two.
    var eventSpacing: Int64 = 0
    /// The last event's deviation.
    var eventDeviation: Int64 = 0
    /// The signed model's probabilities, `rows × SignedModel.stride`.
    var model = [UInt16](repeating: Probability.half, count: rows * SignedModel.stride)
    /// The event decision's probabilities.
    var event = [UInt16](repeating: Probability.half, count: eventContexts)
    /// The two jitter-prediction flags' probabilities (after a ±1 deviation, after a 2...7 one).
    var alpha = [UInt16](repeating: Probability.half, count: 2)

    /// The state of a key batch whose first row is at `firstTime`, with the nominal period `period`.
    init(period: Int64, firstTime: Int64 = 0) {
        self.period = period
        self.lastTime = firstTime
    }

    /// Becomes ``init(period:firstTime:)``'s state (first time 0) in the storage it has.
    mutating func restart(period: Int64) {
        self.period = period
        lastTime = 0
        lastDeviation = 0
        lastWasEvent = false
        rowsSinceEvent = 0
        eventSpacing = 0
        eventDeviation = 0
        model.withUnsafeMutableBufferPointer { $0.update(repeating: Probability.half) }
        event.withUnsafeMutableBufferPointer { $0.update(repeating: Probability.half) }
        alpha.withUnsafeMutableBufferPointer { $0.update(repeating: Probability.half) }
    }

    /// Moves the model and event tables out (leaving them empty), so that a coding loop can work in them
    /// through pointers while it changes the state's other fields; the loop puts them back.
    mutating func takeTables() -> (model: [UInt16], event: [UInt16]) {
        defer {
            model = []
            event = []
        }
        return (model, event)
    }

    /// The event decision's context for the row about to be coded (`rowsSinceEvent` already counts it).
    @inline(__always)
    var eventContext: Int {
        guard eventSpacing > 0 else { return 7 }
        let offset = rowsSinceEvent &- eventSpacing
        return offset < -2 ? 0 : offset > 2 ? 6 : Int(3 &+ offset)
    }

    /// The jitter class of the last row: 0 for d = 0, 1 for +1, 2 for −1, 3 for 2...7, 4 for −7...−2,
    /// 5 for |d| ≥ 8, 6 after an event.
    @inline(__always)
    var jitterClass: Int {
        if lastWasEvent { return 6 }
        switch lastDeviation {
        case 0: return 0
        case 1: return 1
        case -1: return 2
        case 2...7: return 3
        case -7 ... -2: return 4
        default: return 5
        }
    }
}
