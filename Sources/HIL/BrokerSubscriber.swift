// SensorGate — HIL: the collector's side of a real broker: a subscription that feeds the scenario's
// upstream.

import Collector
import Dispatch
import Foundation
import HAL
import Synchronization
import Uplink

/// Subscribes to a real MQTT broker (`--broker HOST:PORT`, QoS 1, a persistent session under a client
/// ID of its own) on a thread of its own, and hands every batch envelope to the scenario's
/// ``HILUpstream`` (verify, de-duplicate, decode, count), and the gateway's retained status to its
/// list; command and acknowledgement topics are ignored. The run starts once the broker confirmed the
/// subscription, so the broker queues every batch the gateway publishes from the first.
final class BrokerSubscriber: Sendable {
    /// The broker.
    let host: String
    /// Its port.
    let port: Int
    private let clientID: String
    private let upstream: HILUpstream
    private let stopping = Atomic<Bool>(false)
    private let subscribed = DispatchSemaphore(value: 0)
    private let message = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private let lastProblem = Mutex<String?>(nil)

    /// A subscriber for `upstream` (not started).
    init(host: String, port: Int, upstream: HILUpstream) {
        self.host = host
        self.port = port
        self.upstream = upstream
        clientID = "sensorgate-hil-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Starts the subscriber's thread and waits (wall time, at most `timeout`) for the broker to confirm
    /// the subscription.
    /// - Throws: `HILError` (`.run`) naming the broker when it does not.
    func start(timeout: Duration) throws(HILError) {
        Thread.detachNewThread { [self] in serve() }
        guard subscribed.wait(timeout: .now() + .nanoseconds(Int(timeout.nanoseconds))) == .success else {
            stop()
            let why = lastProblem.withLock { $0 } ?? "no answer"
            throw HILError(
                .run,
                "--broker \(host):\(port): no subscription within \(seconds(timeout)) s (\(why)); is an MQTT broker "
                    + "listening there (mosquitto -p \(port))?")
        }
    }

    /// Waits (wall time, at most `timeout`) until the upstream has taken `count` envelopes.
    /// - Returns: whether it has.
    func waitForEnvelopes(_ count: Int, timeout: Duration) -> Bool {
        let deadline = DispatchTime.now() + .nanoseconds(Int(timeout.nanoseconds))
        while upstream.envelopesTaken < count {
            guard message.wait(timeout: deadline) == .success else { return upstream.envelopesTaken >= count }
        }
        return true
    }

    /// Disconnects and ends the thread.
    func stop() {
        guard !stopping.exchange(true, ordering: .relaxed) else { return }
        stopped.wait()
    }

    private func serve() {
        defer { stopped.signal() }
        let settings = MQTTCollectorSubscriber.settings(clientID: clientID, filters: ["sensorgate/+/+"])
        let client: MQTTClient
        do throws(MQTTError) { client = try MQTTClient(settings: settings) } catch {
            lastProblem.withLock { $0 = error.description }
            return
        }
        let (host, port) = (host, port)
        let connection = MQTTConnection(client: client, clock: HostClock()) { () throws(MQTTError) -> any ByteStream in
            try TCPStream(host: host, port: port, timeout: .seconds(5))
        }
        while !stopping.load(ordering: .relaxed) {
            for event in connection.step(maxWait: .milliseconds(100)) {
                switch event {
                case .subscribed: subscribed.signal()
                case .message(let publish): take(publish)
                case .disconnected(let reason, _): lastProblem.withLock { $0 = "\(reason)" }
                case .connected, .published: break
                }
            }
        }
        connection.disconnect()
    }

    private func take(_ publish: MQTTPublish) {
        let last = publish.topic.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        if last == "status" {
            upstream.noteStatus(String(decoding: publish.payload, as: UTF8.self))
        } else if !MQTTCollectorSubscriber.nonBatchLevels.contains(last) {
            upstream.take(publish.payload)
        }
        message.signal()
    }
}

/// The host's monotonic time, for the subscriber's MQTT client (keep-alive, reconnect back-off).
private final class HostClock: MonotonicClock {
    private let origin = ContinuousClock.now

    func now() -> MonotonicInstant { MonotonicInstant(nanoseconds: (ContinuousClock.now - origin).nanoseconds) }

    func sleep(until deadline: MonotonicInstant) throws(HALError) {
        let span = deadline - now()
        guard span > .zero else { return }
        Thread.sleep(forTimeInterval: Double(span.nanoseconds) / 1e9)
    }
}
