// SensorGate — Drivers tests: a world that answers from a closure and records when it is asked.

import Drivers
import HAL

/// A stimulus for model tests: answers each question with `answer` and records it, so a test can
/// check that a model samples the world at its conversion instants.
final class RecordingStimulus: Stimulus {
    private let answer: (Quantity, MonotonicInstant) -> SensorComponents<Double>?
    /// Every question, in order.
    private(set) var asked: [(quantity: Quantity, time: MonotonicInstant)] = []
    /// The instants asked about, in order.
    var times: [MonotonicInstant] { asked.map(\.time) }

    init(_ answer: @escaping (Quantity, MonotonicInstant) -> SensorComponents<Double>?) { self.answer = answer }

    func value(_ quantity: Quantity, at time: MonotonicInstant) -> SensorComponents<Double>? {
        asked.append((quantity, time))
        return answer(quantity, time)
    }
}
