// SensorGate — Uplink: MQTT 3.1.1 packets to bytes (3.1.1 §2 and §3).

extension MQTTPacket {
    /// The largest remaining length four bytes can express (3.1.1 §2.2.3): 268 435 455.
    public static let maxRemainingLength = 268_435_455

    /// The packet's bytes: fixed header, variable header and payload.
    /// - Returns: the bytes.
    /// - Throws: `MQTTError` with kind `.invalidString` for a string over 65 535 bytes or holding U+0000,
    ///   `.malformedPacket` for a field the specification forbids (an empty topic, a wildcard in a
    ///   PUBLISH topic, a missing or zero packet identifier, a password without a user name, no filters).
    public func encode() throws(MQTTError) -> [UInt8] {
        var body: [UInt8] = []
        var flags: UInt8 = 0
        switch self {
        case .connect(let connect): try Self.encodeConnect(connect, into: &body)
        case .connack(let sessionPresent, let returnCode): body = [sessionPresent ? 1 : 0, returnCode]
        case .publish(let publish):
            flags = try Self.encodePublish(publish, into: &body)
        case .puback(let id), .pubrec(let id), .pubcomp(let id), .unsuback(let id):
            try Self.appendPacketID(id, to: &body)
        case .pubrel(let id):
            flags = 0b0010
            try Self.appendPacketID(id, to: &body)
        case .subscribe(let id, let filters):
            flags = 0b0010
            guard !filters.isEmpty else { throw MQTTError(.malformedPacket, "SUBSCRIBE needs at least one filter") }
            try Self.appendPacketID(id, to: &body)
            for subscription in filters {
                try Self.appendFilter(subscription.filter, to: &body)
                body.append(subscription.qos.rawValue)
            }
        case .suback(let id, let codes):
            try Self.appendPacketID(id, to: &body)
            body += codes
        case .unsubscribe(let id, let filters):
            flags = 0b0010
            guard !filters.isEmpty else { throw MQTTError(.malformedPacket, "UNSUBSCRIBE needs at least one filter") }
            try Self.appendPacketID(id, to: &body)
            for filter in filters { try Self.appendFilter(filter, to: &body) }
        case .pingreq, .pingresp, .disconnect: break
        }
        guard body.count <= Self.maxRemainingLength else {
            throw MQTTError(.packetTooLarge, "an MQTT packet holds at most \(Self.maxRemainingLength) bytes")
        }
        return [typeNumber << 4 | flags] + Self.remainingLength(body.count) + body
    }

    /// The variable-length encoding of a remaining length (3.1.1 §2.2.3): seven bits a byte, least
    /// significant first, the top bit saying another byte follows.
    /// - Parameter length: the length, 0 to ``maxRemainingLength``.
    /// - Returns: one to four bytes.
    public static func remainingLength(_ length: Int) -> [UInt8] {
        var value = length
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value % 128)
            value /= 128
            if value > 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value > 0
        return bytes
    }

    private static func encodeConnect(_ connect: MQTTConnect, into body: inout [UInt8]) throws(MQTTError) {
        try appendString("MQTT", to: &body)
        body.append(4)  // protocol level 4: MQTT 3.1.1
        var flags: UInt8 = connect.cleanSession ? 0x02 : 0
        if let will = connect.will {
            flags |= 0x04 | will.qos.rawValue << 3 | (will.retain ? 0x20 : 0)
        }
        if connect.password != nil {
            guard connect.username != nil else {
                throw MQTTError(.malformedPacket, "MQTT 3.1.1 sends a password only with a user name (§3.1.2.9)")
            }
            flags |= 0x40
        }
        if connect.username != nil { flags |= 0x80 }
        body.append(flags)
        body += [UInt8(connect.keepAliveSeconds >> 8), UInt8(connect.keepAliveSeconds & 0xFF)]
        try appendString(connect.clientID, to: &body)
        if let will = connect.will {
            try appendTopic(will.topic, to: &body)
            try appendBinary(will.payload, to: &body, field: "will message")
        }
        if let username = connect.username { try appendString(username, to: &body) }
        if let password = connect.password { try appendBinary(password, to: &body, field: "password") }
    }

    private static func encodePublish(_ publish: MQTTPublish, into body: inout [UInt8]) throws(MQTTError) -> UInt8 {
        try appendTopic(publish.topic, to: &body)
        if publish.qos == .atMostOnce {
            guard publish.packetID == nil, !publish.duplicate else {
                throw MQTTError(.malformedPacket, "a QoS 0 PUBLISH has no packet identifier and no DUP flag")
            }
        } else {
            guard let id = publish.packetID else {
                throw MQTTError(.malformedPacket, "a QoS \(publish.qos.rawValue) PUBLISH needs a packet identifier")
            }
            try appendPacketID(id, to: &body)
        }
        body += publish.payload
        return (publish.duplicate ? 0x08 : 0) | publish.qos.rawValue << 1 | (publish.retain ? 0x01 : 0)
    }

    static func appendPacketID(_ id: UInt16, to body: inout [UInt8]) throws(MQTTError) {
        guard id != 0 else { throw MQTTError(.malformedPacket, "packet identifier 0 is not allowed (§2.3.1)") }
        body += [UInt8(id >> 8), UInt8(id & 0xFF)]
    }

    static func appendString(_ text: String, to body: inout [UInt8]) throws(MQTTError) {
        let bytes = Array(text.utf8)
        guard !bytes.contains(0) else { throw MQTTError(.invalidString, "an MQTT string must not hold U+0000") }
        try appendBinary(bytes, to: &body, field: "string")
    }

    static func appendBinary(_ bytes: [UInt8], to body: inout [UInt8], field: String) throws(MQTTError) {
        guard bytes.count <= 65_535 else {
            throw MQTTError(.invalidString, "the \(field) is \(bytes.count) bytes; MQTT allows 65 535")
        }
        body += [UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF)] + bytes
    }

    private static func appendTopic(_ topic: String, to body: inout [UInt8]) throws(MQTTError) {
        try MQTTTopic.validateName(topic)
        try appendString(topic, to: &body)
    }

    private static func appendFilter(_ filter: String, to body: inout [UInt8]) throws(MQTTError) {
        try MQTTTopic.validateFilter(filter)
        try appendString(filter, to: &body)
    }
}

/// Rules for topic names and filters (3.1.1 §4.7).
public enum MQTTTopic {
    /// Checks a topic name: non-empty, no wildcards, no U+0000.
    /// - Parameter topic: the name.
    /// - Throws: `MQTTError` with kind `.malformedPacket` or `.invalidString`.
    public static func validateName(_ topic: String) throws(MQTTError) {
        guard !topic.isEmpty else { throw MQTTError(.malformedPacket, "a topic name must not be empty (§4.7.3)") }
        guard !topic.contains("+"), !topic.contains("#") else {
            throw MQTTError(.malformedPacket, "topic name '\(topic)' holds a wildcard (§4.7.1)")
        }
        guard !topic.utf8.contains(0) else { throw MQTTError(.invalidString, "a topic must not hold U+0000") }
    }

    /// Checks a topic filter: non-empty; `#` only alone as the last level; `+` only alone in a level.
    /// - Parameter filter: the filter.
    /// - Throws: `MQTTError` with kind `.malformedPacket` or `.invalidString`.
    public static func validateFilter(_ filter: String) throws(MQTTError) {
        guard !filter.isEmpty else { throw MQTTError(.malformedPacket, "a topic filter must not be empty (§4.7.3)") }
        let levels = filter.split(separator: "/", omittingEmptySubsequences: false)
        for (index, level) in levels.enumerated() {
            if level.contains("#"), level != "#" || index != levels.count - 1 {
                throw MQTTError(.malformedPacket, "filter '\(filter)': '#' must be the whole last level (§4.7.1.2)")
            }
            if level.contains("+"), level != "+" {
                throw MQTTError(.malformedPacket, "filter '\(filter)': '+' must fill a whole level (§4.7.1.3)")
            }
        }
        guard !filter.utf8.contains(0) else { throw MQTTError(.invalidString, "a topic must not hold U+0000") }
    }
}
