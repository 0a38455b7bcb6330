// SensorGate — ModemSim: sockets of the simulated modem carried to real TCP/UDP endpoints.

import Modem

#if canImport(Glibc)
    import Glibc
#endif

/// Carries the simulated modem's sockets to real endpoints through the operating system's sockets
/// (BSD sockets from the C library: not one of our C shims, so the layering rule is kept).
///
/// IPv4 only. With ``upstreamHost`` set, every connection goes there whatever host the gateway asked
/// for (the gateway may name `broker.example.com`; the simulation's broker listens on 127.0.0.1).
public final class LoopbackTransport: NetworkTransport {
    /// The address every connection goes to, or nil to use the requested host (IPv4 literals and
    /// `localhost` only).
    public var upstreamHost: String?
    private var descriptors: [Int: (fd: Int32, proto: SocketProtocol)] = [:]
    private var nextConnection = 1
    private var buffer = [UInt8](repeating: 0, count: 65_536)

    /// Creates a transport.
    /// - Parameter upstreamHost: where every connection goes. Default: the requested host.
    public init(upstreamHost: String? = nil) { self.upstreamHost = upstreamHost }

    deinit { for entry in descriptors.values { _ = Glibc.close(entry.fd) } }

    /// Connects (a TCP handshake on the loopback is immediate) and makes the socket non-blocking.
    public func connect(_ proto: SocketProtocol, host: String, port: Int) -> Result<Int, TransportFailure> {
        let target = upstreamHost ?? (host == "localhost" ? "127.0.0.1" : host)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        guard (0...65_535).contains(port), inet_pton(AF_INET, target, &address.sin_addr) == 1 else {
            return .failure(.unresolved)
        }
        let kind = proto == .tcp ? Int32(SOCK_STREAM.rawValue) : Int32(SOCK_DGRAM.rawValue)
        let fd = socket(AF_INET, kind | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(.refused) }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            _ = Glibc.close(fd)
            return .failure(.refused)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        defer { nextConnection += 1 }
        descriptors[nextConnection] = (fd, proto)
        return .success(nextConnection)
    }

    /// Sends all bytes (waiting briefly while the kernel's buffer is full).
    public func send(_ bytes: [UInt8], on connection: Int) {
        guard let fd = descriptors[connection]?.fd else { return }
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress.map { $0 + offset }, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
            } else if sent < 0 && errno == EAGAIN {
                var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = Glibc.poll(&entry, 1, 100)
            } else {
                return
            }
        }
    }

    /// Closes the connection.
    public func close(_ connection: Int) {
        guard let entry = descriptors.removeValue(forKey: connection) else { return }
        _ = Glibc.close(entry.fd)
    }

    /// Reads what has arrived on every connection; end of stream or an error closes it.
    public func poll() -> [TransportEvent] {
        var events: [TransportEvent] = []
        for (connection, entry) in descriptors.sorted(by: { $0.key < $1.key }) {
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.recv(entry.fd, $0.baseAddress, $0.count, 0) }
                if count > 0 {
                    events.append(.data(connection: connection, bytes: Array(buffer[0..<count])))
                    continue
                }
                if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { break }
                if count == 0 && entry.proto == .udp { break }
                close(connection)
                events.append(.closed(connection: connection))
                break
            }
        }
        return events
    }

    /// Waits with poll(2) until a connection has something to read, or `timeout` passes.
    public func waitForActivity(timeout: Duration) {
        var entries = descriptors.values.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        let milliseconds = Int32(
            clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        _ = Glibc.poll(&entries, nfds_t(entries.count), max(0, milliseconds))
    }
}
