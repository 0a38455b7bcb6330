// SensorGate — Edge: smoothing filters for one channel: moving average, exponential, median.

import Foundation

/// The mean of the last `length` samples (fewer until that many have come). Memory is allocated in
/// `init`; the running sum is recomputed from the buffer once per `length` samples, so rounding cannot
/// accumulate.
public struct MovingAverage: Sendable {
    /// The number of samples averaged.
    public let length: Int
    private var buffer: [Double]
    private var next = 0
    private var count = 0
    private var sum = 0.0

    /// An empty average over `length` samples (at least 1).
    /// - Parameter length: samples averaged.
    public init(length: Int) {
        self.length = max(length, 1)
        buffer = [Double](repeating: 0, count: self.length)
    }

    /// Adds a sample.
    /// - Parameter x: the sample.
    /// - Returns: the mean of the last `length` samples.
    public mutating func update(_ x: Double) -> Double {
        if count == length { sum -= buffer[next] } else { count += 1 }
        buffer[next] = x
        sum += x
        next += 1
        if next == length {
            next = 0
            if count == length { sum = buffer.reduce(0, +) }
        }
        return sum / Double(count)
    }
}

/// First-order exponential smoothing y += α (x − y) with α = 1 − e^(−dt/τ) from each sample's own interval,
/// so irregular sampling keeps the time constant. The first sample sets y.
public struct ExponentialSmoothing: Sendable {
    /// The time constant τ, seconds.
    public let timeConstantS: Double
    /// The smoothed value (nil before the first sample).
    public private(set) var value: Double?

    /// A smoother with time constant τ.
    /// - Parameter timeConstantS: τ, seconds (0 passes samples through).
    public init(timeConstantS: Double) { self.timeConstantS = max(timeConstantS, 0) }

    /// Adds a sample taken `dtS` after the previous one.
    /// - Parameters:
    ///   - x: the sample.
    ///   - dtS: seconds since the previous sample.
    /// - Returns: the smoothed value.
    public mutating func update(_ x: Double, dtS: Double) -> Double {
        guard let y = value, timeConstantS > 0 else {
            value = x
            return x
        }
        let alpha = 1 - exp(-max(dtS, 0) / timeConstantS)
        let next = y + alpha * (x - y)
        value = next
        return next
    }
}

/// The median of the last `length` samples (fewer until that many have come): a sorted copy of the window
/// is kept, so each sample costs two binary searches and a shift, never an allocation.
public struct MedianFilter: Sendable {
    /// The number of samples in the window.
    public let length: Int
    private var ring: [Double]
    private var sorted: [Double]
    private var next = 0
    private var count = 0

    /// An empty median over `length` samples (at least 1).
    /// - Parameter length: the window.
    public init(length: Int) {
        self.length = max(length, 1)
        ring = [Double](repeating: 0, count: self.length)
        sorted = [Double](repeating: 0, count: self.length)
    }

    /// Adds a sample (NaN is not accepted and returns the current median).
    /// - Parameter x: the sample.
    /// - Returns: the median of the window (the mean of the middle two for an even count).
    public mutating func update(_ x: Double) -> Double {
        guard !x.isNaN else { return median }
        if count == length {
            let old = ring[next]
            var i = lowerBound(old, count)
            while i < count - 1 {
                sorted[i] = sorted[i + 1]
                i += 1
            }
            count -= 1
        }
        ring[next] = x
        next = next == length - 1 ? 0 : next + 1
        let position = lowerBound(x, count)
        var j = count
        while j > position {
            sorted[j] = sorted[j - 1]
            j -= 1
        }
        sorted[position] = x
        count += 1
        return median
    }

    /// The current median (0 before any sample).
    public var median: Double {
        guard count > 0 else { return 0 }
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
    }

    private func lowerBound(_ x: Double, _ n: Int) -> Int {
        var low = 0
        var high = n
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < x { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
