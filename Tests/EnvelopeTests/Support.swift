// SensorGate — Envelope tests: fixed identities, keys and a registry.

import Crypto
import Envelope
import Testing

/// An identity from a fixed seed, so tests are reproducible.
func identity(_ fill: UInt8) throws -> DeviceIdentity {
    try DeviceIdentity(seed: [UInt8](repeating: fill, count: 32))
}

/// A fixed sealing key.
func sealingKey() throws -> SealingKey {
    try SealingKey(bytes: (0..<32).map { UInt8($0 * 7 & 0xFF) })
}

/// A verifier that knows `signed` (signing) and `sealed` (sealing with ``sealingKey()``).
func verifier(signed: DeviceIdentity, sealed: DeviceIdentity? = nil) throws -> EnvelopeVerifier {
    var registry = DeviceRegistry()
    registry.register(publicKey: signed.publicKey)
    if let sealed { registry.register(publicKey: sealed.publicKey, sealingKey: try sealingKey()) }
    return EnvelopeVerifier(registry: registry)
}

/// A codec-sized payload.
let payload: [UInt8] = (0..<300).map { UInt8(($0 * 131 + 7) & 0xFF) }

/// 2026-01-01T00:00:00Z in µs since the Unix epoch.
let newYear2026Micros: UInt64 = 1_767_225_600_000_000

/// A scratch folder, removed by the caller.
func scratchFolder(_ name: String) -> String {
    let path = "/tmp/envelope-\(name)-\(UInt32.random(in: 0...UInt32.max))"
    return path
}
