// SensorGate — Edge: window functions for spectra, with their amplitude and energy corrections.

import Foundation

/// The taper applied to a block before its FFT.
public enum WindowFunction: String, Sendable, Hashable, CaseIterable {
    /// Periodic Hann, w[n] = ½ − ½ cos(2πn/N) (scipy's `get_window("hann", N)`): coherent gain ½, so a
    /// sinusoid's amplitude is 2|X_k|/Σw = 4|X_k|/N on its bin; energy gain Σw²/N = 3/8.
    case hann
    /// No taper (w = 1): for transients shorter than the window, or for exact Parseval checks.
    case rectangular

    /// The `count` coefficients.
    /// - Parameter count: the window length N.
    /// - Returns: w[0…N−1].
    public func coefficients(count: Int) -> [Double] {
        switch self {
        case .hann:
            return (0..<count).map { 0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(count)) }
        case .rectangular:
            return [Double](repeating: 1, count: count)
        }
    }
}
