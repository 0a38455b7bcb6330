// SensorGate — Codec: the 64-bit fingerprint of a stream schema.

/// FNV-1a, 64 bits (Fowler, Noll, Vo): for each byte, `hash = (hash ^ byte) × 0x100000001b3` (mod 2⁶⁴),
/// starting from `0xcbf29ce484222325`. Not a cryptographic hash: it names a schema in logs and reports
/// and tells two schemas apart; the envelope's signature is what protects them.
public enum FNV1a64 {
    /// The offset basis.
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    /// The prime.
    public static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The hash of `bytes`.
    public static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var hash = offsetBasis
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* prime }
        return hash
    }
}
