// SensorGate — Drivers: the LSM6DSO model's FIFO storage, words packed as the chip shows them.

/// The model's FIFO: up to 512 words of 7 bytes each (tag, then X, Y, Z little-endian, as
/// FIFO_DATA_OUT_TAG … FIFO_DATA_OUT_Z_H show them) in a ring allocated once, so batching a word
/// and reading its bytes allocate nothing and popping the oldest word moves no memory.
struct LSM6DSOFIFORing {
    /// How many words the ring holds: the chip's FIFO depth.
    static let slots = LSM6DSORegister.fifoCapacity
    /// The bytes of one word.
    static let wordLength = LSM6DSORegister.fifoWordLength
    /// The words' bytes, slot by slot.
    private var bytes = [UInt8](repeating: 0, count: slots * wordLength)
    /// The slot of the oldest word.
    private var head = 0
    /// How many words are stored.
    private(set) var count = 0

    /// Whether no word is stored.
    var isEmpty: Bool { count == 0 }

    /// Forgets every word.
    mutating func removeAll() {
        head = 0
        count = 0
    }

    /// Forgets the `words` oldest words (at most all of them).
    mutating func removeFirst(_ words: Int = 1) {
        let dropped = min(max(words, 0), count)
        head = (head + dropped) % Self.slots
        count -= dropped
    }

    /// Stores a word after the newest; a full ring drops its oldest word first.
    /// - Parameters:
    ///   - tag: the tag byte.
    ///   - x: the first code.
    ///   - y: the second code.
    ///   - z: the third code.
    mutating func append(tag: UInt8, _ x: Int16, _ y: Int16, _ z: Int16) {
        if count == Self.slots { removeFirst() }
        let start = (head + count) % Self.slots * Self.wordLength
        // One uniqueness check and one bounds check for the word's seven bytes, not one per byte.
        bytes.withUnsafeMutableBytes { raw in
            let word = UnsafeMutableRawBufferPointer(rebasing: raw[start..<(start + Self.wordLength)])
            word[0] = tag
            word.storeBytes(of: x.littleEndian, toByteOffset: 1, as: Int16.self)
            word.storeBytes(of: y.littleEndian, toByteOffset: 3, as: Int16.self)
            word.storeBytes(of: z.littleEndian, toByteOffset: 5, as: Int16.self)
        }
        count += 1
    }

    /// Byte `index` (0 … 6) of the oldest word; the ring must not be empty.
    func oldestByte(_ index: Int) -> UInt8 { bytes[head * Self.wordLength + index] }

    /// Copies the oldest word's seven bytes into `buffer` from `offset` on and removes the word; the ring
    /// must not be empty and the buffer must have room.
    /// - Parameters:
    ///   - buffer: receives the tag and the six data bytes.
    ///   - offset: where the word goes.
    mutating func popOldest(into buffer: inout [UInt8], at offset: Int) {
        let start = head * Self.wordLength
        bytes.withUnsafeBytes { source in
            buffer.withUnsafeMutableBytes { target in
                UnsafeMutableRawBufferPointer(rebasing: target[offset..<(offset + Self.wordLength)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<(start + Self.wordLength)]))
            }
        }
        removeFirst()
    }
}
