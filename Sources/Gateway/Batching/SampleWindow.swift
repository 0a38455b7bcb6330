// SensorGate — Gateway: a preallocated window of one stream's quantised samples.

/// One stream's rows for one batch interval: integer codes channel by channel and each row's time,
/// in storage allocated once and reused, so that appending a row on the sampling thread does not
/// allocate.
///
/// A window is owned by one thread at a time: the batcher fills it on the sampling thread, hands it
/// through ``WindowQueue`` to the sealing stage, which reads it and gives it back.
/// Its mutable state skips the runtime exclusivity checks (`@exclusivity(unchecked)`): the owner
/// never overlaps two accesses, and the checks cost about 600 instructions per reading in the
/// batcher's writes (callgrind of `sensorgate run`).
// @unchecked Sendable: ownership moves through WindowQueue's lock; no two threads touch a window at once.
final class SampleWindow: @unchecked Sendable {
    /// The stream's index in the plan.
    let stream: Int
    /// The most rows the window holds.
    let capacity: Int
    /// The number of channels.
    let channels: Int
    /// Codes: channel `c`'s row `i` is `codes[c * capacity + i]`. Allocated at init and freed at deinit:
    /// a buffer, not an array, so that a store costs neither a uniqueness check nor a retain.
    let codes: UnsafeMutableBufferPointer<Int32>
    /// Each row's time in µs from the stream's epoch; explicit streams only (empty on uniform ones, whose
    /// rows are dated by `firstIndex` and the rate, so that their windows carry no unused column).
    let timesMicros: UnsafeMutableBufferPointer<Int64>
    /// Whether rows keep their times (explicit streams).
    let keepsTimes: Bool
    /// The uniform index of the first row (uniform streams).
    @exclusivity(unchecked) var firstIndex: UInt64 = 0
    /// Which batch interval (from the epoch) the rows fall in.
    @exclusivity(unchecked) var interval: Int64 = 0
    /// The rows held.
    @exclusivity(unchecked) var count = 0
    /// The stream's rate in mHz when the first row was written (a live rate change moves it).
    @exclusivity(unchecked) var milliHertz: Int64 = 0
    /// The stream's epoch after the batcher's, in µs: 0, or its latest rate change.
    @exclusivity(unchecked) var epochShiftMicros: Int64 = 0
    /// The first and last rows' times in µs from the stream's epoch.
    @exclusivity(unchecked) var firstMicros: Int64 = 0
    @exclusivity(unchecked) var lastMicros: Int64 = 0

    init(stream: Int, channels: Int, capacity: Int, keepsTimes: Bool) {
        self.stream = stream
        self.channels = channels
        self.capacity = capacity
        self.keepsTimes = keepsTimes
        codes = .allocate(capacity: channels * capacity)
        codes.initialize(repeating: 0)
        timesMicros = .allocate(capacity: keepsTimes ? capacity : 0)
        timesMicros.initialize(repeating: 0)
    }

    deinit {
        codes.deallocate()
        timesMicros.deallocate()
    }

    /// Empties the window for reuse.
    func reset() { count = 0 }

    /// The codes of the rows held, channel-major and packed (`codes[c * count + i]`), as the codec wants them.
    func packedCodes() -> [Int32] {
        var packed = [Int32]()
        packed.reserveCapacity(channels * count)
        for channel in 0..<channels {
            packed.append(contentsOf: codes[(channel * capacity)..<(channel * capacity + count)])
        }
        return packed
    }
}
