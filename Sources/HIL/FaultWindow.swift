// SensorGate — HIL: a scenario's faults as windows of virtual time.

import Board
import HAL

/// One fault as a window of virtual time, for reports, shading and explaining losses.
public struct FaultSpan: Sendable, Hashable {
    /// The fault's kind as written in the scenario (`disconnect`, `power-cut`).
    public var kind: String
    /// The device, or nil for the whole gateway.
    public var device: String?
    /// Start, seconds from the start of the scenario.
    public var startS: Double
    /// End, seconds (for a power cut: when power returns).
    public var endS: Double

    /// Whether `t` seconds lies in the window, widened by `before` seconds before its start.
    /// - Parameters:
    ///   - t: seconds.
    ///   - before: seconds of widening before the start.
    /// - Returns: whether it does.
    public func contains(_ t: Double, widenedBy before: Double = 0) -> Bool { t >= startS - before && t < endS }
}

extension ScenarioDescription {
    /// The faults that happen within `duration`, as windows.
    /// - Parameter duration: how long the run lasts.
    /// - Returns: the windows, in file order.
    public func spans(within duration: Duration) -> [FaultSpan] {
        faults.filter { $0.start < duration }.map { fault in
            FaultSpan(
                kind: fault.kind.name, device: fault.device, startS: seconds(fault.start),
                endS: seconds(fault.end(within: duration)))
        }
    }

    /// The longest batch interval of any device: how far back a lost window reaches.
    public var longestBatchInterval: Duration {
        board.devices.map(\.batching.interval).max() ?? .seconds(10)
    }
}

/// Seconds in a duration.
func seconds(_ duration: Duration) -> Double { Double(duration.nanoseconds) / 1e9 }

/// The instant `duration` after the zero of the virtual clock.
func instant(_ duration: Duration) -> MonotonicInstant { MonotonicInstant.zero + duration }
