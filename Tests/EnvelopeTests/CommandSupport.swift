// SensorGate — Envelope tests: a fixed operator, device and clock for downlink commands.

import Crypto
import Envelope
import Testing

/// The operator key of docs/envelope.md §7.5: the RFC 8032 §7.1 test 2 seed.
func exampleOperator() throws -> OperatorKey {
    try OperatorKey(seed: try hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"))
}

/// The device of docs/envelope.md §6 and §7.5: the RFC 8032 §7.1 test 1 seed (`eh7ddx5bksrgcytl`).
func exampleDevice() throws -> DeviceIdentity {
    try DeviceIdentity(seed: try hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
}

/// A clock the test sets.
final class TestClock: @unchecked Sendable {
    /// µs since the Unix epoch. Only the test's own thread reads and writes it.
    var nowMicros: UInt64

    init(_ nowMicros: UInt64) { self.nowMicros = nowMicros }

    /// The clock as a verifier takes it.
    var clock: CommandVerifier.Clock { { self.nowMicros } }
}

/// A command for `device`, issued at 2026-01-01T00:00:00Z, valid for 10 minutes.
func command(
    _ command: OperatorCommand, sequence: UInt64, device: DeviceID, key: OperatorKey, issued: UInt64 = newYear2026Micros
) throws -> SignedCommand {
    try SignedCommand.sign(
        command, for: device, sequence: sequence, issuedAtMicros: issued, expiresAtMicros: issued + 600_000_000,
        operatorKey: key)
}

/// `unsigned` (a command up to its signature, possibly of a type the library cannot build) with the
/// example operator's signature appended, computed here from docs/envelope.md §7.1.
func operatorSigned<Bytes: Collection<UInt8>>(_ unsigned: Bytes) throws -> [UInt8] {
    let key = try Curve25519.Signing.PrivateKey(
        rawRepresentation: try hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"))
    let context = Array("sensorgate-command-v1".utf8) + [0]
    return Array(unsigned) + Array(try key.signature(for: context + Array(unsigned)))
}
