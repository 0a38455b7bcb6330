// SensorGate — Collector/MQTT: the collector behind an MQTT subscription.

import Envelope
import Logging
import Uplink

/// Receives envelopes from an MQTT broker (a persistent-session subscription at QoS 1) and hands each
/// data message to a ``Collector``; decoded batches go to an optional ``JSONLinesFile``.
///
/// Topics follow docs/uplink.md: `<prefix>/<device>/<stream>` carries one envelope; the gateway's own
/// `status` (`online`/`offline`), `cmd` (downlink commands) and `ack` (command acknowledgements)
/// topics are not batches and are counted as ``ignored``. The client acknowledges each QoS 1 message
/// when it has been read, so a collector that was offline gets the messages the broker queued for its
/// session when it reconnects; the collector's replay windows de-duplicate any repeat.
public final class MQTTCollectorSubscriber {
    /// The last topic levels that are not batches.
    public static let nonBatchLevels: Set<Substring> = ["status", "cmd", "ack"]
    /// The collector, with its report.
    public private(set) var collector: Collector
    /// The MQTT connection (its client and settings).
    public let connection: MQTTConnection
    private let output: JSONLinesFile?
    /// Messages received on the subscription, batches or not.
    public private(set) var messages = 0
    /// Messages on status, command and acknowledgement topics, not handed to the collector.
    public private(set) var ignored = 0
    /// Whether the broker accepted the connection at least once.
    public private(set) var everConnected = false
    /// The collector's key folder: a device's rotated key is saved there as `NEWID.pub`. Default: none.
    public var keyFolder: String?
    /// Where problems are logged (swift-log, `warning`): a refused connection, a lost link, an
    /// undecodable or rejected batch (its topic as metadata), a write failure. Default: a logger that
    /// writes nothing.
    public var logger = Logger(label: "sensorgate.collector") { _ in SwiftLogNoOpLogHandler() }

    /// A subscriber over `connection`, whose settings' ``MQTTSettings/downlinkFilters`` name the
    /// filters to subscribe to (for example `sensorgate/+/+`).
    /// - Parameters:
    ///   - connection: the connection to the broker.
    ///   - collector: the collector.
    ///   - output: where decoded batches are appended (none: only counted).
    public init(connection: MQTTConnection, collector: Collector, output: JSONLinesFile? = nil) {
        self.connection = connection
        self.collector = collector
        self.output = output
    }

    /// Client settings for a collector: the client ID, a persistent session, the filters, no status
    /// announcements (a collector is not a gateway).
    /// - Parameters:
    ///   - clientID: the MQTT client ID (one per collector instance: the broker keeps its session).
    ///   - filters: the topic filters.
    /// - Returns: the settings.
    public static func settings(clientID: String, filters: [String]) -> MQTTSettings {
        var settings = MQTTSettings(deviceID: clientID)
        settings.downlinkFilters = filters
        settings.announcesStatus = false
        settings.cleanSession = false
        settings.keepAlive = .seconds(60)
        settings.reconnectInitialDelay = .milliseconds(500)
        settings.reconnectMaxDelay = .seconds(30)
        return settings
    }

    /// One turn: connect when due, read and handle what arrived for up to `maxWait`.
    /// - Parameter maxWait: the longest wait.
    /// - Returns: the number of messages handled.
    @discardableResult
    public func serveOnce(maxWait: Duration) -> Int {
        var handled = 0
        for event in connection.step(maxWait: maxWait) {
            switch event {
            case .message(let message):
                handle(message)
                handled += 1
            case .connected:
                everConnected = true
            case .disconnected(let reason, _):
                if case .refused(let code) = reason {
                    logger.warning("the broker refused the connection: \(MQTTConnectReturnCode.text(code)); retrying")
                } else if reason != .requested {
                    logger.warning("connection to the broker lost (\(reason)); reconnecting")
                }
            case .subscribed(let codes):
                if codes.contains(0x80) { logger.warning("the broker refused a subscription (return codes \(codes))") }
            case .published:
                break
            }
        }
        return handled
    }

    /// Serves until `shouldStop` returns true (checked at least every 200 ms).
    public func run(until shouldStop: () -> Bool) {
        while !shouldStop() { serveOnce(maxWait: .milliseconds(200)) }
    }

    /// Sends DISCONNECT and ends the input: held batches are reported undecodable. Returns the report.
    public func finish() -> CollectorReport {
        connection.disconnect()
        for line in collector.finish() { logger.warning("\(line)") }
        return collector.report
    }

    /// A `key rotated` acknowledgement on an `ack` topic: the device's new key is registered (and saved
    /// as `NEWID.pub` in ``keyFolder``, so a restarted collector knows it too).
    private func learnKey(_ message: MQTTPublish) {
        do {
            guard let ack = try collector.learnKeyRotation(from: message.payload),
                case .keyRotated(let key) = ack.outcome
            else { return }
            let newID = DeviceID(publicKey: key)
            logger.notice(
                "device \(ack.deviceID) rotated its key; now also accepting device \(newID)",
                metadata: ["topic": "\(message.topic)"])
            if let keyFolder {
                let path = keyFolder + "/\(newID).pub"
                do { try DeviceIdentity.savePublicKey(key, to: path) } catch  where error.kind == .exists {
                } catch { logger.error("\(path): \(error)") }
            }
        } catch {
            logger.warning("acknowledgement ignored: \(error)", metadata: ["topic": "\(message.topic)"])
        }
    }

    private func handle(_ message: MQTTPublish) {
        messages += 1
        let levels = message.topic.split(separator: "/", omittingEmptySubsequences: false)
        if let last = levels.last, Self.nonBatchLevels.contains(last) {
            if last == "ack" { learnKey(message) }
            ignored += 1
            return
        }
        let receipt = collector.receive(message.payload)
        for line in receipt.problems { logger.warning("\(line)", metadata: ["topic": "\(message.topic)"]) }
        if case .rejected(let error) = receipt.disposition {
            logger.warning("rejected: \(error)", metadata: ["topic": "\(message.topic)"])
        }
        do {
            try output?.write(receipt.batches)
        } catch {
            logger.error("\(error.description)")
        }
    }
}
