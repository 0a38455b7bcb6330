// SensorGate — Uplink/CoAP: a POSIX UDP socket for CoAP over plain IP (gateways with Ethernet, the collector).

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// An IPv4 UDP endpoint address.
public struct UDPAddress: Sendable, Hashable, CustomStringConvertible {
    /// The IPv4 address in host byte order.
    public let host: UInt32
    /// The port.
    public let port: UInt16

    /// An address from its parts.
    public init(host: UInt32, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` where HOST is a dotted IPv4 address or a name that resolves to one.
    /// - Throws: ``CoAPError/Kind/invalidInput`` naming the text.
    public init(parsing text: String) throws(CoAPError) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            throw CoAPError(.invalidInput, "\"\(text)\" is not HOST:PORT (for example 127.0.0.1:5683)")
        }
        let name = String(text[..<colon])
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &result) == 0, let first = result, let address = first.pointee.ai_addr
        else {
            throw CoAPError(.invalidInput, "\"\(name)\" does not resolve to an IPv4 address")
        }
        defer { freeaddrinfo(result) }
        let host = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
            UInt32(bigEndian: $0.pointee.sin_addr.s_addr)
        }
        self.init(host: host, port: port)
    }

    /// `a.b.c.d:port`.
    public var description: String {
        "\(host >> 24).\(host >> 16 & 0xFF).\(host >> 8 & 0xFF).\(host & 0xFF):\(port)"
    }

    fileprivate var sockaddr: sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = host.bigEndian
        return address
    }
}

/// A bound UDP socket: send datagrams to an address, wait for one with a timeout.
///
/// Not thread-safe; one owner at a time. Closed on deinit.
public final class UDPSocket {
    private let descriptor: Int32
    /// The address the socket is bound to (with the port the system chose for port 0).
    public let localAddress: UDPAddress
    /// Where ``receive(timeout:)`` lands a datagram: allocated once, so a receive neither allocates nor
    /// clears 64 KiB (the largest datagram) per call.
    private var receiveBuffer = [UInt8](repeating: 0, count: 65_535)
    /// The receive timeout last set on the socket, ms (0: none set yet, the system's default of none).
    private var receiveTimeoutMillis: Int64 = 0

    /// Opens a socket bound to `address` (port 0: any free port).
    /// - Throws: ``CoAPError/Kind/io`` with the errno text.
    public init(bindTo address: UDPAddress) throws(CoAPError) {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Self.failure("socket") }
        var bound = address.sockaddr
        let status = withUnsafePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            let error = Self.failure("bind \(address)")
            close(fd)
            throw error
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        descriptor = fd
        localAddress = UDPAddress(
            host: UInt32(bigEndian: actual.sin_addr.s_addr), port: UInt16(bigEndian: actual.sin_port))
    }

    deinit { close(descriptor) }

    /// Sends one datagram.
    /// - Throws: ``CoAPError/Kind/io``.
    public func send(_ bytes: [UInt8], to address: UDPAddress) throws(CoAPError) {
        var target = address.sockaddr
        let sent = bytes.withUnsafeBytes { buffer in
            withUnsafePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(
                        descriptor, buffer.baseAddress, buffer.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard sent == bytes.count else { throw Self.failure("sendto \(address)") }
    }

    /// Waits up to `timeout` (whole milliseconds; under one: only what has arrived) for one datagram
    /// (at most 65 535 bytes); nil when none came.
    ///
    /// The wait is the socket's receive timeout (`SO_RCVTIMEO`), set again only when `timeout` changes, so
    /// that a datagram costs one system call rather than a `poll` and a `recvfrom` (the loopback
    /// collector and its client exchange over a million blocks in a simulated day).
    /// - Throws: ``CoAPError/Kind/io``.
    public func receive(timeout: Duration) throws(CoAPError) -> (bytes: [UInt8], from: UDPAddress)? {
        let (seconds, attoseconds) = timeout.components
        let millis = max(0, min(Int64(Int32.max), seconds * 1000 + attoseconds / 1_000_000_000_000_000))
        if millis > 0, millis != receiveTimeoutMillis {
            var value = timeval(tv_sec: Int(millis / 1000), tv_usec: Int(millis % 1000) * 1000)
            guard setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size)) == 0
            else { throw Self.failure("setsockopt SO_RCVTIMEO") }
            receiveTimeoutMillis = millis
        }
        var source = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let descriptor = descriptor
        let flags = millis == 0 ? Int32(MSG_DONTWAIT) : 0
        let count = receiveBuffer.withUnsafeMutableBytes { raw in
            withUnsafeMutablePointer(to: &source) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(descriptor, raw.baseAddress, raw.count, flags, $0, &length)
                }
            }
        }
        if count < 0 {
            if errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { return nil }
            throw Self.failure("recvfrom")
        }
        let from = UDPAddress(host: UInt32(bigEndian: source.sin_addr.s_addr), port: UInt16(bigEndian: source.sin_port))
        return (Array(receiveBuffer[0..<count]), from)
    }

    private static func failure(_ call: String) -> CoAPError {
        CoAPError(.io, "\(call): \(String(cString: strerror(errno)))")
    }
}
