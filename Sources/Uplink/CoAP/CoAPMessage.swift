// SensorGate — Uplink/CoAP: the CoAP message and its bytes (RFC 7252 §3).

/// A CoAP message: header, token, options and payload (RFC 7252 §3).
public struct CoAPMessage: Sendable, Equatable {
    /// The message type (RFC 7252 §4).
    public enum MessageType: UInt8, Sendable, Equatable {
        /// Confirmable: retransmitted until acknowledged.
        case confirmable = 0
        /// Non-confirmable.
        case nonConfirmable = 1
        /// Acknowledgement.
        case acknowledgement = 2
        /// Reset.
        case reset = 3
    }

    /// The type.
    public var type: MessageType
    /// The code (method or response).
    public var code: CoAPCode
    /// The message ID, for de-duplication and matching ACK/RST.
    public var messageID: UInt16
    /// The token (0…8 bytes), matching responses to requests.
    public var token: [UInt8]
    /// The options; ``encoded()`` sorts them by number (stable, so repeated options keep their order).
    public var options: [CoAPOption]
    /// The payload (empty: no payload marker).
    public var payload: [UInt8]

    /// Creates a message.
    public init(
        type: MessageType, code: CoAPCode, messageID: UInt16, token: [UInt8] = [], options: [CoAPOption] = [],
        payload: [UInt8] = []
    ) {
        self.type = type
        self.code = code
        self.messageID = messageID
        self.token = token
        self.options = options
        self.payload = payload
    }

    /// The first option numbered `number`.
    public func option(_ number: CoAPOption.Number) -> CoAPOption? { options.first { $0.number == number } }

    /// The Uri-Path options joined with `/`.
    public var uriPath: String {
        options.filter { $0.number == .uriPath }.map { String(decoding: $0.value, as: UTF8.self) }.joined(
            separator: "/")
    }

    /// The bytes on the wire.
    /// - Throws: ``CoAPError/Kind/invalidInput`` for a token above 8 bytes or an option value above
    ///   65 804 bytes.
    public func encoded() throws(CoAPError) -> [UInt8] {
        guard token.count <= 8 else { throw CoAPError(.invalidInput, "a token of \(token.count) bytes; at most 8") }
        var bytes: [UInt8] = [1 << 6 | type.rawValue << 4 | UInt8(token.count), code.rawValue]
        bytes.append(UInt8(messageID >> 8))
        bytes.append(UInt8(messageID & 0xFF))
        bytes += token
        var previous = 0
        for option in options.enumerated().sorted(by: {
            ($0.element.number.rawValue, $0.offset) < ($1.element.number.rawValue, $1.offset)
        }).map(\.element) {
            let delta = Int(option.number.rawValue) - previous
            let length = option.value.count
            guard length <= 65_804 else {
                throw CoAPError(.invalidInput, "option \(option.number.rawValue) has \(length) bytes; at most 65804")
            }
            let (deltaNibble, deltaExtra) = Self.nibble(delta)
            let (lengthNibble, lengthExtra) = Self.nibble(length)
            bytes.append(deltaNibble << 4 | lengthNibble)
            bytes += deltaExtra
            bytes += lengthExtra
            bytes += option.value
            previous = Int(option.number.rawValue)
        }
        if !payload.isEmpty {
            bytes.append(0xFF)
            bytes += payload
        }
        return bytes
    }

    /// Parses a datagram.
    /// - Throws: ``CoAPError/Kind/malformed`` naming what is wrong (RFC 7252 §3 message format errors).
    public static func decode(_ bytes: [UInt8]) throws(CoAPError) -> CoAPMessage {
        guard bytes.count >= 4 else { throw CoAPError(.malformed, "\(bytes.count) bytes; a CoAP header has 4") }
        guard bytes[0] >> 6 == 1 else { throw CoAPError(.malformed, "CoAP version \(bytes[0] >> 6); only 1 exists") }
        let tokenLength = Int(bytes[0] & 0x0F)
        guard tokenLength <= 8 else { throw CoAPError(.malformed, "token length \(tokenLength) is reserved") }
        guard bytes.count >= 4 + tokenLength else { throw CoAPError(.malformed, "the message ends inside the token") }
        let type = MessageType(rawValue: (bytes[0] >> 4) & 3) ?? .reset
        var message = CoAPMessage(
            type: type, code: CoAPCode(rawValue: bytes[1]), messageID: UInt16(bytes[2]) << 8 | UInt16(bytes[3]),
            token: Array(bytes[4..<(4 + tokenLength)]))
        var offset = 4 + tokenLength
        var number = 0
        while offset < bytes.count {
            let first = bytes[offset]
            offset += 1
            if first == 0xFF {
                guard offset < bytes.count else { throw CoAPError(.malformed, "a payload marker with no payload") }
                message.payload = Array(bytes[offset...])
                break
            }
            let delta = try extended(Int(first >> 4), bytes, &offset, "option delta")
            let length = try extended(Int(first & 0x0F), bytes, &offset, "option length")
            number += delta
            guard number <= Int(UInt16.max) else { throw CoAPError(.malformed, "option number \(number) above 65535") }
            guard bytes.count - offset >= length else { throw CoAPError(.malformed, "an option runs past the end") }
            message.options.append(
                CoAPOption(
                    number: CoAPOption.Number(rawValue: UInt16(number)), value: Array(bytes[offset..<(offset + length)])
                ))
            offset += length
        }
        if message.code == .empty && (tokenLength > 0 || bytes.count > 4) {
            throw CoAPError(.malformed, "an Empty message with a token, options or payload")
        }
        return message
    }

    /// The 4-bit nibble and extended bytes for an option delta or length (13: +1 byte, 14: +2 bytes).
    private static func nibble(_ value: Int) -> (UInt8, [UInt8]) {
        switch value {
        case ..<13: return (UInt8(value), [])
        case ..<269: return (13, [UInt8(value - 13)])
        default:
            let extra = value - 269
            return (14, [UInt8(extra >> 8), UInt8(extra & 0xFF)])
        }
    }

    private static func extended(_ nibble: Int, _ bytes: [UInt8], _ offset: inout Int, _ field: String)
        throws(CoAPError)
        -> Int
    {
        switch nibble {
        case 13:
            guard offset < bytes.count else { throw CoAPError(.malformed, "the message ends inside an \(field)") }
            offset += 1
            return Int(bytes[offset - 1]) + 13
        case 14:
            guard offset + 1 < bytes.count else { throw CoAPError(.malformed, "the message ends inside an \(field)") }
            offset += 2
            return (Int(bytes[offset - 2]) << 8 | Int(bytes[offset - 1])) + 269
        case 15: throw CoAPError(.malformed, "the reserved \(field) nibble 15 outside a payload marker")
        default: return nibble
        }
    }
}
