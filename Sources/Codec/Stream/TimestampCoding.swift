// SensorGate — Codec: explicit timestamps as deviations from the batch's reference period.

/// Codes explicit row times (docs/batch-format.md §5.1): a reference period P (a side value relative
/// to the previous batch's, or to the nominal period in a key batch), in a delta batch the first time
/// relative to `last + P`, then every interval's deviation from P through an adaptive residual model.
enum TimestampCoding {
    /// The reference period an encoder picks: the median interval, or the previous one for a single row.
    static func referencePeriod(_ times: [Int64], fallback: Int64) -> Int64 {
        guard times.count >= 2 else { return fallback }
        var intervals = (1..<times.count).map { times[$0] &- times[$0 - 1] }
        intervals.sort()
        return min(max(intervals[intervals.count / 2], 0), FormatLimits.maxPeriodMicros)
    }

    /// Encodes `times` (already checked to be within ±2^60).
    static func encode(
        _ times: [Int64], key: Bool, state: inout StreamState, range: inout RangeEncoder, raw: inout RawBitWriter
    ) {
        let period = referencePeriod(times, fallback: state.period)
        SideValue.write(signed: period &- state.period, to: &raw)
        if !key { SideValue.write(signed: times[0] &- (state.lastTime &+ period), to: &raw) }
        var deviations = [UInt64]()
        deviations.reserveCapacity(times.count)
        for i in 1..<max(times.count, 1) { deviations.append(Varint.zigzag(times[i] &- times[i - 1] &- period)) }
        if key {
            let shift = deviations.withUnsafeBufferPointer {
                ResidualModel.initialShift(forMeanOf: UnsafeBufferPointer(rebasing: $0.prefix(16)))
            }
            raw.write(UInt64(shift), count: 5)
            state.timeModel = ResidualModel(initialShift: shift)
        }
        var magnitude = state.timeModel.magnitude
        state.timeModel.probabilities.withUnsafeMutableBufferPointer { probabilities in
            guard let p = probabilities.baseAddress else { return }
            for u in deviations {
                ResidualCoding.encode(u, magnitude: &magnitude, probabilities: p, range: &range, raw: &raw)
            }
        }
        state.timeModel.magnitude = magnitude
        state.period = period
        state.lastTime = times[times.count - 1]
    }

    /// Decodes `rows` times; `firstTime` is the header's (key batches).
    static func decode(
        rows: Int, key: Bool, firstTime: Int64?, state: inout StreamState, range: inout RangeDecoder,
        raw: inout RawBitReader
    ) throws(CodecError) -> [Int64] {
        let limit = FormatLimits.maxTimeMicros
        let change = try SideValue.read(signed: &raw, field: "reference period")
        let period = state.period &+ change
        guard change.magnitude <= UInt64(FormatLimits.maxPeriodMicros) * 2,
            (0...FormatLimits.maxPeriodMicros).contains(period)
        else { throw CodecError(.corrupt, "reference period outside 0...2^40 µs") }
        var first: Int64
        if let firstTime {
            first = firstTime
        } else {
            let offset = try SideValue.read(signed: &raw, field: "first time")
            guard offset.magnitude <= UInt64(limit) else { throw CodecError(.corrupt, "first time beyond ±2^60 µs") }
            first = state.lastTime &+ period &+ offset
            guard first.magnitude <= UInt64(limit) else { throw CodecError(.corrupt, "first time beyond ±2^60 µs") }
        }
        if key {
            let shift = UInt32(try raw.read(5))
            guard shift <= 26 else { throw CodecError(.corrupt, "model start \(shift) is above 26") }
            state.timeModel = ResidualModel(initialShift: shift)
        }
        var times = [Int64](repeating: 0, count: rows)
        times[0] = first
        var magnitude = state.timeModel.magnitude
        let result: Result<Void, CodecError> = state.timeModel.probabilities.withUnsafeMutableBufferPointer {
            probabilities in
            guard let p = probabilities.baseAddress else { return .success(()) }
            do throws(CodecError) {
                for i in 1..<rows {
                    let u = try ResidualCoding.decode(magnitude: &magnitude, probabilities: p, range: &range, raw: &raw)
                    let deviation = Varint.unzigzag(u)
                    guard deviation.magnitude <= UInt64(limit) else {
                        throw CodecError(.corrupt, "timestamp deviation beyond ±2^60 µs")
                    }
                    let time = times[i - 1] &+ period &+ deviation
                    guard time.magnitude <= UInt64(limit) else { throw CodecError(.corrupt, "time beyond ±2^60 µs") }
                    times[i] = time
                }
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        state.timeModel.magnitude = magnitude
        try result.get()
        state.period = period
        state.lastTime = times[rows - 1]
        return times
    }
}
