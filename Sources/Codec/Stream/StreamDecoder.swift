// SensorGate — Codec: the per-stream decoder.

/// Decodes the batches of one stream. Key batches always decode; a delta batch decodes only right
/// after the batch it depends on (its sequence − 1), otherwise it throws
/// ``CodecError/Kind/missingPredecessor`` and the decoder waits for the next key batch.
///
/// The decoder has no global state: everything it keeps is in this value, so a fuzzer can create one
/// per input.
public struct StreamDecoder: Sendable {
    /// The stream's layout.
    public let layout: StreamLayout
    /// What the decoder accepts before allocating.
    public let limits: DecodeLimits
    private var state: StreamState?
    /// The sample window of ``decodeChannels``, kept between batches.
    private var scratch: [Int64] = []
    /// The codes of a small batch (at most ``keptCodes``), kept between batches; each batch's are copied
    /// out at the end (one allocation of the exact size instead of a reservation and an append per block).
    private var scratchCodes: [Int32] = []
    /// The most codes a batch decodes into ``scratchCodes``: a copy of up to 2 KiB is cheaper than a
    /// reservation; above that the copy costs more than it saves and the codes go straight to the output.
    static let keptCodes = 512

    /// Creates a decoder for a stream.
    public init(layout: StreamLayout, limits: DecodeLimits = .format) {
        self.layout = layout
        self.limits = limits
    }

    /// Decodes one batch's bytes. A batch refused before its body (a header it cannot read, a missing
    /// predecessor) leaves the decoder's state unchanged; a batch whose body fails to decode drops it
    /// (a key batch restarts the state in place, a delta batch changes it part way), so later delta
    /// batches wait for the next key batch.
    public mutating func decode(_ bytes: [UInt8]) throws(CodecError) -> DecodedBatch {
        var offset = 0
        let header = try BatchHeader.read(bytes, layout: layout, limits: limits, offset: &offset)
        var next: StreamState
        if header.key {
            // The previous state's storage, restarted in place, when there is one.
            if var previous = state.take() {
                previous.restart(layout: layout, sequence: header.sequence)
                next = previous
            } else {
                next = StreamState(layout: layout, sequence: header.sequence)
            }
            next.time.lastTime = header.firstTime ?? 0
        } else {
            // Moved out, not copied (a copy retains and later releases every array of every channel):
            // a failed delta batch drops the state anyway.
            guard let taken = state.take() else {
                throw CodecError(
                    .missingPredecessor,
                    "delta batch \(header.sequence) with no key batch before it; waiting for the next key batch")
            }
            guard taken.sequence &+ 1 == header.sequence else {
                let previous = taken.sequence
                state = consume taken  // unchanged by a batch that does not follow it
                throw CodecError(
                    .missingPredecessor,
                    "delta batch \(header.sequence) follows \(previous); waiting for the next key batch")
            }
            next = taken
        }
        let rows = header.rows
        let bodyStart = offset
        let bodyEnd = bytes.count
        // A small batch's codes go to the decoder's own buffer and are copied out at the end; a larger
        // one's are allocated as many as the body's size makes plausible and grow beyond that as
        // blocks decode: a few bytes may claim 2^20 rows, and allocating (and faulting in) all of them
        // before the body fails would cost more than decoding it. A valid batch ends with exactly
        // rows × channels codes written.
        var codes: [Int32] = []
        let small = rows * layout.channels <= Self.keptCodes
        if small {
            swap(&codes, &scratchCodes)
        } else {
            codes.reserveCapacity(min(rows * layout.channels, max(1 << 14, (bodyEnd - bodyStart) * 16)))
        }
        defer { if small { swap(&codes, &scratchCodes) } }
        var written = 0
        // The sample window is the decoder's own, reused from batch to batch (moved out and back, so
        // it stays uniquely referenced and never copies).
        var work: [Int64] = []
        swap(&work, &scratch)
        defer { swap(&work, &scratch) }
        let timing: BatchTiming
        do {
            timing = try bytes.withUnsafeBufferPointer { (buffer) throws(CodecError) -> BatchTiming in
                guard let base = buffer.baseAddress else { throw CodecError(.truncated, "empty input") }
                var range = RangeDecoder(base: base, start: bodyStart, end: bodyEnd)
                var raw = RawBitReader(base: base, start: bodyStart, end: bodyEnd)
                let timing: BatchTiming
                switch layout.timestamps {
                case .uniform:
                    let first = header.firstIndex ?? next.nextIndex
                    let (after, overflow) = first.addingReportingOverflow(UInt64(rows))
                    guard !overflow else { throw CodecError(.corrupt, "first index overflows") }
                    next.nextIndex = after
                    timing = .uniform(firstIndex: first)
                case .explicit:
                    timing = .explicit(
                        try TimestampCoding.decode(
                            rows: rows, key: header.key, state: &next.time, range: &range, raw: &raw))
                }
                try decodeChannels(
                    rows: rows, key: header.key, bound: Int64(header.bound), state: &next, codes: &codes,
                    written: &written, work: &work, range: &range, raw: &raw)
                try Self.checkProgress(range, raw)
                return timing
            }
        } catch {
            state = nil  // a key batch restarted it, a delta batch changed it part way
            throw error
        }
        next.sequence = header.sequence
        state = consume next  // moved: a copy would retain and release every array once more
        let decoded =
            small ? codes.withUnsafeBufferPointer { Array(UnsafeBufferPointer(rebasing: $0[0..<written])) } : codes
        return DecodedBatch(
            batch: Batch(sequence: header.sequence, count: rows, codes: decoded, timing: timing), isKey: header.key,
            nearLosslessBound: header.bound)
    }

    /// Refuses a body whose coded stream has read more zeros past its end than a valid body needs,
    /// or has run into the raw stream (docs/batch-format.md §4, §4.1).
    static func checkProgress(_ range: RangeDecoder, _ raw: RawBitReader) throws(CodecError) {
        guard !range.isOverrun else {
            throw CodecError(.truncated, "the coded stream runs past the end of the body")
        }
        guard range.consumed <= raw.lowestLoaded + 12 else {
            throw CodecError(.corrupt, "the coded and raw parts of the body overlap")
        }
    }

    private func decodeChannels(
        rows: Int, key: Bool, bound: Int64, state: inout StreamState, codes: inout [Int32], written: inout Int,
        work: inout [Int64],
        range: inout RangeDecoder, raw: inout RawBitReader
    ) throws(CodecError) {
        // History, then one block: after each block its codes are appended and its last
        // `historyLength` samples slide to the front, so the window never holds more than a block.
        let needed = ChannelState.historyLength + min(rows, FormatLimits.blockRows)
        if work.count < needed { work = [Int64](repeating: 0, count: needed) }
        try work.withUnsafeMutableBufferPointer { (buffer) throws(CodecError) in
            guard let pointer = buffer.baseAddress else { return }
            // Each channel's state is decoded in place: no copy of its models per batch.
            try state.channels.withUnsafeMutableBufferPointer { (channels) throws(CodecError) in
                for channel in channels.indices {
                    try Self.decodeChannel(
                        rows: rows, key: key, bound: bound, state: &channels[channel], work: pointer, codes: &codes,
                        written: &written, range: &range, raw: &raw)
                }
            }
        }
    }

    private static func decodeChannel(
        rows: Int, key: Bool, bound: Int64, state channelState: inout ChannelState,
        work pointer: UnsafeMutablePointer<Int64>,
        codes: inout [Int32], written: inout Int, range: inout RangeDecoder, raw: inout RawBitReader
    ) throws(CodecError) {
        // Samples before `start` are the history of the block at `start`; the stream's very first
        // sample is at index 0, and a block after the first has ≥ 32 before it.
        var start = channelState.history.count
        channelState.history.withUnsafeBufferPointer { history in
            for (i, value) in history.enumerated() { pointer[i] = value }
        }
        var done = 0
        while done < rows {
            let count = min(FormatLimits.blockRows, rows - done)
            let first = key && done == 0
            let plan = try ChannelHeader.decode(state: &channelState, key: first, range: &range, raw: &raw)
            switch plan {
            case .constant(let value):
                for i in start..<(start + count) { pointer[i] = value }
            case .predicted(let predictor, _, let lattice, _):
                if lattice != nil && bound > 0 {
                    throw CodecError(.corrupt, "a lattice in a near-lossless batch")
                }
                try ChannelSamples.decode(
                    pointer, start: start, count: count, predictor: predictor, lattice: lattice,
                    bound: bound, state: &channelState, range: &range, raw: &raw)
                channelState.predictor = predictor
                if let lattice { channelState.lattice = lattice }
            }
            done += count
            // Both checks only get stricter as decoding goes on, so a body that fails at the
            // end fails here already: a few bytes claiming 2^20 rows stop after one block.
            try checkProgress(range, raw)
            let end = start + count
            let filled = written
            if codes.count < filled + count {
                codes.append(contentsOf: repeatElement(0, count: filled + count - codes.count))
            }
            written = filled + count
            codes.withUnsafeMutableBufferPointer { out in
                for i in 0..<count { out[filled &+ i] = Int32(truncatingIfNeeded: pointer[start &+ i]) }
            }
            let keep = min(ChannelState.historyLength, end)
            if done < rows { pointer.update(from: pointer + (end - keep), count: keep) }
            start = done < rows ? keep : end
        }
        channelState.keepHistory(UnsafeBufferPointer(start: pointer, count: start))
    }
}
