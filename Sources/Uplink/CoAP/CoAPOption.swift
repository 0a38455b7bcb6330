// SensorGate — Uplink/CoAP: options, uint option values, and the Block option (RFC 7252 §5.10, RFC 7959).

/// One option: its number and its value bytes.
public struct CoAPOption: Sendable, Equatable {
    /// An option number.
    public struct Number: RawRepresentable, Sendable, Equatable, Hashable {
        /// The number.
        public let rawValue: UInt16
        /// The option with this number.
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        /// Uri-Host (3).
        public static let uriHost = Number(rawValue: 3)
        /// Uri-Port (7).
        public static let uriPort = Number(rawValue: 7)
        /// Uri-Path (11), one per segment.
        public static let uriPath = Number(rawValue: 11)
        /// Content-Format (12).
        public static let contentFormat = Number(rawValue: 12)
        /// Block2 (23), RFC 7959.
        public static let block2 = Number(rawValue: 23)
        /// Block1 (27), RFC 7959.
        public static let block1 = Number(rawValue: 27)
        /// Size1 (60): the request body's size, or in a 4.13 the largest the server accepts.
        public static let size1 = Number(rawValue: 60)

        /// True for a critical option (odd number): a receiver that does not know it must refuse the message.
        public var isCritical: Bool { rawValue & 1 == 1 }
    }

    /// The number.
    public var number: Number
    /// The value.
    public var value: [UInt8]

    /// An option with raw value bytes.
    public init(number: Number, value: [UInt8]) {
        self.number = number
        self.value = value
    }

    /// An option with an unsigned integer value in its shortest form (0 is zero bytes).
    public init(number: Number, uint: UInt32) {
        var bytes: [UInt8] = []
        var rest = uint
        while rest > 0 {
            bytes.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        }
        self.init(number: number, value: bytes)
    }

    /// One Uri-Path option per segment of `path` (`sensorgate/batch`).
    public static func uriPath(_ path: String) -> [CoAPOption] {
        path.split(separator: "/").map { CoAPOption(number: .uriPath, value: Array($0.utf8)) }
    }

    /// The value as an unsigned integer (nil above 4 bytes).
    public var uintValue: UInt32? {
        guard value.count <= 4 else { return nil }
        return value.reduce(0) { $0 << 8 | UInt32($1) }
    }
}

/// The value of a Block1 or Block2 option: block number, more flag, and size exponent (RFC 7959 §2.2).
public struct CoAPBlock: Sendable, Equatable {
    /// The block number (0 … 2²⁰ − 1).
    public var number: UInt32
    /// True when more blocks follow.
    public var more: Bool
    /// The size exponent: the block holds 2^(szx + 4) bytes (16 … 1024); 7 is reserved.
    public var szx: UInt8

    /// Creates a block value.
    public init(number: UInt32, more: Bool, szx: UInt8) {
        self.number = number
        self.more = more
        self.szx = szx
    }

    /// The size in bytes.
    public var size: Int { 1 << (Int(szx) + 4) }
    /// The byte offset of the block.
    public var offset: Int { Int(number) * size }

    /// The SZX for a block size (16 … 1024, a power of two), or nil.
    public static func szx(forSize size: Int) -> UInt8? {
        guard size >= 16 && size <= 1024 && size & (size - 1) == 0 else { return nil }
        return UInt8(size.trailingZeroBitCount - 4)
    }

    /// Reads an option's value; nil when it is longer than 3 bytes or has SZX 7.
    public init?(option: CoAPOption) {
        guard option.value.count <= 3, let raw = option.uintValue, raw & 7 != 7 else { return nil }
        self.init(number: raw >> 4, more: raw & 8 != 0, szx: UInt8(raw & 7))
    }

    /// The option (`number` is Block1 or Block2).
    public func option(_ number: CoAPOption.Number) -> CoAPOption {
        CoAPOption(number: number, uint: self.number << 4 | (more ? 8 : 0) | UInt32(szx))
    }
}
