// SensorGate — HIL: time series kept for the report, thinned to a bounded number of points.

/// A time series, thinned: at most one point per `stepS` seconds (the first in each step).
public struct Series: Sendable {
    /// Seconds from the start of the scenario.
    public private(set) var timesS: [Double] = []
    /// Values per point; every point has the same number of components.
    public private(set) var values: [[Double]] = []
    /// Seconds between kept points.
    public let stepS: Double
    private var nextS = -Double.infinity

    /// Creates an empty series.
    /// - Parameter stepS: seconds between kept points.
    public init(stepS: Double) { self.stepS = stepS }

    /// Whether a point at `t` would be kept.
    /// - Parameter t: seconds.
    /// - Returns: whether it would.
    public func wants(_ t: Double) -> Bool { t >= nextS }

    /// Keeps the point if its step has none yet.
    /// - Parameters:
    ///   - t: seconds.
    ///   - value: the components.
    public mutating func add(_ t: Double, _ value: [Double]) {
        guard t >= nextS else { return }
        timesS.append(t)
        values.append(value)
        nextS = (t / stepS).rounded(.down) * stepS + stepS
    }
}
