// SensorGate — tests: an MQTT connection and what it reported, for runs against a real broker.

import HAL
import Uplink

/// An ``MQTTConnection`` with the events it reported, grouped.
final class Peer {
    let connection: MQTTConnection
    private(set) var acknowledged: [UInt64] = []
    private(set) var messages: [MQTTPublish] = []
    private(set) var sessions: [Bool] = []
    private(set) var disconnects: [MQTTDisconnectReason] = []
    private(set) var subscriptions = 0

    init(_ connection: MQTTConnection) { self.connection = connection }

    /// A peer on a TCP connection to the loopback broker at `port`.
    convenience init(
        device: String, port: Int, clock: any MonotonicClock, configure: (inout MQTTSettings) -> Void = { _ in }
    ) throws {
        var settings = MQTTSettings(deviceID: device)
        settings.reconnectInitialDelay = .milliseconds(100)
        settings.reconnectMaxDelay = .seconds(1)
        configure(&settings)
        let client = try MQTTClient(settings: settings)
        self.init(
            MQTTConnection(client: client, clock: clock) { () throws(MQTTError) -> any ByteStream in
                try TCPStream(host: "127.0.0.1", port: port, timeout: .seconds(2))
            })
    }

    var isConnected: Bool { connection.client.state == .connected }

    /// One step of the connection, its events sorted into the lists.
    func step(_ wait: Duration = .milliseconds(20)) {
        for event in connection.step(maxWait: wait) {
            switch event {
            case .connected(let sessionPresent): sessions.append(sessionPresent)
            case .published(_, let tag): acknowledged.append(tag)
            case .message(let message): messages.append(message)
            case .subscribed: subscriptions += 1
            case .disconnected(let reason, _): disconnects.append(reason)
            }
        }
    }
}

/// Steps `peers` in turn, calling `feed` before each round, until `done` holds or `limit` of real time
/// passes.
/// - Returns: whether `done` held.
@discardableResult
func drive(
    _ peers: [Peer], limit: Duration = .seconds(180), feed: () throws -> Void = {}, until done: () -> Bool
) rethrows -> Bool {
    let start = ContinuousClock.now
    while !done() {
        guard ContinuousClock.now - start < limit else { return false }
        try feed()
        for peer in peers { peer.step() }
    }
    return true
}
