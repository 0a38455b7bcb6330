// SensorGate — Drivers: the LSM6DSO model's FIFO (batching, watermark, overrun) and its INT1 pin.

import HAL

extension LSM6DSOModel {
    /// The FIFO mode FIFO_CTRL4 selects, as the model runs it: the trigger-driven modes run in the phase
    /// they start in without a trigger (continuous-to-FIFO as continuous, bypass-to-continuous and
    /// bypass-to-FIFO as bypass); reserved codes as bypass.
    var fifoMode: LSM6DSOFIFOMode {
        switch file[0x0A] & 0x07 {
        case 0b001: .fifo
        case 0b011, 0b110: .continuous
        default: .bypass
        }
    }

    /// Whether words are being stored.
    var collecting: Bool { fifoMode == .continuous || (fifoMode == .fifo && !fifoStopped) }

    /// The FIFO depth: 512 words, or the watermark with FIFO_CTRL2.STOP_ON_WTM.
    var capacity: Int {
        let limit = watermark
        return file[0x08] & 0x80 != 0 && limit > 0 ? limit : LSM6DSORegister.fifoCapacity
    }

    /// WTM[8:0].
    var watermark: Int { Int(file[0x08] & 0x01) << 8 | Int(file[0x07]) }

    /// How many ODR ticks of `sensor` pass between batched words: 2^(ODR code − BDR code), a BDR above the
    /// ODR batching every tick; nil when the sensor is not batched (BDR 0, or codes 11–15, which the
    /// model does not batch) or the FIFO is not collecting.
    func batchDivider(_ sensor: UInt8) -> Int64? {
        guard collecting else { return nil }
        let isGyro = sensor == LSM6DSORegister.tagGyro
        let odr = (isGyro ? file[0x11] : file[0x10]) >> 4
        let bdr = isGyro ? file[0x09] >> 4 : file[0x09] & 0x0F
        guard (1...10).contains(bdr), (1...10).contains(odr) else { return nil }
        return Int64(1) << Int64(max(Int(odr) - Int(bdr), 0))
    }

    /// The ticks from `first` to `last` that matter: every batched tick that can still be in the FIFO
    /// afterwards (the newest capacity + 1 in continuous mode, the oldest capacity + 1 in FIFO mode),
    /// and the last tick, which the output registers show. Skipped batched ticks in continuous mode
    /// were overwritten and count as an overrun.
    func neededTicks(sensor: UInt8, from first: Int64, to last: Int64) -> [Int64] {
        guard let divider = batchDivider(sensor) else { return [last] }
        let firstBatch = (first + divider - 1) / divider * divider
        guard firstBatch <= last else { return [last] }
        let batches = (last - firstBatch) / divider + 1
        let keep = Int64(capacity + 1)
        var ticks: [Int64]
        if batches <= keep {
            ticks = Array(stride(from: firstBatch, through: last, by: Int(divider)))
        } else if fifoMode == .continuous {
            let start = firstBatch + (batches - keep) * divider
            ticks = Array(stride(from: start, through: last, by: Int(divider)))
            fifoOverrunNow = true
            fifoOverrunLatched = true
        } else {
            ticks = Array(stride(from: firstBatch, to: firstBatch + keep * divider, by: Int(divider)))
        }
        if ticks.last != last { ticks.append(last) }
        return ticks
    }

    /// Stores one word of `sensor` when the tick is a batch tick: words of one instant share TAG_CNT.
    /// A full FIFO overwrites its oldest word in continuous mode and stops collecting in FIFO mode.
    func batch(_ sensor: UInt8, tick: Int64, at time: MonotonicInstant, _ codes: SensorComponents<Int16>) {
        guard let divider = batchDivider(sensor), tick % divider == 0 else { return }
        if slotTime != time {
            slotCounter = (slotCounter + 1) & 0x03
            slotTime = time
        }
        if fifo.count >= capacity {
            fifoOverrunNow = true
            fifoOverrunLatched = true
            guard fifoMode == .continuous else {
                fifoStopped = true
                return
            }
            fifo.removeFirst(fifo.count - capacity + 1)
        }
        fifo.append(
            tag: LSM6DSOFIFOWord.tag(sensor: sensor, count: slotCounter), code(codes, 0), code(codes, 1),
            code(codes, 2))
    }

    /// Code `index` of a sample, 0 when it has fewer.
    private func code(_ codes: SensorComponents<Int16>, _ index: Int) -> Int16 {
        index < codes.count ? codes[index] : 0
    }

    /// FIFO_CTRL4 was written: bypass empties the FIFO; any write restarts a stopped FIFO mode.
    func fifoModeWritten() {
        fifoStopped = false
        if fifoMode == .bypass {
            fifo.removeAll()
            fifoOverrunNow = false
            fifoOverrunLatched = false
        }
    }

    /// One byte of the oldest word (0 when empty); reading the last byte moves to the next word.
    func readFIFOByte(_ index: Int) -> UInt8 {
        guard !fifo.isEmpty else { return 0x00 }
        let value = fifo.oldestByte(index)
        if index == LSM6DSORegister.fifoWordLength - 1 {
            fifo.removeFirst()
            fifoOverrunNow = false
        }
        return value
    }

    /// FIFO_STATUS2: watermark, overrun and full flags, the latched overrun, DIFF_FIFO[9:8].
    var fifoStatus2: UInt8 {
        var value = UInt8((fifo.count >> 8) & 0x03)
        let limit = watermark
        if limit > 0, fifo.count >= limit { value |= LSM6DSORegister.fifoWatermarkReached }
        if fifoOverrunNow { value |= LSM6DSORegister.fifoOverrun }
        if fifoFull { value |= LSM6DSORegister.fifoFull }
        if fifoOverrunLatched { value |= LSM6DSORegister.fifoOverrunLatched }
        return value
    }

    /// FIFO_FULL_IA: the next time slot will not fit (or FIFO mode has stopped).
    var fifoFull: Bool {
        let batched =
            (batchDivider(LSM6DSORegister.tagGyro) != nil ? 1 : 0)
            + (batchDivider(LSM6DSORegister.tagAccel) != nil ? 1 : 0)
        return fifoStopped || (batched > 0 && fifo.count + batched > capacity)
    }

    // MARK: - INT1

    /// Drives INT1 from INT1_CTRL: data-ready (latched until the data is read), FIFO watermark, overrun
    /// and full; active low with CTRL3_C.H_LACTIVE. Only changes are reported.
    func driveInterrupt() {
        let level = int1Active(routes: file[0x0D]) != (file[0x12] & LSM6DSORegister.interruptActiveLow != 0)
        guard level != int1Level else { return }
        int1Level = level
        interrupt?("INT1", level)
    }

    /// Whether a source INT1_CTRL routes (`routes`) is raised: data-ready, FIFO threshold, overrun, full.
    func int1Active(routes: UInt8) -> Bool {
        let status2 = fifoStatus2
        var active = false
        if routes & LSM6DSORegister.int1AccelDataReady != 0, status & LSM6DSORegister.accelDataAvailable != 0 {
            active = true
        }
        if routes & LSM6DSORegister.int1GyroDataReady != 0, status & LSM6DSORegister.gyroDataAvailable != 0 {
            active = true
        }
        if routes & LSM6DSORegister.int1FIFOThreshold != 0, status2 & LSM6DSORegister.fifoWatermarkReached != 0 {
            active = true
        }
        if routes & LSM6DSORegister.int1FIFOOverrun != 0, status2 & LSM6DSORegister.fifoOverrun != 0 { active = true }
        if routes & LSM6DSORegister.int1FIFOFull != 0, status2 & LSM6DSORegister.fifoFull != 0 { active = true }
        return active
    }
}
