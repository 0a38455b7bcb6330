// SensorGate — Drivers: grouping the LSM6DSO's tagged FIFO words into complete time slots.

/// Groups consecutive FIFO words with equal TAG_CNT into time slots and keeps those with both a
/// gyroscope and an accelerometer word; words of other sensors (temperature, timestamps, configuration
/// changes) are skipped, and a slot cut in two by an overrun is dropped. Holds only the slot being
/// assembled, inline, so grouping allocates nothing beyond the caller's output buffer.
struct LSM6DSOFIFOSlots {
    /// One time slot of the FIFO: the gyroscope and accelerometer codes that share a TAG_CNT.
    struct Slot: Equatable {
        /// Gyroscope X, Y, Z.
        var gyro: SensorComponents<Int16>
        /// Accelerometer X, Y, Z.
        var accel: SensorComponents<Int16>
    }

    private var gyro: SensorComponents<Int16>?
    private var accel: SensorComponents<Int16>?
    private var current: UInt8?

    /// Adds one 7-byte word (tag, then X, Y, Z little-endian), appending a slot it completes.
    /// - Parameters:
    ///   - word: the word's bytes; shorter than 7 bytes is ignored.
    ///   - slots: receives complete slots, oldest first.
    mutating func add(_ word: UnsafeRawBufferPointer, into slots: inout [Slot]) {
        guard word.count >= LSM6DSORegister.fifoWordLength else { return }
        let tag = word[0]
        let sensor = tag >> 3
        guard sensor == LSM6DSORegister.tagGyro || sensor == LSM6DSORegister.tagAccel else { return }
        let slot = (tag >> 1) & 0x03
        if slot != current {
            close(into: &slots)
            current = slot
        }
        @inline(__always) func code(_ offset: Int) -> Int16 {
            Int16(littleEndian: word.loadUnaligned(fromByteOffset: offset, as: Int16.self))
        }
        let data = SensorComponents(code(1), code(3), code(5))
        if sensor == LSM6DSORegister.tagGyro {
            if gyro != nil { close(into: &slots) }
            gyro = data
        } else {
            if accel != nil { close(into: &slots) }
            accel = data
        }
    }

    /// Ends the slot being assembled, appending it when it holds both sensors.
    /// - Parameter slots: receives the slot.
    mutating func close(into slots: inout [Slot]) {
        if let gyro, let accel { slots.append(Slot(gyro: gyro, accel: accel)) }
        gyro = nil
        accel = nil
    }
}
