// SensorGate — HALSim: the expectation list and failure record the scripted buses share.

import HAL

/// How a scripted bus answers a transaction that matched its expectation.
public enum ScriptedResponse: Sendable, Hashable {
    /// The transaction succeeds; reads get the scripted bytes.
    case complete
    /// The transaction fails with this kind (reads are filled first).
    case error(HALErrorKind)
}

/// The failures of a scripted bus, thrown by `finish()`: mismatches and unconsumed expectations.
public struct ScriptFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The scripted device's name.
    public var device: String
    /// One line per failure, in the order they happened.
    public var failures: [String]

    /// The device name and every failure, one per line.
    public var description: String {
        "\(device): \(failures.count) script failure(s):\n" + failures.joined(separator: "\n")
    }
}

/// An ordered list of expectations, consumed one per transaction, and the failures seen so far.
struct Script<Expectation: CustomStringConvertible> {
    private var expectations: [Expectation]
    private var next = 0
    private(set) var failures: [String] = []

    init(_ expectations: [Expectation]) { self.expectations = expectations }

    /// The number of transactions asked for so far (the index of the next one).
    private(set) var transactionCount = 0

    /// How many expectations are left.
    var remaining: Int { expectations.count - next }

    /// Appends expectations at the end.
    mutating func append(_ more: [Expectation]) { expectations += more }

    /// Takes the next expectation for a new transaction; nil (and a recorded failure) when none is left.
    mutating func take(got: @autoclosure () -> String) -> (index: Int, expectation: Expectation)? {
        defer { transactionCount += 1 }
        guard next < expectations.count else {
            failures.append("transaction \(transactionCount): got \(got()), but the script has no more expectations")
            return nil
        }
        next += 1
        return (transactionCount, expectations[next - 1])
    }

    /// Records a failure.
    mutating func fail(_ message: String) { failures.append(message) }

    /// Records the unconsumed expectations (once: they are consumed by being reported) and returns all failures.
    mutating func finish() -> [String] {
        if remaining > 0 {
            let list = expectations[next...].map(\.description).joined(separator: "; ")
            failures.append("\(remaining) expectation(s) not consumed: \(list)")
            next = expectations.count
        }
        return failures
    }
}
