// SensorGate — HALSim: an I2C bus that checks an exact transcript (embedded-hal-mock style).

import HAL

/// An I2C bus that expects an exact sequence of transactions, for driver transcript tests.
///
/// Each transaction is compared with the next expectation: address, message count and directions,
/// written bytes and read lengths. A match answers as scripted; a mismatch is recorded in
/// ``failures`` and thrown as `HALError` with kind `.other`, so the driver stops. At the end of the
/// test call ``finish()``, which also reports expectations never consumed:
///
/// ```swift
/// let bus = ScriptedI2CBus([.writeRead(address: I2CAddress(0x76), write: [0xD0], read: [0x58])])
/// // … exercise the driver …
/// try bus.finish()
/// ```
public final class ScriptedI2CBus: I2CBus {
    /// The bus name.
    public let name: String
    /// The functionality the bus reports (not enforced).
    public let functionality: I2CFunctionality
    private var script: Script<I2CExpectation>

    /// Creates a bus expecting `expectations` in order.
    /// - Parameters:
    ///   - expectations: the transactions, in order.
    ///   - name: the bus name. Default: `scripted:i2c`.
    ///   - functionality: what the bus reports. Default: `.full`.
    public init(
        _ expectations: [I2CExpectation], name: String = "scripted:i2c", functionality: I2CFunctionality = .full
    ) {
        self.name = name
        self.functionality = functionality
        self.script = Script(expectations)
    }

    /// The failures so far: mismatches, transactions beyond the script, and (after ``finish()``)
    /// the unconsumed expectations.
    public var failures: [String] { script.failures }

    /// How many expectations have not been consumed yet.
    public var remaining: Int { script.remaining }

    /// Appends expectations to the script.
    /// - Parameter expectations: more transactions, in order.
    public func expect(_ expectations: [I2CExpectation]) { script.append(expectations) }

    /// Checks the transaction against the next expectation and answers it.
    /// - Parameters:
    ///   - address: the target.
    ///   - operations: the messages; reads get the scripted bytes.
    /// - Throws: `HALError`: `.other` for a mismatch or a transaction beyond the script, else the scripted error.
    public func transaction(_ address: I2CAddress, _ operations: inout [I2COperation]) throws(HALError) {
        let operation = "transaction with \(address)"
        let got = I2CExpectation.describe(address, operations)
        guard let (index, expectation) = script.take(got: got) else {
            throw HALError(.other, device: name, operation: operation, hint: script.failures.last)
        }
        guard expectation.matches(address, operations) else {
            let message = "transaction \(index): expected \(expectation); got \(got)"
            script.fail(message)
            throw HALError(.other, device: name, operation: operation, hint: message)
        }
        for (position, message) in (expectation.messages ?? []).enumerated() {
            if case .read(let bytes) = message { operations[position].bytes = bytes }
        }
        if case .error(let kind) = expectation.response {
            throw HALError(kind, device: name, operation: operation, hint: "scripted error")
        }
    }

    /// Ends the script: records unconsumed expectations and throws if anything failed.
    /// - Throws: ``ScriptFailure`` listing every failure.
    public func finish() throws(ScriptFailure) {
        let failures = script.finish()
        guard failures.isEmpty else { throw ScriptFailure(device: name, failures: failures) }
    }
}
