// SensorGate — HALSim: an SPI device that checks an exact transcript (embedded-hal-mock style).

import HAL

/// An SPI device that expects an exact sequence of transactions, for driver transcript tests.
///
/// Each transaction is compared with the next expectation: segment count, written bytes, read
/// lengths and chip-select release. A match fills the reads as scripted; a mismatch is recorded in
/// ``failures`` and thrown as `HALError` with kind `.other`. Call ``finish()`` at the end of the test.
/// Configuration changes are stored, not checked.
public final class ScriptedSPIDevice: SPIDevice {
    /// The device name.
    public let name: String
    /// The last configuration applied.
    public private(set) var configuration: SPIConfiguration
    private var script: Script<SPIExpectation>

    /// Creates a device expecting `expectations` in order.
    /// - Parameters:
    ///   - expectations: the transactions, in order.
    ///   - name: the device name. Default: `scripted:spi0.0`.
    ///   - configuration: the initial configuration. Default: `.default`.
    public init(
        _ expectations: [SPIExpectation], name: String = "scripted:spi0.0", configuration: SPIConfiguration = .default
    ) {
        self.name = name
        self.configuration = configuration
        self.script = Script(expectations)
    }

    /// The failures so far: mismatches, transactions beyond the script, and (after ``finish()``)
    /// the unconsumed expectations.
    public var failures: [String] { script.failures }

    /// How many expectations have not been consumed yet.
    public var remaining: Int { script.remaining }

    /// Appends expectations to the script.
    /// - Parameter expectations: more transactions, in order.
    public func expect(_ expectations: [SPIExpectation]) { script.append(expectations) }

    /// Stores the configuration.
    /// - Parameter configuration: the configuration.
    public func configure(_ configuration: SPIConfiguration) throws(HALError) {
        self.configuration = configuration
    }

    /// Checks the transaction against the next expectation and answers it.
    /// - Parameter transfers: the segments; reads get the scripted bytes.
    /// - Throws: `HALError`: `.other` for a mismatch or a transaction beyond the script, else the scripted error.
    public func transaction(_ transfers: inout [SPITransfer]) throws(HALError) {
        let got = SPIExpectation.describe(transfers.map { ($0.write, $0.read.count, $0.releaseChipSelect) })
        guard let (index, expectation) = script.take(got: got) else {
            throw HALError(.other, device: name, operation: "transaction", hint: script.failures.last)
        }
        guard expectation.matches(transfers) else {
            let message = "transaction \(index): expected \(expectation); got \(got)"
            script.fail(message)
            throw HALError(.other, device: name, operation: "transaction", hint: message)
        }
        for (position, segment) in (expectation.segments ?? []).enumerated() where !segment.read.isEmpty {
            transfers[position].read = segment.read
        }
        if case .error(let kind) = expectation.response {
            throw HALError(kind, device: name, operation: "transaction", hint: "scripted error")
        }
    }

    /// Ends the script: records unconsumed expectations and throws if anything failed.
    /// - Throws: ``ScriptFailure`` listing every failure.
    public func finish() throws(ScriptFailure) {
        let failures = script.finish()
        guard failures.isEmpty else { throw ScriptFailure(device: name, failures: failures) }
    }
}
