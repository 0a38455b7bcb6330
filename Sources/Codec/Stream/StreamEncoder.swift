// SensorGate — Codec: the per-stream encoder.

/// Encodes the batches of one stream, in order, into the bytes that are transmitted for each.
///
/// The first batch, any batch that does not follow the previous one's sequence, and every
/// `keyInterval`-th batch are key batches (decodable alone); the others are delta batches that
/// continue the previous batch's predictors, models and sample history.
public struct StreamEncoder: Sendable {
    /// The stream's layout.
    public let layout: StreamLayout
    /// The options.
    public let options: EncoderOptions
    private var state: StreamState?
    private var sinceKey = 0
    private var chooser = PlanChooser()
    /// Per channel, what its last full predictor search found (``PlanChooser/choose``).
    private var references: [SearchReference?] = []

    /// Creates an encoder for a stream.
    public init(layout: StreamLayout, options: EncoderOptions = EncoderOptions()) {
        self.layout = layout
        self.options = options
    }

    /// Makes the next batch a key batch.
    public mutating func forceKey() { state = nil }

    /// Encodes `batch`.
    /// - Throws: ``CodecError/Kind/invalidInput`` when the batch does not fit the layout or the limits.
    public mutating func encode(_ batch: Batch) throws(CodecError) -> [UInt8] {
        try validate(batch)
        let key: Bool
        if let state, state.sequence &+ 1 == batch.sequence, sinceKey + 1 < options.keyInterval {
            key = false
        } else {
            key = true
        }
        var next =
            key
            ? StreamState(layout: layout, sequence: batch.sequence)
            : (state ?? StreamState(layout: layout, sequence: 0))
        state = nil  // moved, not copied: encoding cannot fail from here on
        let bound = Int64(options.nearLosslessBound)
        var range = RangeEncoder(capacity: batch.codes.count)
        var raw = RawBitWriter(capacity: batch.codes.count)
        var header = BatchHeader(
            key: key, sequence: batch.sequence, rows: batch.count, firstIndex: nil, firstTime: nil, bound: Int(bound),
            bodyLength: 0)
        switch batch.timing {
        case .uniform(let firstIndex):
            if key || firstIndex != next.nextIndex { header.firstIndex = firstIndex }
            next.nextIndex = firstIndex &+ UInt64(batch.count)
        case .explicit(let times):
            if key {
                header.firstTime = times[0]
                next.time.lastTime = times[0]
            }
            var sink = BodySink(range: range, raw: raw)
            range = RangeEncoder()
            raw = RawBitWriter()
            TimestampCoding.encode(times, key: key, state: &next.time, sink: &sink)
            swap(&range, &sink.range)
            swap(&raw, &sink.raw)
        }
        var work = [Int64](repeating: 0, count: ChannelState.historyLength + batch.count)
        if key || references.count != layout.channels {
            references = Array(repeating: nil, count: layout.channels)
        }
        for channel in 0..<layout.channels {
            var channelState = next.channels[channel]
            next.channels[channel] = .fresh  // so that the models are not copied on write
            let start = channelState.history.count
            for (i, value) in channelState.history.enumerated() { work[i] = value }
            let base = channel * batch.count
            for i in 0..<batch.count { work[start + i] = Int64(batch.codes[base + i]) }
            work.withUnsafeMutableBufferPointer { buffer in
                guard let pointer = buffer.baseAddress else { return }
                var done = 0
                while done < batch.count {
                    let rows = min(FormatLimits.blockRows, batch.count - done)
                    let first = key && done == 0
                    let choice = chooser.choose(
                        pointer, start: start + done, count: rows, state: channelState, key: first,
                        lossless: bound == 0, reference: &references[channel])
                    ChannelHeader.encode(
                        choice.plan, state: &channelState, modelShift: choice.modelShift,
                        offsetShift: choice.offsetShift, key: first, range: &range, raw: &raw)
                    if case .predicted(let predictor, _, let lattice, _) = choice.plan {
                        chooser.withResiduals { residuals, latticeCodes in
                            ChannelSamples.encode(
                                pointer, start: start + done, count: rows, predictor: predictor, lattice: lattice,
                                bound: bound, residuals: residuals, latticeCodes: latticeCodes, state: &channelState,
                                range: &range, raw: &raw)
                        }
                        channelState.predictor = predictor
                        if let lattice { channelState.lattice = lattice }
                    }
                    done += rows
                }
                channelState.keepHistory(UnsafeBufferPointer(start: pointer, count: start + batch.count))
            }
            next.channels[channel] = channelState
        }
        next.sequence = batch.sequence
        var body = range.finish()
        body.append(contentsOf: raw.finish().reversed())
        header.bodyLength = body.count
        var bytes: [UInt8] = []
        bytes.reserveCapacity(body.count + 16)
        header.write(to: &bytes)
        bytes.append(contentsOf: body)
        state = next
        sinceKey = key ? 0 : sinceKey + 1
        return bytes
    }

    private func validate(_ batch: Batch) throws(CodecError) {
        guard batch.count >= 1, batch.count <= FormatLimits.maxRows,
            batch.count * layout.channels <= FormatLimits.maxScalars
        else {
            throw CodecError(
                .invalidInput, "\(batch.count) rows is outside 1...\(FormatLimits.maxRows) or too many values")
        }
        guard batch.codes.count == batch.count * layout.channels else {
            throw CodecError(
                .invalidInput, "\(batch.codes.count) codes for \(batch.count) rows × \(layout.channels) channels")
        }
        switch (batch.timing, layout.timestamps) {
        case (.uniform, .uniform): break
        case (.explicit(let times), .explicit):
            guard times.count == batch.count else {
                throw CodecError(.invalidInput, "\(times.count) timestamps for \(batch.count) rows")
            }
            guard times.allSatisfy({ $0.magnitude <= UInt64(FormatLimits.maxTimeMicros) }) else {
                throw CodecError(.invalidInput, "a timestamp is beyond ±2^60 µs")
            }
        default:
            throw CodecError(.invalidInput, "the batch's timing does not match the stream's timestamp mode")
        }
    }
}
