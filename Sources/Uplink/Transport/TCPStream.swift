// SensorGate — Uplink: a TCP connection through the host's sockets (a gateway with Ethernet or Wi-Fi).

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP connection of the host's network stack: resolved with getaddrinfo(3), connected with a timeout,
/// Nagle's algorithm off (TCP_NODELAY: MQTT's small packets go out at once).
///
/// BSD sockets from the C library, not one of our C shims (docs/architecture.md, departure 8).
public final class TCPStream: ByteStream {
    /// The peer, as `host:port`, for messages.
    public let peer: String
    private var descriptor: Int32

    /// Connects to `host`:`port`.
    /// - Parameters:
    ///   - host: a name or an IPv4/IPv6 literal.
    ///   - port: the port.
    ///   - timeout: the longest wait for the connection. Default: 10 s.
    /// - Throws: `MQTTError` with kind `.transport` (unresolved, refused) or `.timeout`.
    public init(host: String, port: Int, timeout: Duration = .seconds(10)) throws(MQTTError) {
        peer = "\(host):\(port)"
        descriptor = try Self.connect(host: host, port: port, timeout: timeout, peer: peer)
    }

    deinit { close() }

    private static func connect(host: String, port: Int, timeout: Duration, peer: String) throws(MQTTError) -> Int32 {
        guard (1...65_535).contains(port) else { throw MQTTError(.invalidArgument, "TCP port \(port) is out of range") }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw MQTTError(.transport, "\(peer): cannot resolve the host (\(String(cString: gai_strerror(status))))")
        }
        defer { freeaddrinfo(list) }
        var failure = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else {
                failure = String(cString: strerror(errno))
                continue
            }
            let outcome = connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen, timeout: timeout)
            if let outcome {
                failure = outcome
                _ = Glibc.close(fd)
                continue
            }
            var one: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            return fd
        }
        if failure == "timed out" {
            throw MQTTError(.timeout, "\(peer): no TCP connection within \(timeout); check the network and the broker")
        }
        throw MQTTError(.transport, "\(peer): TCP connect failed (\(failure)); is the broker running?")
    }

    /// A non-blocking connect awaited with poll(2); nil on success, otherwise the reason.
    private static func connect(
        _ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t, timeout: Duration
    ) -> String? {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(fd, F_SETFL, flags) }
        if Glibc.connect(fd, address, length) == 0 { return nil }
        guard errno == EINPROGRESS else { return String(cString: strerror(errno)) }
        var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let ready = pollRetrying(&entry, milliseconds: milliseconds(timeout))
        guard ready > 0 else { return ready == 0 ? "timed out" : String(cString: strerror(errno)) }
        var error: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size)
        return error == 0 ? nil : String(cString: strerror(error))
    }

    /// Writes all bytes; a peer that went away is `.closed`.
    public func write(_ bytes: [UInt8]) throws(MQTTError) {
        guard descriptor >= 0 else { throw MQTTError(.closed, "\(peer): the connection is closed") }
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress.map { $0 + offset }, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
            } else if sent < 0 && errno == EINTR {
                continue
            } else {
                let reason = String(cString: strerror(errno))
                let kind: MQTTError.Kind = errno == EPIPE || errno == ECONNRESET ? .closed : .transport
                throw MQTTError(kind, "\(peer): send failed (\(reason))")
            }
        }
    }

    /// Waits up to `timeout` for data and reads it; the peer's FIN or a reset is `.closed`.
    public func read(maxBytes: Int, timeout: Duration) throws(MQTTError) -> [UInt8] {
        guard descriptor >= 0 else { throw MQTTError(.closed, "\(peer): the connection is closed") }
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = Self.pollRetrying(&entry, milliseconds: Self.milliseconds(timeout))
        if ready == 0 { return [] }
        guard ready > 0 else {
            throw MQTTError(.transport, "\(peer): poll failed (\(String(cString: strerror(errno))))")
        }
        var buffer = [UInt8](repeating: 0, count: max(1, maxBytes))
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 { return Array(buffer[0..<count]) }
            if count == 0 { throw MQTTError(.closed, "\(peer): the peer closed the connection") }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return [] }
            let kind: MQTTError.Kind = errno == ECONNRESET ? .closed : .transport
            throw MQTTError(kind, "\(peer): receive failed (\(String(cString: strerror(errno))))")
        }
    }

    /// Closes the socket.
    public func close() {
        guard descriptor >= 0 else { return }
        _ = Glibc.close(descriptor)
        descriptor = -1
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        return Int32(clamping: max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    }

    private static func pollRetrying(_ entry: inout pollfd, milliseconds: Int32) -> Int32 {
        while true {
            let ready = Glibc.poll(&entry, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            return ready
        }
    }
}
