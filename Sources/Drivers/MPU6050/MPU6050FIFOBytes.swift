// SensorGate — Drivers: the MPU-6050 model's FIFO bytes, popped without moving the rest.

/// The bytes in the MPU-6050 model's FIFO, oldest first: popping moves an index instead of
/// every byte behind it, and the storage is compacted (keeping its capacity) only now and then.
struct MPU6050FIFOBytes {
    /// The bytes; those before `head` have been popped.
    private var storage: [UInt8] = []
    /// The index of the oldest byte still queued.
    private var head = 0

    /// How many bytes are queued.
    var count: Int { storage.count - head }
    /// Whether no byte is queued.
    var isEmpty: Bool { head == storage.count }

    /// Queues a byte after the newest.
    mutating func append(_ byte: UInt8) {
        if head >= 4096, head * 2 >= storage.count { compact() }
        storage.append(byte)
    }

    /// Queues `bytes` after the newest, in order: one uniqueness check and one copy for a whole frame
    /// instead of one per byte.
    /// - Parameter bytes: the bytes, oldest first.
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        if head >= 4096, head * 2 >= storage.count { compact() }
        storage.append(contentsOf: bytes)
    }

    /// Pops the oldest bytes into `bytes` from index `start` on, as many as are queued and fit.
    /// - Parameters:
    ///   - bytes: the buffer to fill.
    ///   - start: the first index to fill (at most `bytes.count`).
    /// - Returns: how many bytes were popped.
    mutating func pop(into bytes: inout [UInt8], from start: Int) -> Int {
        let taken = min(count, max(bytes.count - start, 0))
        guard taken > 0 else { return 0 }
        let first = head
        storage.withUnsafeBufferPointer { source in
            bytes.withUnsafeMutableBufferPointer { target in
                _ = UnsafeMutableBufferPointer(rebasing: target[start..<(start + taken)])
                    .update(fromContentsOf: UnsafeBufferPointer(rebasing: source[first..<(first + taken)]))
            }
        }
        head += taken
        if head == storage.count { removeAll() }
        return taken
    }

    /// Drops the `bytes` oldest bytes (at most all of them).
    mutating func removeFirst(_ bytes: Int) {
        head += min(max(bytes, 0), count)
        if head == storage.count { removeAll() }
    }

    /// Empties the queue, keeping the storage's capacity.
    mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        head = 0
    }

    /// Moves the queued bytes to the front of the storage.
    private mutating func compact() {
        storage.removeFirst(head)
        head = 0
    }
}
