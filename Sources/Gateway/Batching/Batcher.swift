// SensorGate — Gateway: the sampler's sink that quantises readings into per-stream windows.

import Drivers
import HAL
import Sampling

/// Why the batcher did not keep a reading.
public enum BatcherDropReason: String, Sendable, Codable, CaseIterable {
    /// The reading lacked one of the stream's channels.
    case incompleteReading = "incomplete-reading"
    /// A value was not finite or its code beyond ±2³¹.
    case codeOutOfRange = "code-out-of-range"
    /// A uniform stream's reading fell on a grid index already filled (time went backwards).
    case offGrid = "off-grid"
}

/// The sampler's sink: quantises each reading to integer codes — round((value − offset) / LSB) per
/// channel — into its stream's preallocated window, and hands a window to the sealing stage when
/// the reading's time passes the window's batch interval, when a uniform stream skips a grid index
/// (missing samples are absent from batches, never invented), or when the window is full.
///
/// Runs on the sampling thread and never blocks there: appending a row writes into storage
/// allocated up front; the hand-off takes a lock once per stream and interval.
///
/// Its per-reading state skips the runtime exclusivity checks (`@exclusivity(unchecked)`, as the
/// windows do): it runs on the sampling thread only and never overlaps two accesses.
public final class Batcher: SampleSinkCommands {
    /// The plan it batches for.
    public let plan: StreamPlan
    /// The instant of every stream's epoch (uniform index 0, explicit time 0): the sampler's start.
    @exclusivity(unchecked) public var epoch: MonotonicInstant
    private let queue: WindowQueue
    @exclusivity(unchecked) private(set) var open: [SampleWindow]
    private let intervalsNs: [Int64]
    /// Per stream, flattened so that the hot path touches no strings or nested structs.
    private let uniform: [Bool]
    /// Each stream's rate now (a live rate change moves it).
    @exclusivity(unchecked) private var milliHertz: [Int64]
    /// Each stream's epoch after `epoch`: 0, or the instant of its latest rate change.
    @exclusivity(unchecked) private var shiftNs: [Int64]
    /// Every stream's columns, stream after stream (`columnRanges[s]` is stream `s`'s), in storage
    /// allocated once: a reading's lookup neither retains an inner array nor checks its uniqueness.
    private let columnStore: UnsafeMutableBufferPointer<Column>
    private let columnRanges: [Range<Int>]
    /// Samples kept and reported missing, per stream, counted in place (see ``samples`` and ``missing``).
    private let counts: (kept: UnsafeMutableBufferPointer<Int>, missing: UnsafeMutableBufferPointer<Int>)
    /// Samples kept, per stream.
    public var samples: [Int] { Array(counts.kept) }
    /// Samples the sampler reported missing, per stream.
    public var missing: [Int] { Array(counts.missing) }
    /// Readings not kept, by reason.
    @exclusivity(unchecked) public private(set) var drops: [BatcherDropReason: Int] = [:]
    /// Readings of sensors without a stream.
    @exclusivity(unchecked) public private(set) var unbatchedReadings = 0
    /// Windows handed to the sealing stage.
    @exclusivity(unchecked) public private(set) var windowsHandedOver = 0

    init(plan: StreamPlan, epoch: MonotonicInstant, queue: WindowQueue) {
        self.plan = plan
        self.epoch = epoch
        self.queue = queue
        intervalsNs = plan.streams.map { max($0.interval.nanoseconds, 1) }
        uniform = plan.streams.map { $0.timestamps == .uniform }
        milliHertz = plan.streams.map { $0.rate.milliHertz }
        let columns = plan.streams.flatMap { $0.channels.map(Column.init) }
        columnStore = .allocate(capacity: columns.count)
        _ = columnStore.initialize(from: columns)
        var start = 0
        columnRanges = plan.streams.map { stream in
            defer { start += stream.channels.count }
            return start..<(start + stream.channels.count)
        }
        open = plan.streams.enumerated().map { index, stream in
            let perInterval = Double(stream.rate.milliHertz) / 1000 * Double(stream.interval.nanoseconds) / 1e9
            let capacity = min(max(Int(perInterval * 1.25) + 16, 16), 1 << 20)
            return SampleWindow(
                stream: index, channels: stream.channels.count, capacity: capacity,
                keepsTimes: stream.timestamps != .uniform)
        }
        counts = (.allocate(capacity: plan.streams.count), .allocate(capacity: plan.streams.count))
        counts.kept.initialize(repeating: 0)
        counts.missing.initialize(repeating: 0)
        shiftNs = Array(repeating: 0, count: plan.streams.count)
    }

    deinit {
        columnStore.deallocate()
        counts.kept.deallocate()
        counts.missing.deallocate()
    }

    /// Stream `index`'s columns.
    private func columns(_ index: Int) -> UnsafeMutableBufferPointer<Column> {
        UnsafeMutableBufferPointer(rebasing: columnStore[columnRanges[index]])
    }

    /// Quantises `reading` into its stream's window.
    public func deliver(_ reading: SensorReading, from sensor: SensorTag) {
        guard let index = stream(of: sensor) else {
            unbatchedReadings += 1
            return
        }
        var lane = lane(index)
        withUnsafePointer(to: reading) { take($0, lane: &lane) }
    }

    /// Quantises a drain's readings into their stream's window, each read in place; the stream's
    /// constants and open window are looked up once for the drain.
    public func deliver(contentsOf readings: UnsafeBufferPointer<SensorReading>, from sensor: SensorTag) {
        guard let index = stream(of: sensor) else {
            unbatchedReadings += readings.count
            return
        }
        var lane = lane(index)
        guard let first = readings.baseAddress else { return }
        for position in readings.indices { take(first + position, lane: &lane) }
    }

    /// Stream `index` as the readings of one delivery need it.
    @inline(__always)
    private func lane(_ index: Int) -> Lane {
        Lane(
            index: index, offsetNs: epoch.nanoseconds &+ shiftNs[index], intervalNs: intervalsNs[index],
            uniform: uniform[index], milliHertz: milliHertz[index], columns: columns(index),
            window: Unmanaged.passUnretained(open[index]))
    }

    /// The stream a sensor's readings go to, if any.
    @inline(__always)
    private func stream(of sensor: SensorTag) -> Int? {
        guard sensor.group < plan.routes.count, sensor.index < plan.routes[sensor.group].count else { return nil }
        return plan.routes[sensor.group][sensor.index]
    }

    /// Quantises `reading` into its lane's window (inlined into both callers, so a drain's readings
    /// are read where they lie); a hand-over moves the lane to the fresh window.
    @inline(__always)
    private func take(_ reading: UnsafePointer<SensorReading>, lane: inout Lane) {
        let index = lane.index
        let sinceEpochNs = reading.pointee.timestamp.nanoseconds &- lane.offsetNs
        let micros = floorDivide(sinceEpochNs, 1000)
        // Where the reading goes, decided on the open window; a fresh window (after a hand-over) is
        // empty and takes any reading, so the grid is checked only against rows already held.
        let (interval, gridIndex, placement) = lane.window._withUnsafeGuaranteedRef { window in
            let interval = intervalNumber(sinceEpochNs, length: lane.intervalNs, window: window)
            var placement = Placement.append
            if window.count > 0, interval != window.interval || window.count == window.capacity {
                placement = .handOver
            }
            var gridIndex: UInt64 = 0
            if lane.uniform {
                // The deadline a reading belongs to is the last one at or before it: readings come
                // after their wake-up, so the index is floored, not rounded.
                gridIndex = Self.gridIndex(max(sinceEpochNs, 0), milliHertz: lane.milliHertz)
                if placement == .append, window.count > 0 {
                    let expected = window.firstIndex &+ UInt64(window.count)
                    if gridIndex < expected { placement = .drop }
                    if gridIndex > expected { placement = .handOver }
                }
            }
            return (interval, gridIndex, placement)
        }
        switch placement {
        case .drop:
            drops[.offGrid, default: 0] += 1
            return
        case .handOver: lane.window = Unmanaged.passUnretained(handOver(index))
        case .append: break
        }
        lane.window._withUnsafeGuaranteedRef { window in
            let row = window.count
            guard let values = reading.pointer(to: \.values),
                write(values, into: window, row: row, columns: lane.columns)
            else { return }
            close(row: row, of: window, stream: index, interval: interval, firstIndex: gridIndex, micros: micros)
        }
    }

    /// Appends one row of a stream computed at the edge (explicit timestamps): `values` in the stream's
    /// channel units and column order. With `sealNow` the window is handed to the sealing stage at once
    /// (events: sent the moment they happen, not at the end of an interval).
    /// - Parameters:
    ///   - index: the stream's index in the plan.
    ///   - timestamp: when the value holds.
    ///   - values: one value per channel.
    ///   - sealNow: hand the window over after this row.
    func append(derived index: Int, timestamp: MonotonicInstant, values: [Double], sealNow: Bool = false) {
        let sinceEpochNs = timestamp.nanoseconds &- epoch.nanoseconds
        let interval = floorDivide(sinceEpochNs, intervalsNs[index])
        let micros = floorDivide(sinceEpochNs, 1000)
        var window = open[index]
        if window.count > 0,
            interval != window.interval || window.count == window.capacity || micros < window.lastMicros
        {
            window = handOver(index)
        }
        let row = window.count
        let capacity = window.capacity
        let channels = columns(index)
        guard values.count == channels.count else {
            drops[.incompleteReading, default: 0] += 1
            return
        }
        for (column, channel) in channels.enumerated() {
            guard let code = quantise(values[column], channel) else { return }
            window.codes[column * capacity + row] = code
        }
        close(row: row, of: window, stream: index, interval: interval, firstIndex: 0, micros: micros)
        if sealNow { _ = handOver(index) }
    }

    /// Writes the codes of the values at `reading` into `row` of `window` (its stream's `channels`); false, with the
    /// drop counted, when a channel is missing from the reading or its value cannot be coded.
    @inline(__always)
    private func write(
        _ reading: UnsafePointer<QuantityValues>, into window: SampleWindow, row: Int,
        columns channels: UnsafeMutableBufferPointer<Column>
    ) -> Bool {
        let capacity = window.capacity
        let codes = window.codes
        // A stream's columns come in runs of one quantity (x, y, z): each run looks its values up once.
        var quantity: Quantity?
        var values = SensorComponents<Double>()
        for column in channels.indices {
            let channel = channels[column]
            if channel.quantity != quantity {
                guard let found = QuantityValues.components(of: channel.quantity, in: reading) else {
                    drops[.incompleteReading, default: 0] += 1
                    return false
                }
                values = found
                quantity = channel.quantity
            }
            guard channel.component < values.count else {
                drops[.incompleteReading, default: 0] += 1
                return false
            }
            // Dividing by 1 changes nothing, and most channels are in SI units already.
            let value = values[channel.component]
            guard let code = quantise(channel.unitToSI == 1 ? value : value / channel.unitToSI, channel)
            else {
                return false
            }
            // In range: the window's columns hold `capacity` rows each (wrapping arithmetic skips
            // the overflow checks a bounded index cannot need).
            codes[column &* capacity &+ row] = code
        }
        return true
    }

    /// round((value − offset) / LSB) as a code, or nil (counted) when it is not finite or beyond ±2³¹.
    @inline(__always)
    private func quantise(_ value: Double, _ channel: Column) -> Int32? {
        // The quotient is already a whole number (or is not finite): the range test alone, which NaN
        // fails, makes the conversion exact. `Int32(exactly:)` would test for a fraction again, through
        // a libm `trunc` call on baseline x86-64 (SSE2 has no rounding instruction).
        let quotient = channel.lsb.roundedQuotient(value - channel.offset)
        guard quotient >= -0x1p31, quotient < 0x1p31 else {
            drops[.codeOutOfRange, default: 0] += 1
            return nil
        }
        return Int32(quotient)
    }

    /// Completes row `row` of `window` (its codes written): its time, and the window's start on its first row.
    private func close(
        row: Int, of window: SampleWindow, stream index: Int, interval: Int64, firstIndex: UInt64, micros: Int64
    ) {
        if row == 0 {
            window.interval = interval
            window.firstIndex = firstIndex
            window.firstMicros = micros
            window.milliHertz = milliHertz[index]
            window.epochShiftMicros = floorDivide(shiftNs[index], 1000)
        }
        if window.keepsTimes { window.timesMicros[row] = micros }
        window.lastMicros = micros
        window.count = row + 1
        counts.kept[index] += 1
    }

    /// Counts samples the sampler could not take; they are absent from the batches.
    public func missing(from sensor: SensorTag, at instant: MonotonicInstant, count: Int) {
        guard sensor.group < plan.routes.count, sensor.index < plan.routes[sensor.group].count,
            let index = plan.routes[sensor.group][sensor.index]
        else { return }
        counts.missing[index] += count
    }

    /// A live rate change of the sampler's group `group`: each uniform stream it feeds hands over the
    /// rows at the old rate and starts a new grid at `instant` (index 0) at the new rate; the sealing
    /// stage sees the window's new rate and sends a new schema with its batch (a key batch).
    public func rateChanged(group: Int, to rate: SamplingRate, at instant: MonotonicInstant) {
        guard group < plan.routes.count else { return }
        for case let index? in plan.routes[group] where uniform[index] {
            if open[index].count > 0 { _ = handOver(index) }
            milliHertz[index] = rate.milliHertz
            // The new epoch is on a whole microsecond (the schema's unit), at or before the switch.
            shiftNs[index] = floorDivide((instant - epoch).nanoseconds, 1000) * 1000
        }
    }

    /// A reading taken on request: alone in its own batch on the device's on-demand stream, handed to
    /// the sealing stage at once. Without an on-demand stream (commands off) it is counted unbatched.
    public func deliverRequested(_ reading: SensorReading, from sensor: SensorTag) {
        guard sensor.group < plan.routes.count, sensor.index < plan.routes[sensor.group].count,
            let device = plan.routes[sensor.group][sensor.index], let index = plan.onDemand[device]
        else {
            unbatchedReadings += 1
            return
        }
        let sinceEpochNs = (reading.timestamp - epoch).nanoseconds
        var window = open[index]
        if window.count > 0 { window = handOver(index) }
        let written = withUnsafePointer(to: reading.values) { write($0, into: window, row: 0, columns: columns(index)) }
        guard written else { return }
        close(
            row: 0, of: window, stream: index, interval: floorDivide(sinceEpochNs, intervalsNs[index]), firstIndex: 0,
            micros: floorDivide(sinceEpochNs, 1000))
        _ = handOver(index)
    }

    /// Hands every window holding rows to the sealing stage (at the end of a run).
    public func flush() {
        for index in open.indices where open[index].count > 0 { _ = handOver(index) }
    }

    private func handOver(_ index: Int) -> SampleWindow {
        let fresh = queue.handOver(open[index])
        open[index] = fresh
        windowsHandedOver += 1
        return fresh
    }

    /// The batch interval `sinceEpochNs` falls in (intervals of `length` ns): the open window's when it
    /// lies inside that one (the common case, without a division), else ⌊sinceEpochNs / length⌋.
    private func intervalNumber(_ sinceEpochNs: Int64, length: Int64, window: SampleWindow) -> Int64 {
        if window.count > 0 {
            let (start, overflow) = window.interval.multipliedReportingOverflow(by: length)
            let (offset, outside) = sinceEpochNs.subtractingReportingOverflow(start)
            if !overflow, !outside, offset >= 0, offset < length { return window.interval }
        }
        return floorDivide(sinceEpochNs, length)
    }

    /// ⌊nanoseconds × milliHertz / 10¹²⌋, the uniform grid index of a time at or after the epoch, in
    /// 64-bit integers where the product of milliseconds and the rate fits (91 years at 3.2 kHz, a year
    /// at 290 kHz), exactly as the 128-bit quotient, which it falls back to beyond that.
    /// - Parameters:
    ///   - nanoseconds: the time since the stream's epoch, not negative.
    ///   - milliHertz: the stream's rate, positive.
    /// - Returns: the index.
    static func gridIndex(_ nanoseconds: Int64, milliHertz: Int64) -> UInt64 {
        // n × f = (q × 10⁶ + r) × f with q = ⌊n / 10⁶⌋, r < 10⁶, and q × f = a × 10⁶ + b with b < 10⁶:
        // ⌊n × f / 10¹²⌋ = a + ⌊(b × 10⁶ + r × f) / 10¹²⌋. Every division is by a constant.
        let (whole, overflow) = (nanoseconds / 1_000_000).multipliedReportingOverflow(by: milliHertz)
        let (part, partOverflow) = (nanoseconds % 1_000_000).multipliedReportingOverflow(by: milliHertz)
        let (rest, restOverflow) = (whole % 1_000_000 * 1_000_000).addingReportingOverflow(part)
        guard !overflow, !partOverflow, !restOverflow else {
            return UInt64(Int128(nanoseconds) * Int128(milliHertz) / 1_000_000_000_000)
        }
        return UInt64(whole / 1_000_000 + rest / 1_000_000_000_000)
    }

    private func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}

/// A stream as the readings of one delivery need it: its constants, looked up once, and its open window.
private struct Lane {
    /// The stream's index in the plan.
    let index: Int
    /// The instant of the stream's epoch: the batcher's epoch plus the stream's shift, ns.
    let offsetNs: Int64
    /// The batch interval, ns.
    let intervalNs: Int64
    /// Whether the stream's timestamps are a uniform grid.
    let uniform: Bool
    /// The stream's rate.
    let milliHertz: Int64
    /// The stream's columns.
    let columns: UnsafeMutableBufferPointer<Column>
    /// The open window (replaced by a hand-over), unretained: the batcher's `open` holds it for as long
    /// as the lane lives, so a delivery neither retains nor releases it.
    var window: Unmanaged<SampleWindow>
}

/// What a reading does to its stream's open window.
private enum Placement {
    /// It is the window's next row.
    case append
    /// The window is handed over first and the reading opens the next one.
    case handOver
    /// It falls on a grid index already filled (counted as off-grid).
    case drop
}

/// A channel as the hot path needs it: where its value is in a reading, and the quantisation's
/// constants (the same arithmetic as ``ChannelDescriptor/code(ofSI:)``).
private struct Column {
    let quantity: Quantity
    let component: Int
    let unitToSI: Double
    let offset: Double
    /// The LSB with its reciprocal: coding a value multiplies instead of dividing, with the same codes.
    let lsb: ReciprocalDivisor

    init(_ channel: ChannelDescriptor) {
        quantity = channel.quantity
        component = channel.component
        unitToSI = channel.unitToSI
        offset = channel.offset.value
        lsb = ReciprocalDivisor(channel.lsb.value)
    }
}
