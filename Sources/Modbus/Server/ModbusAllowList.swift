// SensorGate — Modbus: which client addresses may connect (CIDR blocks, IPv4 and IPv6).

#if canImport(Glibc)
    import Glibc
#endif

/// An allow-list of client networks. Empty allows everyone. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d)
/// match IPv4 blocks.
public struct ModbusAllowList: Sendable, Hashable {
    /// One network: address bytes (4 or 16) and prefix length.
    public struct Block: Sendable, Hashable, CustomStringConvertible {
        /// The network's address bytes.
        public let address: [UInt8]
        /// The prefix length in bits.
        public let prefixBits: Int

        /// Parses `a.b.c.d/n`, `x::y/n`, or an address alone (a single host).
        /// - Parameter text: the block.
        /// - Returns: nil when it is not an address or the prefix is too long.
        public init?(_ text: String) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let bytes = ModbusAllowList.parseAddress(String(parts[0])) else { return nil }
            let bits = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
            guard let bits, (0...bytes.count * 8).contains(bits) else { return nil }
            address = bytes
            prefixBits = bits
        }

        /// Whether `bytes` (4 or 16) lie in the block.
        public func contains(_ bytes: [UInt8]) -> Bool {
            guard bytes.count == address.count else { return false }
            var remaining = prefixBits
            for (byte, network) in zip(bytes, address) where remaining > 0 {
                let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
                if byte & mask != network & mask { return false }
                remaining -= 8
            }
            return true
        }

        /// The block as written: address/prefix.
        public var description: String { "\(ModbusAllowList.format(address))/\(prefixBits)" }
    }

    /// The blocks.
    public var blocks: [Block]

    /// An allow-list of these blocks (empty: everyone).
    public init(_ blocks: [Block] = []) { self.blocks = blocks }

    /// Whether a client at `address` (textual IPv4 or IPv6) may connect.
    /// - Parameter address: the peer's address.
    /// - Returns: true when the list is empty or a block holds it.
    public func allows(_ address: String) -> Bool {
        guard !blocks.isEmpty else { return true }
        guard let bytes = Self.parseAddress(address) else { return false }
        if bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            let mapped = Array(bytes[12...])
            if blocks.contains(where: { $0.contains(mapped) }) { return true }
        }
        return blocks.contains { $0.contains(bytes) }
    }

    static func parseAddress(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: v4.s_addr) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: v6) { Array($0) }
        }
        return nil
    }

    static func format(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: bytes.count, by: 2).map {
            String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
        }
        .joined(separator: ":")
    }
}
