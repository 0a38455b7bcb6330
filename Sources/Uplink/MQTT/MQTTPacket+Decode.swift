// SensorGate — Uplink: bytes to MQTT 3.1.1 packets, strictly validated (3.1.1 §2, §3, §1.5.3).

extension MQTTPacket {
    /// The fixed header at the start of `bytes`: the length of the whole packet, or nil when more bytes
    /// are needed to know it.
    /// - Parameter bytes: the bytes received so far.
    /// - Returns: the header length plus the remaining length, or nil.
    /// - Throws: `MQTTError` with kind `.malformedLength` when the length field runs past four bytes.
    public static func frameLength(in bytes: ArraySlice<UInt8>) throws(MQTTError) -> Int? {
        try fixedHeader(in: bytes).map { $0.header + $0.remaining }
    }

    /// The fixed header's length (2 to 5 bytes) and the remaining length, or nil when cut short.
    private static func fixedHeader(in bytes: ArraySlice<UInt8>) throws(MQTTError) -> (header: Int, remaining: Int)? {
        var value = 0
        var multiplier = 1
        var index = bytes.startIndex + 1
        for position in 0..<4 {
            guard index < bytes.endIndex else { return nil }
            let byte = bytes[index]
            value += Int(byte & 0x7F) * multiplier
            index += 1
            if byte & 0x80 == 0 { return (2 + position, value) }
            multiplier *= 128
        }
        throw MQTTError(.malformedLength, "remaining length longer than four bytes (§2.2.3)")
    }

    /// Decodes exactly one packet.
    /// - Parameter bytes: the packet's bytes, fixed header included, nothing after it.
    /// - Returns: the packet.
    /// - Throws: `MQTTError` naming the rule the bytes break; never traps on any input.
    public static func decode(_ bytes: ArraySlice<UInt8>) throws(MQTTError) -> MQTTPacket {
        guard let first = bytes.first else { throw MQTTError(.truncated, "an empty buffer holds no MQTT packet") }
        guard let header = try fixedHeader(in: bytes) else {
            throw MQTTError(.truncated, "the fixed header of an MQTT packet is cut short")
        }
        let total = header.header + header.remaining
        guard total <= bytes.count else {
            throw MQTTError(.truncated, "an MQTT packet announces \(total) bytes, \(bytes.count) arrived")
        }
        guard total == bytes.count else {
            throw MQTTError(.malformedPacket, "\(bytes.count - total) bytes follow the MQTT packet")
        }
        let type = first >> 4
        let flags = first & 0x0F
        var reader = MQTTReader(bytes[(bytes.startIndex + header.header)...])
        let packet = try decodeBody(type: type, flags: flags, &reader)
        guard reader.isAtEnd else {
            throw MQTTError(.malformedPacket, "\(reader.remaining) bytes left over in a packet of type \(type)")
        }
        return packet
    }

    private static func requireFlags(_ flags: UInt8, _ expected: UInt8, _ name: String) throws(MQTTError) {
        guard flags == expected else {
            throw MQTTError(
                .invalidFlags, "\(name) has fixed-header flags \(flags), the specification requires \(expected)")
        }
    }

    private static func decodeBody(type: UInt8, flags: UInt8, _ reader: inout MQTTReader) throws(MQTTError)
        -> MQTTPacket
    {
        switch type {
        case 1:
            try requireFlags(flags, 0, "CONNECT")
            return .connect(try decodeConnect(&reader))
        case 2:
            try requireFlags(flags, 0, "CONNACK")
            let acknowledge = try reader.byte()
            guard acknowledge & 0xFE == 0 else {
                throw MQTTError(.malformedPacket, "CONNACK's reserved acknowledge flags are set (§3.2.2.1)")
            }
            return .connack(sessionPresent: acknowledge == 1, returnCode: try reader.byte())
        case 3: return .publish(try decodePublish(flags: flags, &reader))
        case 4:
            try requireFlags(flags, 0, "PUBACK")
            return .puback(packetID: try reader.packetID())
        case 5:
            try requireFlags(flags, 0, "PUBREC")
            return .pubrec(packetID: try reader.packetID())
        case 6:
            try requireFlags(flags, 2, "PUBREL")
            return .pubrel(packetID: try reader.packetID())
        case 7:
            try requireFlags(flags, 0, "PUBCOMP")
            return .pubcomp(packetID: try reader.packetID())
        case 8:
            try requireFlags(flags, 2, "SUBSCRIBE")
            let id = try reader.packetID()
            var filters: [MQTTSubscription] = []
            repeat {
                let filter = try reader.string()
                try MQTTTopic.validateFilter(filter)
                let requested = try reader.byte()
                guard let qos = MQTTQoS(rawValue: requested) else {
                    throw MQTTError(.malformedPacket, "SUBSCRIBE requests QoS byte \(requested) (§3.8.3.1)")
                }
                filters.append(MQTTSubscription(filter, qos: qos))
            } while !reader.isAtEnd
            return .subscribe(packetID: id, filters: filters)
        case 9:
            try requireFlags(flags, 0, "SUBACK")
            let id = try reader.packetID()
            let codes = reader.rest()
            guard !codes.isEmpty, codes.allSatisfy({ $0 <= 2 || $0 == 0x80 }) else {
                throw MQTTError(.malformedPacket, "SUBACK return codes must be 0, 1, 2 or 0x80 (§3.9.3)")
            }
            return .suback(packetID: id, returnCodes: codes)
        case 10:
            try requireFlags(flags, 2, "UNSUBSCRIBE")
            let id = try reader.packetID()
            var filters: [String] = []
            repeat {
                let filter = try reader.string()
                try MQTTTopic.validateFilter(filter)
                filters.append(filter)
            } while !reader.isAtEnd
            return .unsubscribe(packetID: id, filters: filters)
        case 11:
            try requireFlags(flags, 0, "UNSUBACK")
            return .unsuback(packetID: try reader.packetID())
        case 12:
            try requireFlags(flags, 0, "PINGREQ")
            return .pingreq
        case 13:
            try requireFlags(flags, 0, "PINGRESP")
            return .pingresp
        case 14:
            try requireFlags(flags, 0, "DISCONNECT")
            return .disconnect
        default:
            throw MQTTError(.reservedPacketType, "packet type \(type) is reserved (§2.2.1)")
        }
    }

    private static func decodeConnect(_ reader: inout MQTTReader) throws(MQTTError) -> MQTTConnect {
        let name = try reader.string()
        let level = try reader.byte()
        guard name == "MQTT", level == 4 else {
            throw MQTTError(.malformedPacket, "CONNECT for protocol '\(name)' level \(level); this is MQTT 3.1.1 (4)")
        }
        let flags = try reader.byte()
        guard flags & 0x01 == 0 else { throw MQTTError(.malformedPacket, "CONNECT's reserved flag is set (§3.1.2.3)") }
        let hasWill = flags & 0x04 != 0
        let willQoSBits = flags >> 3 & 0x03
        let willRetain = flags & 0x20 != 0
        guard let willQoS = MQTTQoS(rawValue: willQoSBits), hasWill || (willQoSBits == 0 && !willRetain) else {
            throw MQTTError(.malformedPacket, "CONNECT's will QoS and retain flags contradict its will flag (§3.1.2.6)")
        }
        let hasUsername = flags & 0x80 != 0
        let hasPassword = flags & 0x40 != 0
        guard hasUsername || !hasPassword else {
            throw MQTTError(.malformedPacket, "CONNECT has a password flag without a user name flag (§3.1.2.9)")
        }
        let keepAlive = try reader.uint16()
        var connect = MQTTConnect(
            clientID: try reader.string(), cleanSession: flags & 0x02 != 0, keepAliveSeconds: keepAlive)
        if hasWill {
            let topic = try reader.string()
            try MQTTTopic.validateName(topic)
            connect.will = MQTTWill(topic: topic, payload: try reader.binary(), qos: willQoS, retain: willRetain)
        }
        if hasUsername { connect.username = try reader.string() }
        if hasPassword { connect.password = try reader.binary() }
        return connect
    }

    private static func decodePublish(flags: UInt8, _ reader: inout MQTTReader) throws(MQTTError) -> MQTTPublish {
        guard let qos = MQTTQoS(rawValue: flags >> 1 & 0x03) else {
            throw MQTTError(.malformedPacket, "PUBLISH with both QoS bits set (§3.3.1.2)")
        }
        let duplicate = flags & 0x08 != 0
        guard qos != .atMostOnce || !duplicate else {
            throw MQTTError(.malformedPacket, "a QoS 0 PUBLISH with the DUP flag set (§3.3.1.1)")
        }
        let topic = try reader.string()
        try MQTTTopic.validateName(topic)
        let id = qos == .atMostOnce ? nil : try reader.packetID()
        return MQTTPublish(
            topic: topic, payload: reader.rest(), qos: qos, retain: flags & 0x01 != 0, duplicate: duplicate,
            packetID: id)
    }
}

/// Reads the fields of one packet's body; every read checks the bounds.
struct MQTTReader {
    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    var isAtEnd: Bool { index >= bytes.endIndex }
    var remaining: Int { bytes.endIndex - index }

    mutating func byte() throws(MQTTError) -> UInt8 {
        guard index < bytes.endIndex else { throw MQTTError(.truncated, "an MQTT packet ends inside a field") }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func uint16() throws(MQTTError) -> UInt16 {
        let high = try byte()
        return UInt16(high) << 8 | UInt16(try byte())
    }

    mutating func packetID() throws(MQTTError) -> UInt16 {
        let id = try uint16()
        guard id != 0 else { throw MQTTError(.malformedPacket, "packet identifier 0 is not allowed (§2.3.1)") }
        return id
    }

    mutating func binary() throws(MQTTError) -> [UInt8] {
        let count = Int(try uint16())
        guard count <= remaining else {
            throw MQTTError(.truncated, "a field announces \(count) bytes, \(remaining) remain in the packet")
        }
        defer { index += count }
        return Array(bytes[index..<index + count])
    }

    mutating func string() throws(MQTTError) -> String {
        let raw = try binary()
        guard !raw.contains(0), let text = String(validating: raw, as: UTF8.self) else {
            throw MQTTError(.invalidString, "a string is not well-formed UTF-8 or holds U+0000 (§1.5.3)")
        }
        return text
    }

    mutating func rest() -> [UInt8] {
        defer { index = bytes.endIndex }
        return Array(bytes[index...])
    }
}
