// SensorGate — Drivers: the LIS3MDL model's status bits, threshold interrupt and DRDY/INT pins.

extension LIS3MDLModel {
    /// A new X, Y, Z set: each axis's data-available bit, its overrun bit when the previous value
    /// was not read, and ZYXDA/ZYXOR likewise (STATUS_REG, §7.7).
    func newDataAvailable() {
        for axis in 0..<3 {
            let available = UInt8(1) << axis
            if status & available != 0 { status |= 0x10 << axis }
            status |= available
        }
        if status & LIS3MDLRegister.zyxDataAvailable != 0 { status |= LIS3MDLRegister.zyxOverrun }
        status |= LIS3MDLRegister.zyxDataAvailable
    }

    /// Conversions were lost unread: every overrun bit.
    func markOverrun() { status |= 0xF0 }

    /// An axis's output was read (its second byte): its data-available and overrun bits clear, and
    /// ZYXDA/ZYXOR with the last of them.
    func dataRead(axis: Int) {
        status &= ~(UInt8(0x11) << axis)
        if status & 0x07 == 0 { status &= ~(LIS3MDLRegister.zyxDataAvailable | LIS3MDLRegister.zyxOverrun) }
        drivePins()
    }

    /// The threshold interrupt (§7.12–7.14): with INT_CFG.IEN set, an enabled axis whose code is
    /// above +INT_THS sets its PTH bit, below −INT_THS its NTH bit; MROI marks a clipped conversion.
    /// With LIR = 0 the bits latch until INT_SRC is read; with LIR = 1 they follow each conversion.
    func evaluateThresholds(_ codes: SensorComponents<Int16>, overflow: Bool) {
        guard interruptConfig & 0x01 != 0 else { return }
        let threshold = Int(interruptThreshold & 0x7FFF)
        var flags: UInt8 = overflow ? 0x02 : 0x00
        for axis in 0..<3 where interruptConfig & (0x80 >> axis) != 0 {
            if Int(codes[axis]) > threshold { flags |= 0x80 >> axis }
            if Int(codes[axis]) < -threshold { flags |= 0x10 >> axis }
        }
        let latched = interruptConfig & 0x02 == 0
        var source = (latched ? interruptSource : 0) | flags
        source = source & 0xFC != 0 ? source | 0x01 : source & 0xFE
        interruptSource = source
    }

    /// INT_SRC; reading it clears latched bits.
    func readInterruptSource() -> UInt8 {
        let value = interruptSource
        if interruptConfig & 0x02 == 0 { interruptSource = 0 }
        drivePins()
        return value
    }

    /// Drives DRDY (high while ZYXDA is set) and INT (INT_SRC.INT with IEN, at the IEA polarity;
    /// the inactive level otherwise), calling ``interrupt`` on every change.
    func drivePins() {
        let ready = status & LIS3MDLRegister.zyxDataAvailable != 0
        if drdyLevel != ready {
            drdyLevel = ready
            interrupt?("DRDY", ready)
        }
        let active = interruptConfig & 0x01 != 0 && interruptSource & 0x01 != 0
        let level = active == (interruptConfig & 0x04 != 0)
        if intLevel != level {
            intLevel = level
            interrupt?("INT", level)
        }
    }
}
