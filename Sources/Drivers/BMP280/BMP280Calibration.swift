// SensorGate — Drivers: BMP280/BME280 trimming parameters, their NVM layout and validation.

/// The factory trimming parameters dig_T1…dig_P9 (and dig_H1…dig_H6 on the BME280), as the chip
/// stores them at 0x88…0xA1 and 0xE1…0xE7 (BMP280 §3.11.2 table 17, BME280 §4.2.2 table 16).
public struct BMP280Calibration: Sendable, Hashable {
    /// dig_T1, unsigned.
    public var digT1: UInt16
    /// dig_T2.
    public var digT2: Int16
    /// dig_T3.
    public var digT3: Int16
    /// dig_P1, unsigned.
    public var digP1: UInt16
    /// dig_P2…dig_P9, in order.
    public var digP2to9: [Int16]
    /// dig_H1 (0xA1), unsigned char.
    public var digH1: UInt8
    /// dig_H2 (0xE1/0xE2), signed short.
    public var digH2: Int16
    /// dig_H3 (0xE3), unsigned char.
    public var digH3: UInt8
    /// dig_H4 (0xE4[11:4], 0xE5[3:0]), signed 12 bits.
    public var digH4: Int16
    /// dig_H5 (0xE5[7:4] bits 3:0, 0xE6[11:4]), signed 12 bits.
    public var digH5: Int16
    /// dig_H6 (0xE7), signed char.
    public var digH6: Int8

    /// The BMP280 datasheet's worked example (§3.12 / §8.1): dig_T1 27504, dig_T2 26435, dig_T3 −1000,
    /// dig_P1 36477, dig_P2 −10685, dig_P3 3024, dig_P4 2855, dig_P5 140, dig_P6 −7, dig_P7 15500,
    /// dig_P8 −14600, dig_P9 6000. The datasheet gives no humidity example; the humidity values are
    /// typical of production BME280s (dig_H1 75, dig_H2 362, dig_H3 0, dig_H4 313, dig_H5 50, dig_H6 30).
    public static let datasheetExample = BMP280Calibration(
        digT1: 27504, digT2: 26435, digT3: -1000, digP1: 36477,
        digP2to9: [-10685, 3024, 2855, 140, -7, 15500, -14600, 6000],
        digH1: 75, digH2: 362, digH3: 0, digH4: 313, digH5: 50, digH6: 30)

    /// Creates a parameter set.
    /// - Parameters:
    ///   - digT1: dig_T1.
    ///   - digT2: dig_T2.
    ///   - digT3: dig_T3.
    ///   - digP1: dig_P1.
    ///   - digP2to9: dig_P2…dig_P9 (eight values; missing ones are zero).
    ///   - digH1: dig_H1.
    ///   - digH2: dig_H2.
    ///   - digH3: dig_H3.
    ///   - digH4: dig_H4 (12-bit signed).
    ///   - digH5: dig_H5 (12-bit signed).
    ///   - digH6: dig_H6.
    public init(
        digT1: UInt16, digT2: Int16, digT3: Int16, digP1: UInt16, digP2to9: [Int16], digH1: UInt8 = 0,
        digH2: Int16 = 0, digH3: UInt8 = 0, digH4: Int16 = 0, digH5: Int16 = 0, digH6: Int8 = 0
    ) {
        self.digT1 = digT1
        self.digT2 = digT2
        self.digT3 = digT3
        self.digP1 = digP1
        self.digP2to9 = Array((digP2to9 + [Int16](repeating: 0, count: 8)).prefix(8))
        self.digH1 = digH1
        self.digH2 = digH2
        self.digH3 = digH3
        self.digH4 = digH4
        self.digH5 = digH5
        self.digH6 = digH6
    }

    /// dig_Pn for n in 2…9.
    /// - Parameter index: n, 2…9.
    /// - Returns: the parameter.
    public func digP(_ index: Int) -> Int16 { digP2to9[index - 2] }

    // MARK: - NVM layout

    /// Decodes the trimming registers.
    /// - Parameters:
    ///   - block: the 26 bytes from 0x88 (0xA0 reserved, 0xA1 dig_H1).
    ///   - humidity: the 7 bytes from 0xE1 on the BME280, or nil on the BMP280.
    /// - Returns: the parameters, or nil when a block is short.
    public static func decode(_ block: [UInt8], humidity: [UInt8]?) -> BMP280Calibration? {
        guard block.count >= 24 else { return nil }
        func word(_ index: Int) -> UInt16 { UInt16(block[index]) | UInt16(block[index + 1]) << 8 }
        var calibration = BMP280Calibration(
            digT1: word(0), digT2: Int16(bitPattern: word(2)), digT3: Int16(bitPattern: word(4)), digP1: word(6),
            digP2to9: stride(from: 8, to: 24, by: 2).map { Int16(bitPattern: word($0)) })
        guard let humidity else { return calibration }
        guard block.count >= 26, humidity.count >= 7 else { return nil }
        calibration.digH1 = block[25]
        calibration.digH2 = Int16(bitPattern: UInt16(humidity[0]) | UInt16(humidity[1]) << 8)
        calibration.digH3 = humidity[2]
        calibration.digH4 = Int16(Int8(bitPattern: humidity[3])) << 4 | Int16(humidity[4] & 0x0F)
        calibration.digH5 = Int16(Int8(bitPattern: humidity[5])) << 4 | Int16(humidity[4] >> 4)
        calibration.digH6 = Int8(bitPattern: humidity[6])
        return calibration
    }

    /// The 26 bytes the chip holds at 0x88…0xA1 (0xA0 reads 0; 0xA1 is dig_H1, 0 on the BMP280).
    public var encodedBlock: [UInt8] {
        let words =
            [digT1, UInt16(bitPattern: digT2), UInt16(bitPattern: digT3), digP1]
            + digP2to9.map { UInt16(bitPattern: $0) }
        return words.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] } + [0x00, digH1]
    }

    /// The 7 bytes the BME280 holds at 0xE1…0xE7, with dig_H4 and dig_H5 sharing 0xE5.
    public var encodedHumidityBlock: [UInt8] {
        let h2 = UInt16(bitPattern: digH2)
        return [
            UInt8(truncatingIfNeeded: h2), UInt8(truncatingIfNeeded: h2 >> 8), digH3,
            UInt8(truncatingIfNeeded: digH4 >> 4),
            UInt8(truncatingIfNeeded: digH4 & 0x0F) | UInt8(truncatingIfNeeded: (digH5 & 0x0F) << 4),
            UInt8(truncatingIfNeeded: digH5 >> 4), UInt8(bitPattern: digH6),
        ]
    }

    // MARK: - Validation

    /// Why the parameters cannot be used, or nil when they are plausible.
    ///
    /// A blank NVM reads zeros and a missing chip reads 0xFF; dig_T1 and dig_P1 are the compensation's
    /// offsets and divisor and are never 0 (a zero dig_P1 would divide by zero) nor 0xFFFF on a real part.
    public var problem: String? {
        if digT1 == 0 || digT1 == 0xFFFF { return "dig_T1 is \(digT1)" }
        if digP1 == 0 || digP1 == 0xFFFF { return "dig_P1 is \(digP1)" }
        return nil
    }
}
