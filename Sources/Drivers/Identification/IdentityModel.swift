// SensorGate — Drivers: the identification face of a chip, for simulated buses until its full model exists.

import HAL

/// A simulated chip that answers exactly what its datasheet says to the identification of
/// ``ChipSignature``, and acknowledges everything else: byte registers with an auto-incrementing
/// pointer, plus fixed answers to command words (Sensirion status, MEAS PROM).
///
/// This is only the part of a chip that bus scans and `probe` see. The register-level models that
/// measure (trim, conversions, FIFOs, timing) replace it per chip as the drivers land.
public final class IdentityModel: I2CTarget {
    /// The chip it answers as.
    public let signature: ChipSignature
    @exclusivity(unchecked) private var registers = [UInt8](repeating: 0, count: 256)
    @exclusivity(unchecked) private var pointer: UInt8 = 0
    @exclusivity(unchecked) private var commands: [[UInt8]: [UInt8]] = [:]
    @exclusivity(unchecked) private var pending: [UInt8]?
    @exclusivity(unchecked) private var spiRegisters = [UInt8](repeating: 0, count: 128)
    @exclusivity(unchecked) private var spiCommand: UInt8?
    @exclusivity(unchecked) private var spiOffset = 0

    /// Creates the identity of a chip.
    /// - Parameters:
    ///   - signature: the chip.
    ///   - promWords: the MEAS PROM contents for `.measPROM` chips; the CRC nibble of word 7 is computed.
    ///     Default: the MS5611 datasheet's example calibration.
    public init(signature: ChipSignature, promWords: [UInt16] = [0, 40127, 36924, 23317, 23282, 33464, 28312, 0]) {
        self.signature = signature
        switch signature.check {
        case .register(let register, let expected, _):
            registers[Int(register)] = expected.first ?? 0
            spiRegisters[Int(register & 0x7F)] = expected.first ?? 0
        case .register16(let register, let expected, _):
            registers[Int(register)] = UInt8(expected >> 8)
            registers[Int(register &+ 1)] = UInt8(expected & 0xFF)
        case .sensirionWord(let command):
            let word: [UInt8] = [0x80, 0x10]  // status after reset: alert pending, reset detected
            commands[[UInt8(command >> 8), UInt8(command & 0xFF)]] = word + [Checksums.sensirionCRC8(word)]
        case .measPROM:
            var words = promWords + [UInt16](repeating: 0, count: max(0, 8 - promWords.count))
            words[7] = (words[7] & 0xFFF0) | UInt16(Checksums.measCRC4(words))
            for (index, word) in words.prefix(8).enumerated() {
                commands[[0xA0 + UInt8(index) * 2]] = [UInt8(word >> 8), UInt8(word & 0xFF)]
            }
        }
    }

    /// Takes a command word or a register pointer (and register writes after it).
    public func i2cWrite(_ bytes: [UInt8]) -> I2CTargetAcknowledge {
        if let answer = commands[bytes] {
            pending = answer
            return .ack
        }
        pending = nil
        guard let first = bytes.first else { return .ack }
        pointer = first
        for byte in bytes.dropFirst() {
            registers[Int(pointer)] = byte
            pointer &+= 1
        }
        return .ack
    }

    /// Answers the pending command, or the registers from the pointer on.
    public func i2cRead(into bytes: inout [UInt8]) {
        for index in bytes.indices {
            if let answer = pending {
                bytes[index] = index < answer.count ? answer[index] : 0xFF
            } else {
                bytes[index] = registers[Int(pointer)]
                pointer &+= 1
            }
        }
    }

    /// Ends the transaction; a command's answer stays readable until the next write, as on the chips.
    public func i2cStop() {}
}

extension IdentityModel: SPITarget {
    /// Modes 0 and 3, which every supported SPI sensor samples correctly.
    public var supportedModes: Set<SPIMode> { [.mode0, .mode3] }

    /// A new command starts.
    public func spiSelect() {
        spiCommand = nil
        spiOffset = 0
    }

    /// The first byte is the command; later bytes clock out the register (bit 7 set: read) or PROM word.
    public func spiExchange(_ mosi: UInt8) -> UInt8 {
        guard let command = spiCommand else {
            spiCommand = mosi
            return 0x00
        }
        defer { spiOffset += 1 }
        if let answer = commands[[command]] {
            return spiOffset < answer.count ? answer[spiOffset] : 0x00
        }
        guard command & 0x80 != 0 else { return 0x00 }
        return spiRegisters[Int((command &+ UInt8(truncatingIfNeeded: spiOffset)) & 0x7F)]
    }

    /// The command ends.
    public func spiDeselect() { spiCommand = nil }
}
