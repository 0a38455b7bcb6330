// SensorGate — Collector/CoAP: the collector behind a CoAP server on UDP.

import Envelope
import Logging
import Uplink

/// Receives envelopes by CoAP (POST or PUT, whole or block-wise, to any path) on a UDP socket and hands
/// each to a ``Collector``; decoded batches go to an optional ``JSONLinesFile``.
///
/// The answer tells the gateway whether to delete the batch from its store: 2.04 Changed for every
/// authentic envelope (accepted, duplicate, held or undecodable: resending cannot help), 4.00 Bad
/// Request for a malformed one, 4.01 Unauthorized for an unknown device, a protection mismatch or a
/// bad signature, 5.00 when the output cannot be written.
public final class CoAPCollectorServer {
    /// The collector, with its report.
    public private(set) var collector: Collector
    private var endpoint = CoAPServerEndpoint<UDPAddress>()
    private let socket: UDPSocket
    private let output: JSONLinesFile?
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant
    private let exchangeClock: (@Sendable () -> Duration)?
    /// Where problems are logged (swift-log, `warning`): an undecodable batch, a write failure.
    /// Default: a logger that writes nothing.
    public var logger = Logger(label: "sensorgate.collector") { _ in SwiftLogNoOpLogHandler() }

    /// A server on `address` (port 0: any free port, see ``localAddress``).
    /// - Parameter exchangeClock: the time on which remembered exchanges age (EXCHANGE_LIFETIME): nil, the
    ///   default, is the real clock; a simulated run passes its virtual time, so that the collector remembers
    ///   what it would for the device's traffic in real time rather than hours of it at an accelerated rate.
    /// - Throws: ``CoAPError/Kind/io`` when the socket cannot be bound.
    public init(
        address: UDPAddress, collector: Collector, output: JSONLinesFile? = nil,
        exchangeClock: (@Sendable () -> Duration)? = nil
    ) throws(CoAPError) {
        socket = try UDPSocket(bindTo: address)
        self.collector = collector
        self.output = output
        self.exchangeClock = exchangeClock
        origin = clock.now
    }

    /// The bound address.
    public var localAddress: UDPAddress { socket.localAddress }

    /// Repeated CoAP messages answered without reaching the collector again.
    public var coapDuplicates: Int { endpoint.duplicates }

    /// Waits up to `timeout` for one datagram and answers it; returns false when none came.
    /// - Throws: ``CoAPError/Kind/io`` when the socket fails.
    @discardableResult
    public func serveOnce(timeout: Duration) throws(CoAPError) -> Bool {
        guard let (bytes, from) = try socket.receive(timeout: timeout) else { return false }
        let now = exchangeClock?() ?? (clock.now - origin)
        let reply = endpoint.receive(bytes, from: from, now: now) { _, body in deliver(body) }
        if let reply { try socket.send(reply, to: from) }
        return true
    }

    /// Serves until `shouldStop` returns true (checked at least every 200 ms).
    /// - Throws: ``CoAPError/Kind/io`` when the socket fails.
    public func run(until shouldStop: () -> Bool) throws(CoAPError) {
        while !shouldStop() { try serveOnce(timeout: .milliseconds(200)) }
    }

    /// Ends the input: held batches are reported undecodable, one line each to `held` (default: a
    /// warning in the log). Returns the report.
    public func finish(held: ((String) -> Void)? = nil) -> CollectorReport {
        for line in collector.finish() {
            if let held { held(line) } else { logger.warning("\(line)") }
        }
        return collector.report
    }

    private func deliver(_ envelope: [UInt8]) -> CoAPCode {
        let receipt = collector.receive(envelope)
        for line in receipt.problems { logger.warning("\(line)") }
        do {
            try output?.write(receipt.batches)
        } catch {
            logger.error("\(error.description)")
            return .internalServerError
        }
        switch receipt.disposition {
        case .rejected(let error):
            switch error.kind {
            case .unknownDevice, .protectionMismatch, .badSignature: return .unauthorized
            default: return .badRequest
            }
        default: return .changed
        }
    }
}
