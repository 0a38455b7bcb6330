// SensorGate — Envelope: the gateway side, which accepts only the operator's fresh commands for it.

import Crypto
import Foundation

/// Checks downlink commands on the gateway (docs/envelope.md §7.3): well-formed, for this device,
/// signed by a configured operator key, within their validity period, and newer than the last
/// accepted command. Only a command that passes every check moves ``lastAcceptedSequence``, so
/// forged or damaged bytes can never make a later genuine command look like a replay.
///
/// The caller persists ``lastAcceptedSequence`` (with its store) and passes it back on restart;
/// a gateway that forgets it would accept old commands again until they expire.
///
/// `@unchecked Sendable`: a value type whose only non-`Sendable` parts are immutable swift-crypto
/// public key values, which swift-crypto 3.12 does not yet declare `Sendable` on Linux.
public struct CommandVerifier: @unchecked Sendable {
    /// The verifier's settings.
    public struct Settings: Sendable, Equatable {
        /// How far in the future a command's issue time may be, for clocks that disagree
        /// (default 5 minutes).
        public var maxClockSkewMicros: UInt64

        /// Creates settings; the defaults are documented on each property.
        public init(maxClockSkewMicros: UInt64 = 300_000_000) {
            self.maxClockSkewMicros = maxClockSkewMicros
        }
    }

    /// The current time in µs since the Unix epoch.
    public typealias Clock = @Sendable () -> UInt64

    /// The system clock in µs since the Unix epoch.
    public static let systemClock: Clock = { UInt64(max(0, Date().timeIntervalSince1970 * 1_000_000)) }

    /// The operator keys whose signatures are accepted (more than one while the operator rotates its key).
    public var operatorKeys: [Curve25519.Signing.PublicKey]
    /// This gateway's device ID: commands for any other device are refused.
    public let deviceID: DeviceID
    /// The sequence number of the last accepted command; nil before the first.
    public private(set) var lastAcceptedSequence: UInt64?
    /// The settings.
    public let settings: Settings
    /// What ``receive(_:identity:)`` accepted and refused so far.
    public private(set) var counters = CommandCounters()
    private let now: Clock

    /// A verifier for the device `deviceID`.
    /// - Parameters:
    ///   - operatorKeys: the configured operator public keys.
    ///   - lastAcceptedSequence: as persisted from the previous run (nil for a new device).
    ///   - clock: the current time in µs since the Unix epoch (default: the system clock).
    public init(
        operatorKeys: [Curve25519.Signing.PublicKey], deviceID: DeviceID, lastAcceptedSequence: UInt64? = nil,
        settings: Settings = Settings(), clock: @escaping Clock = CommandVerifier.systemClock
    ) {
        self.operatorKeys = operatorKeys
        self.deviceID = deviceID
        self.lastAcceptedSequence = lastAcceptedSequence
        self.settings = settings
        self.now = clock
    }

    /// Verifies one command and, when it is accepted, records its sequence number.
    /// - Returns: the command, authenticated.
    /// - Throws: a ``CommandRejection`` whose kind says why: the parser's kinds,
    ///   ``CommandRejection/Kind/wrongDevice``, ``CommandRejection/Kind/badSignature``,
    ///   ``CommandRejection/Kind/expired``, ``CommandRejection/Kind/notYetValid``,
    ///   ``CommandRejection/Kind/replay``.
    public mutating func verify(_ bytes: [UInt8]) throws(CommandRejection) -> SignedCommand {
        var authenticated: UInt64?
        return try check(bytes, authenticated: &authenticated)
    }

    /// Verifies one command and says what to send back (docs/envelope.md §7.4): `accepted`, signed by
    /// `identity`, for an accepted command; `rejected` with the kind for a refused command that the
    /// operator signed (expired, not yet valid, a replay, a type this gateway does not know); and
    /// nothing for bytes the operator did not sign, so forged input cannot make the gateway spend
    /// uplink bytes. Counts every outcome in ``counters``.
    public mutating func receive(_ bytes: [UInt8], identity: DeviceIdentity) -> CommandReceipt {
        var authenticated: UInt64?
        do {
            let command = try check(bytes, authenticated: &authenticated)
            counters.accepted += 1
            return CommandReceipt(
                command: command, rejection: nil,
                ack: try? CommandAck.sign(sequence: command.sequence, outcome: .accepted, identity: identity))
        } catch {
            counters.rejected[error.kind, default: 0] += 1
            let ack = authenticated.flatMap { sequence in
                try? CommandAck.sign(sequence: sequence, outcome: .rejected(error.kind), identity: identity)
            }
            return CommandReceipt(command: nil, rejection: error, ack: ack)
        }
    }

    /// The checks of docs/envelope.md §7.3; `authenticated` is set to the sequence number once the
    /// signature has verified.
    private mutating func check(_ bytes: [UInt8], authenticated: inout UInt64?) throws(CommandRejection)
        -> SignedCommand
    {
        let layout = try SignedCommand.Layout.parse(bytes)
        let sequence = layout.sequence
        guard layout.deviceID == deviceID else {
            throw CommandRejection(
                .wrongDevice, "command \(sequence) is for device \(layout.deviceID), this is \(deviceID)")
        }
        guard operatorKeys.contains(where: { layout.isSigned(by: $0) }) else {
            throw CommandRejection(
                .badSignature,
                "command \(sequence) for \(deviceID): the signature does not verify with any of the "
                    + "\(operatorKeys.count) configured operator keys")
        }
        authenticated = sequence
        let command = try SignedCommand(layout)
        let nowMicros = now()
        guard nowMicros <= command.expiresAtMicros else {
            throw CommandRejection(
                .expired,
                "command \(sequence) for \(deviceID) expired \(Self.seconds(nowMicros - command.expiresAtMicros)) ago")
        }
        let (latest, overflow) = nowMicros.addingReportingOverflow(settings.maxClockSkewMicros)
        guard overflow || command.issuedAtMicros <= latest else {
            throw CommandRejection(
                .notYetValid,
                "command \(sequence) for \(deviceID) is issued \(Self.seconds(command.issuedAtMicros - nowMicros)) "
                    + "in the future, beyond the allowed skew; check the clocks")
        }
        if let last = lastAcceptedSequence, sequence <= last {
            throw CommandRejection(
                .replay, "command \(sequence) for \(deviceID) is not above the last accepted sequence \(last)")
        }
        lastAcceptedSequence = sequence
        return command
    }

    private static func seconds(_ micros: UInt64) -> String {
        "\(micros / 1_000_000).\(String(micros % 1_000_000 / 1000 + 1000).dropFirst()) s"
    }
}
