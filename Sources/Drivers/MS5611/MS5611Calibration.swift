// SensorGate — Drivers: the MS5611's calibration PROM, its CRC-4 and its plausibility.

/// The 128-bit calibration PROM of an MS5611: eight 16-bit words (datasheet, "PROM read sequence" and
/// "Memory PROM mapping"; application note AN520). Word 0 holds factory data, words 1–6 the
/// coefficients C1–C6 of the compensation, word 7 a serial code with the CRC-4 in bits 3:0.
public struct MS5611Calibration: Sendable, Hashable {
    /// The eight PROM words as read, word 0 first.
    public var words: [UInt16]

    /// The datasheet's worked-example coefficients C1–C6 = 40127, 36924, 23317, 23282, 33464, 28312,
    /// with word 0 = 0x0000 and serial code 0x410 in word 7 (the datasheet gives neither), and the CRC.
    public static let datasheetExample = MS5611Calibration(
        factoryData: 0x0000, coefficients: [40127, 36924, 23317, 23282, 33464, 28312], serial: 0x410)

    /// Creates a PROM image from words as read (missing words are zero, extra ones dropped).
    /// - Parameter words: the words, word 0 first.
    public init(words: [UInt16]) {
        self.words = Array((words + [UInt16](repeating: 0, count: 8)).prefix(8))
    }

    /// Creates a PROM image as the factory writes it: the CRC-4 is computed and put in word 7.
    /// - Parameters:
    ///   - factoryData: word 0.
    ///   - coefficients: C1–C6 (missing ones are zero).
    ///   - serial: the 12-bit serial code in bits 15:4 of word 7.
    public init(factoryData: UInt16, coefficients: [UInt16], serial: UInt16) {
        let c = Array((coefficients + [UInt16](repeating: 0, count: 6)).prefix(6))
        var words = [factoryData] + c + [(serial & 0x0FFF) << 4]
        words[7] |= UInt16(Checksums.measCRC4(words))
        self.words = words
    }

    /// Coefficient Cn, n 1…6: C1 SENS_T1, C2 OFF_T1, C3 TCS, C4 TCO, C5 T_REF, C6 TEMPSENS.
    /// - Parameter n: 1…6.
    /// - Returns: the coefficient.
    public func c(_ n: Int) -> UInt16 { words[n] }

    /// The CRC-4 stored in bits 3:0 of word 7.
    public var storedCRC: UInt8 { UInt8(words[7] & 0x000F) }

    /// The CRC-4 over the PROM as AN520 computes it.
    public var computedCRC: UInt8 { Checksums.measCRC4(words) }

    /// Whether every word is the same blank value: 0x0000 (a PROM read during the reload, or a chip
    /// that answers nothing) or 0xFFFF (an SPI chip select with nothing attached). An all-zero PROM
    /// passes the CRC-4 (its CRC is 0), so this is checked first.
    public var isBlank: Bool { words.allSatisfy { $0 == 0x0000 } || words.allSatisfy { $0 == 0xFFFF } }

    /// Why the coefficients cannot be used, or nil when they can: C1 (the sensitivity) and C5 (the
    /// reference temperature) are never 0 on a real part.
    public var problem: String? {
        if c(1) == 0 { return "C1 is 0" }
        if c(5) == 0 { return "C5 is 0" }
        return nil
    }

    /// Word `n` as the chip clocks it out: MSB first.
    /// - Parameter n: 0…7.
    /// - Returns: two bytes.
    public func bytes(ofWord n: Int) -> [UInt8] {
        [UInt8(truncatingIfNeeded: words[n] >> 8), UInt8(truncatingIfNeeded: words[n])]
    }
}
