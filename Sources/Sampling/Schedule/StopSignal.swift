// SensorGate — Sampling: asking a running scheduler to stop, from any thread.

import Synchronization

/// A flag another thread (a signal handler's thread, the supervisor) sets to stop the sampler at its
/// next wake-up. Lock-free.
public final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Creates a cleared signal.
    public init() {}

    /// Asks the scheduler to stop.
    public func request() { flag.store(true, ordering: .releasing) }

    /// Whether a stop was asked for.
    public var isRequested: Bool { flag.load(ordering: .acquiring) }
}
