// SensorGate — ModbusRTU: a paced simulated run's virtual time, read on the wall clock beside the sampler.

import HAL
import Synchronization

// @unchecked Sendable: the wall clock must be callable from any thread (the Linux clock is); the anchor
// is guarded by its mutex and the factor is immutable.
/// Virtual time of a simulated run paced at `factor` × real time, as seen from threads that run on the
/// wall clock beside the sampler (a line behind a pseudo-terminal and the transmitter models on its other
/// end). The map is anchored once, at the first poll the sampler submits: from then on, virtual time is
/// the anchor's virtual instant plus the wall time since the anchor × `factor`, which is the pacing
/// the sampler keeps (it never runs ahead of that, and stays within its own work of it).
public final class PacedLineTime: @unchecked Sendable {
    /// Virtual seconds per wall second (1: real time).
    public let factor: Double
    private let wallClock: any MonotonicClock
    private let anchor = Mutex<(wall: MonotonicInstant, virtual: MonotonicInstant)?>(nil)

    /// A map, not anchored yet.
    /// - Parameters:
    ///   - wallClock: the real monotonic clock, callable from any thread.
    ///   - factor: the run's pacing factor (> 0).
    public init(wallClock: any MonotonicClock, factor: Double) {
        self.wallClock = wallClock
        self.factor = factor > 0 && factor.isFinite ? factor : 1
    }

    /// Anchors the map at virtual `instant` = the wall clock's now; later calls change nothing.
    /// - Parameter instant: the sampler's instant now.
    public func anchor(atVirtual instant: MonotonicInstant) {
        let wall = wallClock.now()
        anchor.withLock { anchor in
            if anchor == nil { anchor = (wall, instant) }
        }
    }

    /// The virtual instant now (the origin before the map is anchored).
    public func virtualNow() -> MonotonicInstant {
        let wall = wallClock.now()
        guard let (anchorWall, anchorVirtual) = anchor.withLock({ $0 }) else { return .zero }
        return anchorVirtual + virtualDuration(ofWall: wall - anchorWall)
    }

    /// The virtual time now in seconds (for device models).
    public func virtualSeconds() -> Double { Double(virtualNow().nanoseconds) / 1e9 }

    /// How much virtual time a stretch of wall time is.
    /// - Parameter wall: the wall time.
    /// - Returns: `wall` × factor.
    public func virtualDuration(ofWall wall: Duration) -> Duration {
        let nanoseconds = Double(wall.components.seconds) * 1e9 + Double(wall.components.attoseconds) / 1e9
        return .nanoseconds(Int64((nanoseconds * factor).rounded()))
    }
}
