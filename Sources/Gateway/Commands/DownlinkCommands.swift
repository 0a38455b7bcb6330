// SensorGate — Gateway: downlink commands: verified, remembered across restarts, applied, acknowledged.

import Envelope
import Foundation

/// Takes the bytes that arrive on the command topic, verifies them (``CommandVerifier``: this device,
/// the operator's signature, validity period, newer than the last accepted), remembers the last accepted
/// sequence number in the state folder before anything is applied (so a replay is refused after a
/// restart too), applies the command through ``apply``, and returns the signed acknowledgements to
/// publish: `accepted`, then `applied`, `failed` or `key rotated`; `rejected` for a refused command the
/// operator signed; nothing for bytes the operator did not sign. A command the sampling thread applies
/// (a rate change, a reading) is acknowledged `applied` only once it took effect: ``poll()`` returns
/// those acknowledgements as they come.
final class DownlinkCommands {
    /// The file holding the last accepted sequence number, in the state folder.
    static let fileName = "commands-last-accepted"
    private var verifier: CommandVerifier
    private let file: String
    /// Applies an accepted command; returns what became of it (`applied`, `failed`, `keyRotated`).
    /// Set by the runner. Default: every command fails, saying that nothing applies it.
    var apply: (OperatorCommand) -> CommandApplication = { _ in .done(.failed(reason: "no applier configured")) }
    /// The identity acknowledgements are signed with (replaced after a key rotation).
    var identity: DeviceIdentity
    /// Commands applied, failed and refused, for the report.
    private(set) var counters = CommandReport()
    /// Makes the new identity of a `rotate-key`; nil refuses it (`failed`).
    var keyRotation: KeyRotation?
    /// Called with the new identity after a key rotation's acknowledgement was signed with the old one:
    /// the sealer and the drop reporter sign with it from then on.
    var installIdentity: (DeviceIdentity) -> Void = { _ in }
    /// Commands handed to the sampling thread, waiting for it to apply them.
    private var pending: [(sequence: UInt64, command: OperatorCommand, outcome: () -> CommandAck.Outcome?)] = []

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
        if case .rotateKey = command.command { return rotateKey(command.sequence, acks: acks) }
        switch apply(command.command) {
        case .done(let outcome):
            acks += finish(command.sequence, outcome, signer: signer)
            return (acks, "command \(command.sequence) (\(command.command)): \(outcome)")
        case .pending(let outcome):
            pending.append((command.sequence, command.command, outcome))
            return (acks, "command \(command.sequence) (\(command.command)): accepted, being applied")
        }
    }

    /// `rotate-key`: the new identity in place, `key rotated` signed with the old key, then the switch.
    private func rotateKey(_ sequence: UInt64, acks: [[UInt8]]) -> (acks: [[UInt8]], line: String) {
        guard let keyRotation else {
            let outcome = CommandAck.Outcome.failed(reason: "this gateway has no identity folder to rotate")
            return (acks + finish(sequence, outcome, signer: identity), "command \(sequence) (rotate-key): \(outcome)")
        }
        switch keyRotation.rotate() {
        case .failure(let error):
            let outcome = CommandAck.Outcome.failed(reason: error.description)
            return (acks + finish(sequence, outcome, signer: identity), "command \(sequence) (rotate-key): \(outcome)")
        case .success(let new):
            let outcome = CommandAck.Outcome.keyRotated(newPublicKey: new.publicKey)
            let signed = finish(sequence, outcome, signer: identity)
            let old = identity.deviceID
            identity = new
            verifier = CommandVerifier(
                operatorKeys: verifier.operatorKeys, deviceID: new.deviceID,
                lastAcceptedSequence: verifier.lastAcceptedSequence)
            installIdentity(new)
            return (acks + signed, "command \(sequence) (rotate-key): device \(old) is now device \(new.deviceID)")
        }
    }

    /// The acknowledgements of pending commands that took effect since the last call, and a line for each.
    func poll() -> [(ack: [UInt8], line: String)] {
        guard !pending.isEmpty else { return [] }
        var done: [(ack: [UInt8], line: String)] = []
        pending.removeAll { entry in
            guard let outcome = entry.outcome() else { return false }
            for ack in finish(entry.sequence, outcome, signer: identity) {
                done.append((ack, "command \(entry.sequence) (\(entry.command)): \(outcome)"))
            }
            return true
        }
        return done
    }

    /// Fails every command still waiting (the run ends before the sampler applied it), with `reason`.
    func abandonPending(_ reason: String) -> [(ack: [UInt8], line: String)] {
        let waiting = pending
        pending.removeAll()
        return waiting.flatMap { entry in
            finish(entry.sequence, .failed(reason: reason), signer: identity).map {
                ($0, "command \(entry.sequence) (\(entry.command)): failed: \(reason)")
            }
        }
    }

    /// Counts the outcome and signs its acknowledgement.
    private func finish(_ sequence: UInt64, _ outcome: CommandAck.Outcome, signer: DeviceIdentity) -> [[UInt8]] {
        switch outcome {
        case .failed: counters.failed += 1
        default: counters.applied += 1
        }
        return (try? CommandAck.sign(sequence: sequence, outcome: outcome, identity: signer)).map { [$0.bytes] } ?? []
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

/// What became of an accepted command when it was handed over: done, or being applied by the
/// sampling thread (the closure says the outcome once there is one, nil until then).
enum CommandApplication {
    /// Done: applied, failed or key rotated.
    case done(CommandAck.Outcome)
    /// Being applied; the closure returns the outcome once it took effect, nil until then.
    case pending(() -> CommandAck.Outcome?)
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
