// SensorGate — Uplink: a broker's address as written on a command line or in a board file.

/// `mqtt://HOST:PORT` (plain TCP, default port 1883) or `mqtts://HOST:PORT` (TLS, default port 8883).
public struct MQTTBrokerURL: Sendable, Hashable, CustomStringConvertible {
    /// The host name or address.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// Whether the connection is wrapped in TLS (`mqtts://`).
    public var usesTLS: Bool

    /// Parses `mqtt://HOST[:PORT]` or `mqtts://HOST[:PORT]` (an IPv6 address in brackets).
    /// - Parameter text: the URL.
    /// - Throws: `MQTTError` with kind `.invalidArgument`, saying what is expected.
    public init(parsing text: String) throws(MQTTError) {
        let expected = "expected mqtt://HOST:PORT or mqtts://HOST:PORT"
        let rest: Substring
        if text.hasPrefix("mqtt://") {
            usesTLS = false
            rest = text.dropFirst("mqtt://".count)
        } else if text.hasPrefix("mqtts://") {
            usesTLS = true
            rest = text.dropFirst("mqtts://".count)
        } else {
            throw MQTTError(.invalidArgument, "'\(text)': \(expected)")
        }
        let authority = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        var hostPart = Substring(authority)
        var portPart: Substring?
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else {
                throw MQTTError(.invalidArgument, "'\(text)': \(expected)")
            }
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") {
                portPart = after.dropFirst()
            } else if !after.isEmpty {
                throw MQTTError(.invalidArgument, "'\(text)': \(expected)")
            }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            portPart = hostPart[hostPart.index(after: colon)...]
            hostPart = hostPart[..<colon]
        }
        guard !hostPart.isEmpty else { throw MQTTError(.invalidArgument, "'\(text)': no host; \(expected)") }
        host = String(hostPart)
        if let portPart {
            guard let value = Int(portPart), (1...65535).contains(value) else {
                throw MQTTError(.invalidArgument, "'\(text)': the port must be 1 to 65535")
            }
            port = value
        } else {
            port = usesTLS ? 8883 : 1883
        }
    }

    /// The URL's text.
    public var description: String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return "\(usesTLS ? "mqtts" : "mqtt")://\(shown):\(port)"
    }
}
