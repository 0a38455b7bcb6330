// SensorGate — HIL: the MQTT endpoint on the simulated module's network, in process, on virtual time.

import Modem
import ModemSim
import Uplink

/// The far end of the simulated module's sockets in a modem scenario: a minimal MQTT 3.1.1 server
/// (CONNECT, PUBLISH at QoS 0 and 1, SUBSCRIBE, PINGREQ, DISCONNECT) whose batches go to the
/// scenario's ``HILUpstream`` collector, acknowledged with PUBACK once it holds them. It answers
/// within the module's simulated time, so a day with hours of lost coverage runs in minutes and
/// twice alike; Mosquitto would answer in real time. While the upstream is unreachable (a
/// broker-down window, a power cut) it refuses connections and drops the open ones. With a scenario
/// operator (``OperatorDownlink``) it also publishes the operator's commands, at QoS 1, to a connection
/// subscribed to the device's command topic, and hands the gateway's acknowledgements back.
final class HILBroker: NetworkTransport {
    /// Topic levels that are not batches (`<prefix>/<device>/status|cmd|ack`).
    static let nonBatchLevels: Set<Substring> = ["status", "cmd", "ack"]
    private let upstream: HILUpstream
    /// The port it listens on (the broker URL's).
    let port: Int
    private var buffers: [Int: [UInt8]] = [:]
    /// Client IDs whose persistent session the broker holds.
    private var sessions: Set<String> = []
    private var pending: [TransportEvent] = []
    private var nextConnection = 1
    /// The scenario's operator, or nil.
    private let downlink: OperatorDownlink?
    /// Client IDs whose session is subscribed to the command topic (kept with a persistent session).
    private var commandSessions: Set<String> = []
    /// The client ID of each open connection.
    private var clients: [Int: String] = [:]
    /// Commands written to a connection and not yet acknowledged: connection → packet ID → sequence.
    private var inFlight: [Int: [UInt16: UInt64]] = [:]
    private var nextPacketID: UInt16 = 1
    /// Batch PUBLISH packets taken.
    private(set) var published = 0
    /// CONNECTs accepted.
    private(set) var connects = 0
    /// Connections refused (the upstream unreachable).
    private(set) var refused = 0
    /// Open connections dropped by the broker's side.
    private(set) var dropped = 0
    /// Scenario seconds now, on the simulated module's clock (set once the module exists); nil: the
    /// upstream uses the sampler's time.
    var nowS: (() -> Double)?

    /// An endpoint on `port` in front of `upstream`.
    init(upstream: HILUpstream, port: Int, downlink: OperatorDownlink? = nil) {
        self.upstream = upstream
        self.port = port
        self.downlink = downlink
    }

    func connect(_ proto: SocketProtocol, host: String, port: Int) -> Result<Int, TransportFailure> {
        guard proto == .tcp, port == self.port, upstream.reachable.load(ordering: .relaxed) else {
            refused += 1
            return .failure(.refused)
        }
        defer { nextConnection += 1 }
        buffers[nextConnection] = []
        return .success(nextConnection)
    }

    func send(_ bytes: [UInt8], on connection: Int) {
        guard var buffer = buffers[connection] else { return }
        guard upstream.reachable.load(ordering: .relaxed) else {
            drop(connection)
            return
        }
        buffer += bytes
        var consumed = 0
        while true {
            let rest = buffer[consumed...]
            let length: Int?
            do { length = try MQTTPacket.frameLength(in: rest) } catch {
                drop(connection)
                return
            }
            guard let length, rest.count >= length else { break }
            let packet: MQTTPacket
            do { packet = try MQTTPacket.decode(rest.prefix(length)) } catch {
                drop(connection)
                return
            }
            consumed += length
            guard handle(packet, on: connection) else { return }
        }
        buffers[connection] = Array(buffer[consumed...])
    }

    func close(_ connection: Int) { forget(connection) }

    func poll() -> [TransportEvent] {
        if !upstream.reachable.load(ordering: .relaxed) {
            for connection in buffers.keys.sorted() { drop(connection) }
        }
        publishCommands()
        defer { pending.removeAll() }
        return pending
    }

    /// Writes the operator's due commands to the subscribed connection, each once per connection.
    private func publishCommands() {
        guard let downlink, let nowS = nowS?(),
            let connection = clients.filter({ commandSessions.contains($0.value) }).keys.min()
        else { return }
        let due = downlink.due(atS: nowS)
        let sent = Set(inFlight[connection, default: [:]].values)
        for command in due where !sent.contains(command.sequence) {
            let id = nextPacketID
            nextPacketID = nextPacketID == UInt16.max ? 1 : nextPacketID + 1
            inFlight[connection, default: [:]][id] = command.sequence
            downlink.delivered()
            reply(
                .publish(MQTTPublish(topic: downlink.topic, payload: command.bytes, qos: .atLeastOnce, packetID: id)),
                on: connection)
        }
    }

    /// Forgets a connection's buffer and commands in flight (those go again on the next); the session's
    /// subscription stays when the session persists.
    private func forget(_ connection: Int) {
        buffers.removeValue(forKey: connection)
        if let client = clients.removeValue(forKey: connection), !sessions.contains(client) {
            commandSessions.remove(client)
        }
        inFlight.removeValue(forKey: connection)
    }

    func waitForActivity(timeout: Duration) {}

    /// Answers one packet; false when the connection was closed.
    private func handle(_ packet: MQTTPacket, on connection: Int) -> Bool {
        switch packet {
        case .connect(let connect):
            let present = !connect.cleanSession && sessions.contains(connect.clientID)
            if connect.cleanSession {
                sessions.remove(connect.clientID)
                commandSessions.remove(connect.clientID)
            } else {
                sessions.insert(connect.clientID)
            }
            clients[connection] = connect.clientID
            connects += 1
            reply(.connack(sessionPresent: present, returnCode: 0), on: connection)
        case .publish(let publish):
            let level = publish.topic.split(separator: "/").last ?? ""
            if !Self.nonBatchLevels.contains(level) {
                upstream.take(publish.payload, atS: nowS?())
                published += 1
            } else if level == "status", publish.retain {
                upstream.noteStatus(String(decoding: publish.payload, as: UTF8.self))
            } else if level == "ack" {
                downlink?.acknowledgement(publish.payload)
            }
            if publish.qos == .atLeastOnce, let id = publish.packetID { reply(.puback(packetID: id), on: connection) }
        case .subscribe(let id, let filters):
            reply(.suback(packetID: id, returnCodes: filters.map { min($0.qos.rawValue, 1) }), on: connection)
            if let downlink, let client = clients[connection], filters.contains(where: { $0.filter == downlink.topic })
            {
                commandSessions.insert(client)
            }
        case .puback(let id):
            if let sequence = inFlight[connection]?.removeValue(forKey: id) {
                downlink?.acknowledged(sequence: sequence)
            }
        case .pingreq:
            reply(.pingresp, on: connection)
        case .disconnect:
            forget(connection)
            pending.append(.closed(connection: connection))
            return false
        default:
            break
        }
        return true
    }

    private func reply(_ packet: MQTTPacket, on connection: Int) {
        guard let bytes = try? packet.encode() else { return }
        pending.append(.data(connection: connection, bytes: bytes))
    }

    /// Closes a connection from the broker's side (the network or the broker went away).
    private func drop(_ connection: Int) {
        guard buffers[connection] != nil else { return }
        forget(connection)
        dropped += 1
        pending.append(.closed(connection: connection))
    }
}
