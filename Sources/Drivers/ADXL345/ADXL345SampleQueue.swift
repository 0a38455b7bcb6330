// SensorGate — Drivers: the ADXL345 model's unread samples, a ring held inline.

/// The samples the ADXL345 model holds unread (the output and the FIFO's 32 entries), oldest first,
/// in a ring held inline: popping the oldest moves an index, not the samples behind it (an array's
/// `removeFirst` moved up to 32 of them at every FIFO pop, and checked the array's uniqueness).
struct ADXL345SampleQueue {
    /// The samples, 33 slots: the FIFO's 32 entries plus the output register (``ADXL345Register/fifoDepth``
    /// + 1, the model's `capacity` outside bypass); positions wrap at the ring's own size.
    private var ring = InlineArray<33, ADXL345RawSample>(repeating: ADXL345RawSample(x: 0, y: 0, z: 0))
    /// The position of the oldest sample in the ring.
    private var head = 0
    /// How many samples it holds.
    private(set) var count = 0

    /// Whether it holds no sample.
    var isEmpty: Bool { count == 0 }

    /// The oldest sample, or nil when empty. It changes nothing; it is `mutating` so that it reads in
    /// place: a non-mutating read of a queue stored in a class copied the whole ring (33 samples) to
    /// index it, at every read of the data registers.
    mutating func oldest() -> ADXL345RawSample? { count == 0 ? nil : ring[head] }

    /// Appends a sample after the newest; when full, the oldest is dropped to make room (the model
    /// never appends to a full queue: it pops first).
    /// - Parameter sample: the sample.
    mutating func append(_ sample: ADXL345RawSample) {
        if count == ring.count { _ = popFirst() }
        ring[(head + count) % ring.count] = sample
        count += 1
    }

    /// Removes and returns the oldest sample, or nil when empty.
    mutating func popFirst() -> ADXL345RawSample? {
        guard count > 0 else { return nil }
        let sample = ring[head]
        head = head + 1 == ring.count ? 0 : head + 1
        count -= 1
        return sample
    }

    /// Drops the `dropped` oldest samples (at most all of them).
    /// - Parameter dropped: how many.
    mutating func removeFirst(_ dropped: Int) {
        let removed = min(max(dropped, 0), count)
        head = (head + removed) % ring.count
        count -= removed
    }

    /// Empties the queue.
    mutating func removeAll() {
        head = 0
        count = 0
    }
}
