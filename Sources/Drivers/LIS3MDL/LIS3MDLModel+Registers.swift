// SensorGate — Drivers: the LIS3MDL model's register map: reads, writes and self-clearing bits.

import HAL

extension LIS3MDLModel {
    /// The value of one register as the bus reads it.
    func readRegister(_ register: UInt8) -> UInt8 {
        let now = clock.now()
        switch register {
        case LIS3MDLRegister.whoAmI:
            return LIS3MDLRegister.whoAmIValue
        case 0x20...0x24:
            var value = control[Int(register - 0x20)]
            if register == LIS3MDLRegister.control2 {
                if now < softResetUntil { value |= LIS3MDLRegister.softReset }
                if now < rebootUntil { value |= LIS3MDLRegister.reboot }
            }
            return value
        case LIS3MDLRegister.status:
            return status
        case 0x28...0x2F:
            return readOutput(register)
        case LIS3MDLRegister.interruptConfig:
            return interruptConfig
        case LIS3MDLRegister.interruptSource:
            return readInterruptSource()
        case 0x32:
            return UInt8(truncatingIfNeeded: interruptThreshold)
        case 0x33:
            return UInt8(truncatingIfNeeded: interruptThreshold >> 8)
        default:
            return 0x00
        }
    }

    /// An output byte (OUT_X_L…TEMP_OUT_H), in the byte order CTRL_REG4.BLE asks for; reading an
    /// axis's second byte clears its data-available and overrun bits; BDU holds later conversions
    /// until both bytes of a pair were read.
    private func readOutput(_ register: UInt8) -> UInt8 {
        let offset = Int(register - LIS3MDLRegister.outX)
        let word = offset < 6 ? output[offset / 2] : temperatureOutput
        let bigEndian = control[3] & 0x02 != 0
        let highByte = (offset % 2 == 1) != bigEndian
        let value = UInt16(bitPattern: word)
        let byte = highByte ? UInt8(value >> 8) : UInt8(truncatingIfNeeded: value)
        if control[4] & LIS3MDLRegister.blockDataUpdate != 0 {
            if offset % 2 == 0 { awaitingHigh.insert(register + 1) } else { awaitingHigh.remove(register) }
        }
        if offset < 6, offset % 2 == 1 { dataRead(axis: offset / 2) }
        releaseHeldSample()
        return byte
    }

    /// Writes one register as the bus does: read-only and reserved registers ignore it.
    func writeRegister(_ register: UInt8, _ value: UInt8) {
        guard clock.now() >= softResetUntil else { return }
        switch register {
        case LIS3MDLRegister.control2 where value & LIS3MDLRegister.softReset != 0:
            reset()
            softResetUntil = clock.now() + softResetDuration
        case LIS3MDLRegister.control2 where value & LIS3MDLRegister.reboot != 0:
            control[1] = value & 0x60
            rebootUntil = clock.now() + rebootDuration
        case 0x20...0x24:
            let masks: [UInt8] = [0xFF, 0x60, 0x27, 0x0E, 0xC0]
            let index = Int(register - 0x20)
            control[index] = value & masks[index]
            controlChanged(register)
        case LIS3MDLRegister.interruptConfig:
            interruptConfig = value & 0xE7 | 0x08
            drivePins()
        case 0x32:
            interruptThreshold = interruptThreshold & 0x7F00 | UInt16(value)
        case 0x33:
            interruptThreshold = interruptThreshold & 0x00FF | UInt16(value & 0x7F) << 8
        default:
            break
        }
    }
}
