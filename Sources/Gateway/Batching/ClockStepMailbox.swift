// SensorGate — Gateway: clock steps seen by the running thread, waiting for the sealing stage.

import Sampling
import Synchronization

/// Hands the steps of the system clock that the running thread's ``UTCTimeline`` saw to the sealing
/// stage, which moves its streams' epochs by what the timeline moved and sends a clock-step notice.
/// Steps are rare (a few per run); the lock is never taken on the sampling hot path.
final class ClockStepMailbox: Sendable {
    private let steps = Mutex<[ClockStep]>([])

    /// Posts a step (any thread).
    func post(_ step: ClockStep) { steps.withLock { $0.append(step) } }

    /// Takes every step posted so far, oldest first.
    func take() -> [ClockStep] {
        steps.withLock { pending in
            defer { pending = [] }; return pending
        }
    }
}
