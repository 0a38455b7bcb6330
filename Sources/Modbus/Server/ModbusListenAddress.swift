// SensorGate — Modbus: `HOST:PORT` as the board file and `--modbus-listen` write it.

/// A listening address: `127.0.0.1:1502`, `0.0.0.0:502`, `[::1]:1502`, `localhost:1502`.
public struct ModbusListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host, without brackets.
    public let host: String
    /// The port, 0 … 65535 (0: a free one).
    public let port: Int

    /// Parses `HOST:PORT`.
    /// - Parameter text: the address.
    /// - Returns: nil when there is no host or the port is not 0 … 65535.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }

    /// `HOST:PORT` (IPv6 in brackets).
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
