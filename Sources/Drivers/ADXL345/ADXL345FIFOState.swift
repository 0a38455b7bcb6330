// SensorGate — Drivers: the ADXL345 model's FIFO and flag state, read once, and what follows from it.

/// The part of the ADXL345 model's state that INT_SOURCE's sampling bits, the pins and the next event
/// follow from, read out of the model once: the model asks for these several times per FIFO entry (each
/// bus access, each pop), and working them out from locals avoids reloading and decoding the model's
/// stored registers at each step.
struct ADXL345FIFOState {
    /// FIFO_CTL's mode.
    let mode: ADXL345FIFOMode
    /// The samples unread: the one at the output and the FIFO's entries.
    let held: Int
    /// FIFO_CTL Samples: the watermark.
    let samplesSetting: Int
    /// INT_SOURCE Overrun.
    let overrun: Bool
    /// FIFO_STATUS FIFO_TRIG.
    let triggered: Bool
    /// INT_SOURCE bits 6:2 raised by motion events.
    let eventSources: UInt8

    /// FIFO_STATUS Entries: the FIFO's entries, not counting the sample at the output; 0 in bypass.
    @inline(__always) var entries: Int { mode == .bypass ? 0 : max(held - 1, 0) }

    /// The most samples the chip holds unread: 32 FIFO entries plus the output (33), 1 in bypass.
    @inline(__always) var capacity: Int { mode == .bypass ? 1 : ADXL345Register.fifoDepth + 1 }

    /// Whether a full FIFO drops new samples (FIFO mode; trigger mode after its trigger).
    @inline(__always) var stopsWhenFull: Bool { mode == .fifo || (mode == .trigger && triggered) }

    /// INT_SOURCE as a read would return it (see ``ADXL345Model/interruptSource``): a function of this state only.
    @inline(__always) var interruptSource: UInt8 {
        var bits = eventSources
        if held > 0 { bits |= ADXL345Register.dataReady }
        if entries >= samplesSetting { bits |= ADXL345Register.watermark }
        if overrun { bits |= ADXL345Register.overrun }
        return bits
    }

    /// How many more grid samples can arrive before one of them may change an enabled INT_SOURCE bit
    /// (DATA_READY at the first sample into an empty chip, Watermark when Entries reaches Samples,
    /// Overrun when the chip fills or, in bypass, when a second sample arrives unread), or nil when
    /// no sample can (a full FIFO in FIFO mode drops them). Never more than the chip holds, so that a
    /// catch-up never has to skip samples the per-sample schedule would have converted.
    /// - Parameters:
    ///   - raised: ``interruptSource``.
    ///   - enabled: INT_ENABLE.
    @inline(__always) func samplesUntilPinsCanChange(raised: UInt8, enabled: UInt8) -> Int64? {
        let holds = capacity
        if stopsWhenFull, held >= holds { return nil }
        // The bits that are enabled and not raised yet: only those can change a pin as samples arrive.
        let pending = enabled & ~raised
        var count = holds
        if pending & ADXL345Register.dataReady != 0 { count = 1 }
        if mode != .bypass, pending & ADXL345Register.watermark != 0 {
            count = min(count, max(samplesSetting + 1 - held, 1))
        }
        if pending & ADXL345Register.overrun != 0 {
            count = min(count, max(mode == .bypass ? 2 - held : holds - held, 1))
        }
        return Int64(count)
    }

    /// Whether completing a pending pop can clear an enabled INT_SOURCE bit: Overrun (a pop clears it),
    /// DATA_READY (the last unread sample leaves) or Watermark (Entries falls below Samples). Samples
    /// arriving before the pop can only keep a bit set, so this errs towards an event.
    /// - Parameters:
    ///   - raised: ``interruptSource``.
    ///   - enabled: INT_ENABLE.
    @inline(__always) func popCanChangePins(raised: UInt8, enabled: UInt8) -> Bool {
        let active = raised & enabled
        if active & ADXL345Register.overrun != 0 { return true }
        if active & ADXL345Register.dataReady != 0, held <= 1 { return true }
        return active & ADXL345Register.watermark != 0 && max(held - 2, 0) < samplesSetting
    }
}
