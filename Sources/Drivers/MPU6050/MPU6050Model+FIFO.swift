// SensorGate — Drivers: the MPU-6050 model's FIFO (1024 bytes, oldest overwritten) and its INT pin.

import HAL

extension MPU6050Model {
    /// The bytes one sample adds to the FIFO: accelerometer 6, temperature 2, gyroscope 2 per axis, as
    /// FIFO_EN selects them; 0 unless USER_CTRL.FIFO_EN is set. The I2C slave bits are not modelled.
    var frameLength: Int {
        guard file[0x6A] & MPU6050Register.userFIFOEnable != 0 else { return 0 }
        let select = file[0x23]
        var length = 0
        if select & 0x08 != 0 { length += 6 }
        if select & 0x80 != 0 { length += 2 }
        if select & 0x40 != 0 { length += 2 }
        if select & 0x20 != 0 { length += 2 }
        if select & 0x10 != 0 { length += 2 }
        return length
    }

    /// The samples from `first` to `last` that matter: with the FIFO collecting, the newest ones that
    /// can still be in it afterwards (older ones were overwritten, an overflow); else only the last,
    /// which the sensor registers show.
    /// - Returns: the ticks, a range (no list is built).
    func neededTicks(from first: Int64, to last: Int64) -> ClosedRange<Int64> {
        let length = frameLength
        guard length > 0 else { return last...last }
        let keep = Int64(MPU6050Register.fifoCapacity / length + 2)
        guard last - first + 1 > keep else { return first...last }
        raiseOverflow()
        return (last - keep + 1)...last
    }

    /// Appends one sample in register order (register 116): ACCEL_XOUT_H…ACCEL_ZOUT_L, TEMP_OUT, then
    /// the selected GYRO_xOUT. When the FIFO is full the oldest bytes are lost and FIFO_OFLOW_INT is set.
    func pushFIFO() {
        let length = frameLength
        guard length > 0 else { return }
        let select = file[0x23]
        let output = output
        // The selected blocks in register order, from the output registers into a frame on the stack,
        // then into the FIFO in one append.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 14) { frame in
            var filled = 0
            func copy(from offset: Int, count: Int) {
                for index in offset..<(offset + count) {
                    frame[filled] = output.byte(at: index)
                    filled += 1
                }
            }
            if select & 0x08 != 0 { copy(from: 0, count: 6) }
            if select & 0x80 != 0 { copy(from: 6, count: 2) }
            if select & 0x40 != 0 { copy(from: 8, count: 2) }
            if select & 0x20 != 0 { copy(from: 10, count: 2) }
            if select & 0x10 != 0 { copy(from: 12, count: 2) }
            fifo.append(contentsOf: UnsafeBufferPointer(rebasing: frame[0..<filled]))
        }
        if fifo.count > MPU6050Register.fifoCapacity {
            fifo.removeFirst(fifo.count - MPU6050Register.fifoCapacity)
            raiseOverflow()
        }
    }

    /// Sets FIFO_OFLOW_INT when FIFO_OFLOW_EN allows it.
    func raiseOverflow() {
        guard file[0x38] & MPU6050Register.fifoOverflow != 0 else { return }
        intStatus |= MPU6050Register.fifoOverflow
        pulsePending = true
    }

    /// Consecutive reads of FIFO_R_W (register 116) from `start` to the end of `bytes`: the oldest bytes in
    /// order, then the last one read repeated once the FIFO is empty.
    /// - Parameters:
    ///   - bytes: the read's buffer.
    ///   - start: the first index that reads FIFO_R_W.
    func popFIFOBytes(into bytes: inout [UInt8], from start: Int) {
        let taken = fifo.pop(into: &bytes, from: start)
        if taken > 0 { lastFIFOByte = bytes[start + taken - 1] }
        for index in (start + taken)..<bytes.endIndex { bytes[index] = lastFIFOByte }
    }

    /// USER_CTRL was written: FIFO_RESET empties the FIFO when written with FIFO_EN 0, SIG_COND_RESET
    /// clears the sensor registers; both clear themselves.
    func userControlWritten(_ value: UInt8) {
        file[0x6A] = value & 0x70
        if value & MPU6050Register.userFIFOReset != 0, value & MPU6050Register.userFIFOEnable == 0 {
            fifo.removeAll()
            latchedCount = 0
        }
        if value & MPU6050Register.userSignalConditionReset != 0 {
            output = .zero
            accelCache = nil
        }
    }

    // MARK: - INT

    /// Drives INT from INT_STATUS: latched (LATCH_INT_EN) it is held while a status bit is set; else
    /// each new event is a pulse (the 50 µs pulse is reported as a rise and a fall at once). Active low
    /// with INT_LEVEL. Only changes are reported.
    func driveInterrupt() {
        let config = file[0x37]
        let activeLow = config & MPU6050Register.intActiveLow != 0
        if config & MPU6050Register.intLatch != 0 {
            pulsePending = false
            let level = (intStatus & (MPU6050Register.dataReady | MPU6050Register.fifoOverflow) != 0) != activeLow
            setPin(level)
        } else {
            setPin(activeLow)
            if pulsePending {
                pulsePending = false
                setPin(!activeLow)
                setPin(activeLow)
            }
        }
    }

    private func setPin(_ level: Bool) {
        guard level != intLevel else { return }
        intLevel = level
        interrupt?("INT", level)
    }
}
