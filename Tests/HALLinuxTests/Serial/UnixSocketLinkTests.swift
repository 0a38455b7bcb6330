// SensorGate — HALLinux tests: a Unix stream socket as a serial link (the host end of a VM's UART).

import Glibc
import HAL
import HALLinux
import Testing

/// A listening Unix stream socket at a fresh path, removed when done.
private final class Listener {
    let path: String
    let fd: Int32

    init(_ name: String) throws {
        path = "/tmp/sg-link-\(getpid())-\(name).sock"
        unlink(path)
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = path
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let fd = fd
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0 && listen(fd, 1) == 0
            }
        }
        try #require(bound, "cannot listen on \(path)")
    }

    deinit {
        close(fd)
        unlink(path)
    }
}

@Suite struct UnixSocketLinkTests {
    @Test func bytesCrossBothWaysUnchanged() throws {
        let listener = try Listener("bytes")
        let link = try UnixSocketLink.connect(path: listener.path)
        let peer = accept(listener.fd, nil, nil)
        try #require(peer >= 0)
        defer { close(peer) }
        let outbound: [UInt8] = [0x00, 0x11, 0x13, 0xFF, 0x0D, 0x0A] + Array("AT\r".utf8)
        try link.write(outbound)
        var received = [UInt8](repeating: 0, count: 64)
        let count = received.withUnsafeMutableBytes { recv(peer, $0.baseAddress, $0.count, 0) }
        #expect(Array(received[0..<max(0, count)]) == outbound)
        let inbound = Array("\r\nOK\r\n".utf8) + [0xFF, 0x00]
        _ = inbound.withUnsafeBytes { send(peer, $0.baseAddress, $0.count, 0) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let got = try link.read(into: &buffer, timeout: .seconds(5))
        #expect(Array(buffer[0..<got]) == inbound)
        #expect(try link.read(into: &buffer, timeout: .zero) == 0)
    }

    @Test func theLinkHasNoModemControlLinesAndSaysSo() throws {
        let listener = try Listener("lines")
        let link = try UnixSocketLink.connect(path: listener.path)
        #expect { try link.modemControlLines() } throws: { ($0 as? HALError)?.kind == .unsupported }
        #expect { try link.setModemControlLines(.dtr, asserted: true) } throws: {
            ($0 as? HALError)?.kind == .unsupported
        }
    }

    @Test func aClosedPeerIsADisconnection() throws {
        let listener = try Listener("closed")
        let link = try UnixSocketLink.connect(path: listener.path)
        close(accept(listener.fd, nil, nil))
        var buffer = [UInt8](repeating: 0, count: 8)
        #expect { try link.read(into: &buffer, timeout: .seconds(5)) } throws: {
            ($0 as? HALError)?.kind == .disconnected
        }
    }

    @Test func aMissingOrOverlongPathIsOneClearError() {
        #expect { try UnixSocketLink.connect(path: "/nonexistent/modem.sock") } throws: { error in
            guard let error = error as? HALError else { return false }
            return error.kind == .notFound && error.device == "/nonexistent/modem.sock"
        }
        let long = "/tmp/" + String(repeating: "x", count: 200)
        #expect { try UnixSocketLink.connect(path: long) } throws: { ($0 as? HALError)?.kind == .invalidArgument }
    }
}
