// SensorGate — Codec: explicit timestamps as deviations from the reference period.

/// Codes explicit row times (docs/batch-format.md §5.1). Each row's interval is the reference period P
/// plus a deviation d. Most deviations are a timer's jitter: they are coded with a ``SignedModel`` whose
/// context is the previous deviation's class, after an optional prediction of −(previous deviation)
/// (a late row is usually followed by an early one). Rare large deviations (a logger's periodic
/// re-synchronisation, a dropped sample) are **events**: an adaptive flag, whose context is where the
/// row sits relative to the last spacing between events, and the deviation relative to the last event's.
/// A delta batch's first row continues from the previous batch's last time, so it costs what any row does.
enum TimestampCoding {
    /// Deviations above this (for period P: max(P/16, 2) µs) are coded as events by our encoder.
    @inline(__always)
    static func eventThreshold(_ period: Int64) -> Int64 { max(period >> 4, 2) }

    /// The median interval of `times`, or nil for a single row.
    static func medianInterval(_ times: UnsafeBufferPointer<Int64>) -> Int64? {
        guard times.count >= 2 else { return nil }
        // Counted straight from the times (the common batch needs no array of intervals); sorted otherwise.
        let median: Int64
        if let counted = countedMedian(count: times.count - 1, { times[$0 &+ 1] &- times[$0] }) {
            median = counted
        } else {
            var intervals = (1..<times.count).map { times[$0] &- times[$0 - 1] }
            median = sortedMedian(&intervals)
        }
        return min(max(median, 0), FormatLimits.maxPeriodMicros)
    }

    /// The widest spread of intervals whose median ``countedMedian(_:)`` finds by counting.
    static let countedSpread: Int64 = 1024

    /// The element at index `count / 2` in sorted order, found by counting each value when the values
    /// lie within ``countedSpread`` of each other (a timer's jitter), so the common batch is not sorted;
    /// nil otherwise.
    static func countedMedian(_ values: [Int64]) -> Int64? {
        values.withUnsafeBufferPointer { values in countedMedian(count: values.count) { values[$0] } }
    }

    /// ``countedMedian(_:)`` of the `count` values `value(0)`, `value(1)`, …: one pass for the range and
    /// one to count (none when the values are all equal).
    @inline(__always)
    private static func countedMedian(count: Int, _ value: (Int) -> Int64) -> Int64? {
        guard count > 0 else { return nil }
        var low = value(0)
        var high = low
        for index in 1..<count {
            let next = value(index)
            low = min(low, next)
            high = max(high, next)
        }
        guard high &- low <= countedSpread else { return nil }
        if low == high { return low }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: Int(high &- low) &+ 1) { counts in
            counts.initialize(repeating: 0)
            for index in 0..<count { counts[Int(value(index) &- low)] &+= 1 }
            var seen = 0
            for offset in counts.indices {
                seen &+= counts[offset]
                if seen > count / 2 { return low &+ Int64(offset) }
            }
            return high
        }
    }

    /// The element at index `count / 2` in sorted order, by sorting.
    private static func sortedMedian(_ values: inout [Int64]) -> Int64 {
        values.sort()
        return values[values.count / 2]
    }

    /// Encodes `times` (checked to be within ±2^60 µs); a key batch's state already holds the first time.
    static func encode(_ times: [Int64], key: Bool, state: inout TimeState, sink: inout BodySink) {
        times.withUnsafeBufferPointer { times in
            var candidates = [state.period]
            if let median = medianInterval(times), median != state.period { candidates.append(median) }
            var best: (cost: Int, period: Int64, alpha: (Bool, Bool)) = (.max, state.period, (false, false))
            for period in candidates {
                let (off, on) = trials(times, key: key, period: period, state: state)
                for flags in 0..<4 {
                    let alpha = (flags & 1 != 0, flags & 2 != 0)
                    let cost = off.0 &+ (alpha.0 ? on.1 : off.1) &+ (alpha.1 ? on.2 : off.2)
                    if cost < best.cost { best = (cost, period, alpha) }
                }
            }
            code(times, key: key, period: best.period, alpha: best.alpha, state: &state, sink: &sink)
        }
    }

    /// The costs by group (``GroupCostSink``) of coding `times` at `period` with both flags off and with
    /// both on, in one pass. The first flag changes only the header's first flag bit and the rows after
    /// a ±1 deviation (group 1), the second only its bit and the rows after 2…7 (group 2): each class has
    /// its own model row, and the classes follow the deviations, not the predictions. So the two trials
    /// price all four combinations exactly, and everything else (group 0: the period, the event
    /// decisions, the other rows) costs the same in both and is coded once.
    static func trials(_ times: UnsafeBufferPointer<Int64>, key: Bool, period: Int64, state: TimeState)
        -> (off: (Int, Int, Int), on: (Int, Int, Int))
    {
        var shared = state  // the trial with both flags off, which also carries everything the trials share
        var onModel = state.model  // the other trial's rows for groups 1 and 2
        var onAlpha = state.alpha
        var off = GroupCostSink()
        var on = GroupCostSink()
        let change = Varint.zigzag(period &- shared.period) &+ 1
        let length = UInt64(64 &- change.leadingZeroBitCount)
        off.raw(0, count: length &- 1)
        off.raw(change, count: length)
        shared.period = period
        for flag in 0..<2 {
            off.enter(flag &+ 1)
            off.bit(false, &shared.alpha[flag])
            on.enter(flag &+ 1)
            on.bit(true, &onAlpha[flag])
        }
        let threshold = eventThreshold(period)
        var previous = shared.lastTime
        var (modelTable, eventTable) = shared.takeTables()
        modelTable.withUnsafeMutableBufferPointer { model in
            onModel.withUnsafeMutableBufferPointer { onRows in
                eventTable.withUnsafeMutableBufferPointer { events in
                    guard let model = model.baseAddress, let onRows = onRows.baseAddress,
                        let events = events.baseAddress
                    else { return }
                    eachDeviation(times, key: key, period: period, previous: &previous) { deviation in
                        let isEvent = codeEvent(
                            deviation, threshold: threshold, state: &shared, model: model, events: events, sink: &off)
                        if !isEvent {
                            let jitterClass = shared.jitterClass
                            let group = Self.group(jitterClass)
                            let offset = jitterClass * SignedModel.stride
                            off.enter(group)
                            SignedModel.encode(deviation, row: model + offset, sink: &off)
                            if group != 0 {
                                on.enter(group)
                                SignedModel.encode(deviation &+ shared.lastDeviation, row: onRows + offset, sink: &on)
                            }
                        }
                        shared.lastDeviation = deviation
                        shared.lastWasEvent = isEvent
                    }
                }
            }
        }
        off.flush()
        on.flush()
        return (off.sixteenths, (off.sixteenths.0, on.sixteenths.1, on.sixteenths.2))
    }

    /// The coding steps of the encoder.
    @inline(__always)
    static func code<S: DecisionSink>(
        _ times: UnsafeBufferPointer<Int64>, key: Bool, period: Int64, alpha: (Bool, Bool), state: inout TimeState,
        sink: inout S
    ) {
        let change = Varint.zigzag(period &- state.period) &+ 1
        let length = UInt64(64 &- change.leadingZeroBitCount)
        sink.raw(0, count: length &- 1)
        sink.raw(change, count: length)
        state.period = period
        sink.enter(1)
        sink.bit(alpha.0, &state.alpha[0])
        sink.enter(2)
        sink.bit(alpha.1, &state.alpha[1])
        sink.enter(0)
        let threshold = eventThreshold(period)
        var previous = state.lastTime
        var (modelTable, eventTable) = state.takeTables()
        defer {
            state.model = modelTable
            state.event = eventTable
        }
        modelTable.withUnsafeMutableBufferPointer { model in
            eventTable.withUnsafeMutableBufferPointer { events in
                guard let model = model.baseAddress, let events = events.baseAddress else { return }
                eachDeviation(times, key: key, period: period, previous: &previous) { deviation in
                    let isEvent = codeEvent(
                        deviation, threshold: threshold, state: &state, model: model, events: events, sink: &sink)
                    if !isEvent {
                        let jitterClass = state.jitterClass
                        sink.enter(Self.group(jitterClass))
                        let prediction = predict(jitterClass, state.lastDeviation, alpha)
                        SignedModel.encode(
                            deviation &- prediction, row: model + jitterClass * SignedModel.stride, sink: &sink)
                    }
                    state.lastDeviation = deviation
                    state.lastWasEvent = isEvent
                }
            }
        }
        state.lastTime = previous
    }

    /// Calls `row` with the deviation of each row's interval from `period`, the first row of a key batch
    /// excepted (the header holds its time); `previous` is the time before the first row, then the last.
    @inline(__always)
    private static func eachDeviation(
        _ times: UnsafeBufferPointer<Int64>, key: Bool, period: Int64, previous: inout Int64, _ row: (Int64) -> Void
    ) {
        for i in (key ? 1 : 0)..<times.count {
            let time = times[i]
            row(time &- previous &- period)
            previous = time
        }
    }

    /// Counts a row and codes whether its deviation is an event and, for one, the deviation relative to
    /// the last event's (the steps every row takes before its jitter, in the trials and the encoder alike).
    /// - Returns: whether the row is an event.
    @inline(__always)
    private static func codeEvent<S: DecisionSink>(
        _ deviation: Int64, threshold: Int64, state: inout TimeState, model: UnsafeMutablePointer<UInt16>,
        events: UnsafeMutablePointer<UInt16>, sink: inout S
    ) -> Bool {
        state.rowsSinceEvent = min(state.rowsSinceEvent &+ 1, TimeState.maxSpacing)
        let isEvent = deviation.magnitude > UInt64(threshold)
        sink.enter(0)
        sink.bit(isEvent, &events[state.eventContext])
        if isEvent {
            SignedModel.encode(
                deviation &- state.eventDeviation, row: model + TimeState.eventRow * SignedModel.stride, sink: &sink)
            state.eventDeviation = deviation
            state.eventSpacing = state.rowsSinceEvent
            state.rowsSinceEvent = 0
        }
        return isEvent
    }

    /// The trial group of a row in jitter class `jitterClass`: 1 after ±1 (the first flag's rows), 2
    /// after 2…7 in magnitude (the second's), 0 otherwise.
    @inline(__always)
    private static func group(_ jitterClass: Int) -> Int {
        jitterClass == 1 || jitterClass == 2 ? 1 : jitterClass == 3 || jitterClass == 4 ? 2 : 0
    }

    /// The predicted deviation: −(last deviation) after ±1 (first flag) or 2...7 in magnitude (second
    /// flag), else 0.
    @inline(__always)
    private static func predict(_ jitterClass: Int, _ last: Int64, _ alpha: (Bool, Bool)) -> Int64 {
        switch jitterClass {
        case 1, 2: return alpha.0 ? -last : 0
        case 3, 4: return alpha.1 ? -last : 0
        default: return 0
        }
    }

    /// Decodes `rows` times; `firstTime` is the header's (key batches, whose state already holds it).
    static func decode(
        rows: Int, key: Bool, state: inout TimeState, range rangeOut: inout RangeDecoder,
        raw rawOut: inout RawBitReader
    ) throws(CodecError) -> [Int64] {
        // Local copies (written back however this ends) let the row loop keep them in registers.
        var range = rangeOut
        var raw = rawOut
        defer {
            rangeOut = range
            rawOut = raw
        }
        let limit = UInt64(FormatLimits.maxTimeMicros)
        let change = try SideValue.read(signed: &raw, field: "reference period")
        let (period, overflow) = state.period.addingReportingOverflow(change)
        guard !overflow, (0...FormatLimits.maxPeriodMicros).contains(period) else {
            throw CodecError(.corrupt, "reference period outside 0...2^40 µs")
        }
        state.period = period
        let alpha = (range.decode(&state.alpha[0]), range.decode(&state.alpha[1]))
        // Grown as rows decode (a few bytes may claim 2^20 rows; see StreamDecoder.decode).
        var times: [Int64] = []
        times.reserveCapacity(min(rows, 1 << 14))
        if key { times.append(state.lastTime) }
        var previous = state.lastTime
        var (modelTable, eventTable) = state.takeTables()
        defer {
            state.model = modelTable
            state.event = eventTable
        }
        let result: Result<Void, CodecError> = modelTable.withUnsafeMutableBufferPointer { model in
            eventTable.withUnsafeMutableBufferPointer { events in
                guard let model = model.baseAddress, let events = events.baseAddress else { return .success(()) }
                do throws(CodecError) {
                    for i in (key ? 1 : 0)..<rows {
                        if i & (FormatLimits.blockRows - 1) == 0 { try StreamDecoder.checkProgress(range, raw) }
                        state.rowsSinceEvent = min(state.rowsSinceEvent &+ 1, TimeState.maxSpacing)
                        let isEvent = range.decode(&events[state.eventContext])
                        let deviation: Int64
                        if isEvent {
                            let value = try SignedModel.decode(
                                row: model + TimeState.eventRow * SignedModel.stride, range: &range, raw: &raw)
                            deviation = try sum(value, state.eventDeviation)
                            state.eventDeviation = deviation
                            state.eventSpacing = state.rowsSinceEvent
                            state.rowsSinceEvent = 0
                        } else {
                            let jitterClass = state.jitterClass
                            let value = try SignedModel.decode(
                                row: model + jitterClass * SignedModel.stride, range: &range, raw: &raw)
                            deviation = try sum(value, predict(jitterClass, state.lastDeviation, alpha))
                        }
                        let time = try sum(try sum(previous, period), deviation)
                        guard time.magnitude <= limit else { throw CodecError(.corrupt, "time beyond ±2^60 µs") }
                        times.append(time)
                        previous = time
                        state.lastDeviation = deviation
                        state.lastWasEvent = isEvent
                    }
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
        }
        try result.get()
        state.lastTime = previous
        return times
    }

    @inline(__always)
    private static func sum(_ a: Int64, _ b: Int64) throws(CodecError) -> Int64 {
        let (value, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw CodecError(.corrupt, "timestamp arithmetic overflows") }
        return value
    }
}
