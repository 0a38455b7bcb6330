// SensorGate — HALSim: resizing a reused byte array in place, for the buses' caller-storage reads.

extension [UInt8] {
    /// Sets the length to `count`, keeping the storage: no allocation when the capacity suffices and
    /// the array is not shared. New bytes are 0.
    /// - Parameter count: the new length, at least 0.
    mutating func resizeKeepingCapacity(to count: Int) {
        if self.count > count {
            removeLast(self.count - count)
        } else if self.count < count {
            append(contentsOf: repeatElement(0, count: count - self.count))
        }
    }

    /// Replaces the contents with `bytes`, keeping the storage when it is large enough.
    /// - Parameter bytes: the new contents.
    mutating func replaceKeepingCapacity(with bytes: UnsafeRawBufferPointer) {
        if count == bytes.count {
            // The usual case (the same command again): copy over the bytes, no length change.
            withUnsafeMutableBytes { $0.copyMemory(from: bytes) }
            return
        }
        removeAll(keepingCapacity: true)
        append(contentsOf: bytes)
    }
}
