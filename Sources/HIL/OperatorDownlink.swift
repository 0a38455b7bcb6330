// SensorGate — HIL: the operator of a scenario: signed downlink commands on the world's schedule.

import Board
import Envelope
import Foundation
import Synchronization
import World

/// The scenario's operator (`operator: qnh:`, docs/hil.md): at the start and then every `every` of
/// virtual time it signs a `set-qnh` with the world's sea-level pressure at that moment, rounded to the
/// station's resolution, for the gateway's device ID. Through the modem chain the in-process broker
/// hands each one over at QoS 1 on the device's command topic once the gateway's session has
/// subscribed (as a broker holding a persistent session does), again after a connection lost before
/// the PUBACK; without a modem the upstream link hands them over while reachable. The gateway's signed
/// acknowledgements come back and are counted.
///
/// The operator key is made for the run; its public key is written to the state folder and given to
/// the gateway as its operator key. The validity period is in wall time, as the gateway checks it
/// against its system clock.
final class OperatorDownlink: Sendable {
    /// One command on the schedule.
    struct Command: Sendable {
        /// Virtual seconds at which the operator publishes it.
        var atS: Double
        /// The signed bytes.
        var bytes: [UInt8]
        /// The sequence number.
        var sequence: UInt64
    }

    typealias Outcomes = OperatorReport

    private struct State {
        var queue: [Command]
        /// Index of the next command not yet due.
        var next = 0
        /// Due, not yet acknowledged by the gateway's PUBACK: sequence → command.
        var unacknowledged: [UInt64: Command] = [:]
        var outcomes = Outcomes()
    }

    /// The device's command topic, `sensorgate/<device>/cmd`.
    let topic: String
    /// The operator's public key file, in the state folder.
    let publicKeyFile: String
    /// The device whose signed acknowledgements are checked (its public key only is used).
    private let device: DeviceIdentity
    private let state: Mutex<State>

    /// Signs the whole schedule for `identity` up to `end`.
    /// - Throws: `HILError` (`.run`) when the key file cannot be written.
    init(
        feed: QNHFeed, atmosphere: Atmosphere, identity: DeviceIdentity, end: Duration, stateDirectory: String,
        wallUTCMicros: UInt64
    ) throws(HILError) {
        topic = "sensorgate/\(identity.deviceID)/cmd"
        publicKeyFile = stateDirectory + "/operator.pub"
        device = identity
        var seed = [UInt8](repeating: 0, count: 32)
        for index in seed.indices { seed[index] = UInt8.random(in: 0...255) }
        let key: OperatorKey
        do {
            key = try OperatorKey(seed: seed)
            try? FileManager.default.removeItem(atPath: publicKeyFile)
            try DeviceIdentity.savePublicKey(key.publicKey, to: publicKeyFile)
        } catch {
            throw HILError(.run, "\(publicKeyFile): cannot write the scenario operator's key: \(error)")
        }
        // The run's wall time is far shorter than a day; a command stays valid for one.
        let validMicros: UInt64 = 86_400_000_000
        var queue: [Command] = []
        let everyS = Double(feed.every.nanoseconds) / 1e9
        let endS = Double(end.nanoseconds) / 1e9
        var atS = 0.0
        while atS < endS {
            let pa = (atmosphere.seaLevelPressure(at: atS) / feed.resolutionPa).rounded() * feed.resolutionPa
            let deci = UInt32(max(0, min(Double(UInt32.max), (pa * 10).rounded())))
            let sequence = UInt64(queue.count + 1)
            do {
                let signed = try SignedCommand.sign(
                    .setSeaLevelPressure(deciPascals: deci), for: identity.deviceID, sequence: sequence,
                    issuedAtMicros: wallUTCMicros, expiresAtMicros: wallUTCMicros + validMicros, operatorKey: key)
                queue.append(Command(atS: atS, bytes: signed.bytes, sequence: sequence))
            } catch {
                throw HILError(
                    .scenario,
                    "\(feed.location.file):\(feed.location.line):\(feed.location.column): the world's sea-level "
                        + "pressure at \(atS) s cannot be sent: \(error.detail)")
            }
            atS += everyS
        }
        state = Mutex(State(queue: queue))
    }

    /// The commands due by `nowS` that the gateway has not acknowledged (PUBACK), oldest first; those
    /// newly due count as sent.
    func due(atS nowS: Double) -> [Command] {
        state.withLock { state in
            while state.next < state.queue.count, state.queue[state.next].atS <= nowS {
                let command = state.queue[state.next]
                state.unacknowledged[command.sequence] = command
                state.outcomes.sent += 1
                state.next += 1
            }
            return state.unacknowledged.values.sorted { $0.sequence < $1.sequence }
        }
    }

    /// Counts a hand-over to the gateway.
    func delivered() { state.withLock { $0.outcomes.delivered += 1 } }

    /// The gateway's PUBACK for `sequence`: not handed over again.
    func acknowledged(sequence: UInt64) { _ = state.withLock { $0.unacknowledged.removeValue(forKey: sequence) } }

    /// One message from the gateway's `ack` topic.
    func acknowledgement(_ bytes: [UInt8]) {
        let ack = try? CommandAck.verify(bytes, devicePublicKey: device.publicKey)
        state.withLock { state in
            guard let ack else {
                state.outcomes.unverified += 1
                return
            }
            switch ack.outcome {
            case .applied: state.outcomes.applied += 1
            case .failed, .rejected: state.outcomes.refused.append("command \(ack.sequence): \(ack.outcome)")
            case .accepted, .keyRotated: break
            }
        }
    }

    /// What the acknowledgements said so far.
    var outcomes: Outcomes { state.withLock { $0.outcomes } }
}

/// What a scenario's operator sent and what the gateway's signed acknowledgements said.
public struct OperatorReport: Sendable, Equatable {
    /// Commands the operator published to the broker.
    public var sent = 0
    /// Times a command was handed to the gateway (PUBLISH written to its connection), re-deliveries included.
    public var delivered = 0
    /// `applied` acknowledgements.
    public var applied = 0
    /// `failed` or `rejected` acknowledgements, each with the gateway's reason.
    public var refused: [String] = []
    /// Acknowledgements that did not verify with the device's key.
    public var unverified = 0

    /// One line for reports.
    public var summary: String {
        var line = "operator: \(sent) set-qnh sent, \(applied) applied (handed over \(delivered) times)"
        if unverified > 0 { line += ", \(unverified) acknowledgements not signed by the device" }
        if !refused.isEmpty { line += "; refused: " + refused.joined(separator: "; ") }
        return line
    }
}
