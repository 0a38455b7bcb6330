// SensorGate — Uplink tests: the UDP socket's receive with and without a wait, on loopback.

import Testing
import Uplink

@Suite struct UDPSocketTests {
    private let loopback = UDPAddress(host: 0x7F00_0001, port: 0)

    @Test func aZeroTimeoutTakesOnlyWhatHasArrived() throws {
        let socket = try UDPSocket(bindTo: loopback)
        let peer = try UDPSocket(bindTo: loopback)
        // Nothing sent: the receive returns at once instead of blocking (a receive timeout of 0 would be
        // "wait forever" to the kernel).
        #expect(try socket.receive(timeout: .zero) == nil)
        try peer.send([1, 2, 3], to: socket.localAddress)
        // Loopback delivers before sendto returns, so the datagram is there for a non-blocking read.
        let received = try socket.receive(timeout: .zero)
        #expect(received?.bytes == [1, 2, 3])
        #expect(received?.from == peer.localAddress)
        #expect(try socket.receive(timeout: .zero) == nil)
    }

    @Test func aWaitEndsWithNothingWhenNothingComes() throws {
        let socket = try UDPSocket(bindTo: loopback)
        #expect(try socket.receive(timeout: .milliseconds(5)) == nil)
        // A shorter and then a longer wait each apply their own timeout; both end.
        #expect(try socket.receive(timeout: .milliseconds(1)) == nil)
        #expect(try socket.receive(timeout: .milliseconds(20)) == nil)
    }

    @Test func datagramsArriveInOrderAcrossChangingWaits() throws {
        let socket = try UDPSocket(bindTo: loopback)
        let peer = try UDPSocket(bindTo: loopback)
        for n in 0..<5 { try peer.send([UInt8(n), 0xAA], to: socket.localAddress) }
        var received: [[UInt8]] = []
        for wait in [Duration.milliseconds(10), .zero, .seconds(2), .milliseconds(3), .seconds(1)] {
            if let (bytes, _) = try socket.receive(timeout: wait) { received.append(bytes) }
        }
        #expect(received == (0..<5).map { [UInt8($0), 0xAA] })
        // The largest datagram a receive takes whole.
        let large = (0..<65_507).map { UInt8(truncatingIfNeeded: $0) }
        try peer.send(large, to: socket.localAddress)
        #expect(try socket.receive(timeout: .seconds(1))?.bytes == large)
    }
}
