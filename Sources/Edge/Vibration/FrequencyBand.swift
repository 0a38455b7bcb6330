// SensorGate — Edge: a frequency band and the FFT bins inside it.

/// Frequencies from `lowHz` (inclusive) up to `highHz` (exclusive).
public struct FrequencyBand: Sendable, Hashable, CustomStringConvertible {
    /// The lower edge, Hz (inclusive).
    public var lowHz: Double
    /// The upper edge, Hz (exclusive).
    public var highHz: Double

    /// Creates a band.
    /// - Parameters:
    ///   - lowHz: lower edge, inclusive.
    ///   - highHz: upper edge, exclusive.
    public init(lowHz: Double, highHz: Double) {
        self.lowHz = lowHz
        self.highHz = highHz
    }

    /// `low–high Hz`.
    public var description: String { "\(lowHz)–\(highHz) Hz" }

    /// The bins k (frequency k·rate/N) inside the band, clipped to 0…N/2: k from ⌈low·N/rate⌉ up to
    /// (excluding) ⌈high·N/rate⌉.
    /// - Parameters:
    ///   - count: the FFT length N.
    ///   - rateHz: the sample rate.
    /// - Returns: the bin range (empty when the band lies outside 0…rate/2).
    func bins(count: Int, rateHz: Double) -> Range<Int> {
        let scale = Double(count) / rateHz
        let last = count / 2 + 1
        func bin(_ hz: Double) -> Int {
            let k = (hz * scale).rounded(.up)
            return k.isNaN ? 0 : Int(min(max(k, 0), Double(last)))
        }
        let low = bin(lowHz)
        let high = max(bin(highHz), low)
        return low..<high
    }
}
