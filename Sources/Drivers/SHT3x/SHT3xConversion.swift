// SensorGate — Drivers: SHT3x data words with their CRC-8, and the signal conversion.

/// The raw output of one SHT3x measurement: S_T and S_RH, 16-bit unsigned (§4.13).
public struct SHT3xRawSample: Sendable, Hashable {
    /// S_T, the temperature signal.
    public var temperature: UInt16
    /// S_RH, the humidity signal.
    public var humidity: UInt16

    /// Creates a sample.
    /// - Parameters:
    ///   - temperature: S_T.
    ///   - humidity: S_RH.
    public init(temperature: UInt16, humidity: UInt16) {
        self.temperature = temperature
        self.humidity = humidity
    }

    /// The six bytes the chip sends (§4.4): T MSB, T LSB, CRC, RH MSB, RH LSB, CRC.
    public var bytes: [UInt8] { SHT3xWords.encode([temperature, humidity]) }
}

/// The datasheet's conversion of signal output (§4.13).
public enum SHT3xConversion {
    /// The divisor of both formulas: 2^16 − 1 = 65535, so that S = 0xFFFF is exactly 130 °C and
    /// 100 %RH (not 2^16, which many drivers use by mistake).
    public static let divisor = 65535.0

    /// T = −45 + 175 · S_T / (2^16 − 1), in °C.
    /// - Parameter code: S_T.
    /// - Returns: the temperature in °C.
    public static func temperatureC(_ code: UInt16) -> Double { -45 + 175 * Double(code) / divisor }

    /// RH = 100 · S_RH / (2^16 − 1), in %RH.
    /// - Parameter code: S_RH.
    /// - Returns: the relative humidity in %RH.
    public static func humidityRH(_ code: UInt16) -> Double { 100 * Double(code) / divisor }
}

/// Data words as the SHT3x sends them: each 16-bit word MSB first and followed by its Sensirion
/// CRC-8 (§4.4, §4.12).
public enum SHT3xWords {
    /// Frames words with their CRCs.
    /// - Parameter words: the words.
    /// - Returns: three bytes per word.
    public static func encode(_ words: [UInt16]) -> [UInt8] {
        words.flatMap { word -> [UInt8] in
            let pair = [UInt8(word >> 8), UInt8(truncatingIfNeeded: word)]
            return pair + [Checksums.sensirionCRC8(pair)]
        }
    }

    /// Checks and unframes words.
    /// - Parameter bytes: three bytes per word.
    /// - Returns: the words, or the index of the first word whose CRC does not match.
    public static func decode(_ bytes: [UInt8]) -> Result<[UInt16], WordError> {
        guard bytes.count % 3 == 0 else { return .failure(WordError(index: bytes.count / 3)) }
        var words: [UInt16] = []
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let pair = Array(bytes[start..<(start + 2)])
            guard Checksums.sensirionCRC8(pair) == bytes[start + 2] else {
                return .failure(WordError(index: start / 3))
            }
            words.append(UInt16(pair[0]) << 8 | UInt16(pair[1]))
        }
        return .success(words)
    }

    /// The word at `index` (bytes 3·index … 3·index + 2) if those bytes are there and its CRC
    /// checks, without allocating: ``decode(_:)`` for one word, as the sampling path reads them.
    /// - Parameters:
    ///   - index: the word's position, from 0.
    ///   - bytes: three bytes per word.
    /// - Returns: the word, or nil for a CRC mismatch or a frame cut short.
    public static func word<Bytes: RandomAccessCollection<UInt8>>(_ index: Int, in bytes: Bytes) -> UInt16?
    where Bytes.Index == Int {
        let start = bytes.startIndex + 3 * index
        guard index >= 0, start + 3 <= bytes.endIndex else { return nil }
        guard Checksums.sensirionCRC8(bytes[start..<(start + 2)]) == bytes[start + 2] else { return nil }
        return UInt16(bytes[start]) << 8 | UInt16(bytes[start + 1])
    }

    /// A word whose CRC did not match (or a frame cut short).
    public struct WordError: Error, Sendable, Hashable {
        /// The word's position, from 0.
        public var index: Int

        /// Creates an error.
        /// - Parameter index: the word's position, from 0.
        public init(index: Int) { self.index = index }
    }
}
