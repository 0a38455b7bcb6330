// SensorGate — Gateway: downlink commands: verified, remembered across restarts, applied, acknowledged.

import Envelope
import Foundation

/// Takes the bytes that arrive on the command topic, verifies them (``CommandVerifier``: this device,
/// the operator's signature, validity period, newer than the last accepted), remembers the last accepted
/// sequence number in the state folder before anything is applied (so a replay is refused after a
/// restart too), applies the command through ``apply``, and returns the signed acknowledgements to
/// publish: `accepted`, then `applied`, `failed` or `key rotated`; `rejected` for a refused command the
/// operator signed; nothing for bytes the operator did not sign.
final class DownlinkCommands {
    /// The file holding the last accepted sequence number, in the state folder.
    static let fileName = "commands-last-accepted"
    private var verifier: CommandVerifier
    private let file: String
    /// Applies an accepted command; returns what became of it (`applied`, `failed`, `keyRotated`).
    /// Set by the runner. Default: every command fails, saying that nothing applies it.
    var apply: (OperatorCommand) -> CommandAck.Outcome = { _ in .failed(reason: "no applier configured") }
    /// The identity acknowledgements are signed with (replaced after a key rotation).
    var identity: DeviceIdentity
    /// Commands applied, failed and refused, for the report.
    private(set) var counters = CommandReport()

    /// A handler for the device `identity`, accepting commands signed by the key in `operatorKeyFile`.
    /// - Throws: `GatewayError` (`.configuration`) naming the file when the key or the state cannot be read.
    init(identity: DeviceIdentity, operatorKeyFile: String, stateDirectory: String) throws(GatewayError) {
        file = stateDirectory + "/" + Self.fileName
        var last: UInt64?
        if let text = try? String(contentsOfFile: file, encoding: .utf8) {
            guard let value = UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw GatewayError(
                    .configuration, "\(file): not a command sequence number; remove it only if no command was ever sent"
                )
            }
            last = value
        }
        do {
            let key = try DeviceIdentity.loadPublicKey(file: operatorKeyFile)
            verifier = CommandVerifier(operatorKeys: [key], deviceID: identity.deviceID, lastAcceptedSequence: last)
        } catch {
            throw GatewayError(.configuration, "\(operatorKeyFile): not an operator public key (\(error))")
        }
        self.identity = identity
    }

    /// The last accepted sequence number (persisted).
    var lastAcceptedSequence: UInt64? { verifier.lastAcceptedSequence }

    /// Handles one message from the command topic.
    /// - Returns: the acknowledgements to publish, in order, and one line for the log.
    func handle(_ bytes: [UInt8]) -> (acks: [[UInt8]], line: String) {
        let receipt = verifier.receive(bytes, identity: identity)
        guard let command = receipt.command else {
            counters.rejected += 1
            let why = receipt.rejection.map { "\($0)" } ?? "refused"
            return (receipt.ack.map { [$0.bytes] } ?? [], "command refused: \(why)")
        }
        var acks = receipt.ack.map { [$0.bytes] } ?? []
        if let error = persist(command.sequence) {
            // Not remembered: applying it could let a replay in after a restart.
            counters.failed += 1
            let ack = try? CommandAck.sign(
                sequence: command.sequence, outcome: .failed(reason: error), identity: identity)
            return (acks + (ack.map { [$0.bytes] } ?? []), "command \(command.sequence) not applied: \(error)")
        }
        let signer = identity
        let outcome = apply(command.command)
        switch outcome {
        case .failed: counters.failed += 1
        default: counters.applied += 1
        }
        if let ack = try? CommandAck.sign(sequence: command.sequence, outcome: outcome, identity: signer) {
            acks.append(ack.bytes)
        }
        return (acks, "command \(command.sequence) (\(command.command)): \(outcome)")
    }

    /// Writes the sequence number atomically; returns why it failed, or nil.
    private func persist(_ sequence: UInt64) -> String? {
        do {
            try Data("\(sequence)\n".utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
            return nil
        } catch {
            return "\(file): cannot record the command (\(error.localizedDescription))"
        }
    }
}

/// What the gateway did with downlink commands.
public struct CommandReport: Sendable, Codable, Equatable {
    /// Accepted and applied (a key rotation included).
    public var applied = 0
    /// Accepted but not applied (an unknown sensor, a rate it cannot do).
    public var failed = 0
    /// Refused by the verifier.
    public var rejected = 0
}
