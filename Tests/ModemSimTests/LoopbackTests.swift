// SensorGate — tests: bytes through driver, simulated modem and a real TCP server on the loopback.

import Foundation
import HAL
import HALSim
import Modem
import ModemSim
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP echo server on 127.0.0.1 with a kernel-chosen port, serving one connection on its own thread.
final class LoopbackEchoServer: Sendable {
    let port: Int
    private let listener: Int32

    init() throws {
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listener = listener
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 1) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        try #require(bound, "cannot listen on 127.0.0.1")
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { break }
                _ = buffer.withUnsafeBytes { send(connection, $0.baseAddress, count, Int32(MSG_NOSIGNAL)) }
            }
            close(connection)
        }
    }

    deinit { close(listener) }
}

@Suite struct LoopbackTests {
    @Test(arguments: ["bg96", "sim7080g", "sim7600"])
    func bytesReachARealTCPServerAndComeBack(_ name: String) throws {
        let dialect = try #require(ModemDialect.named(name))
        let server = try LoopbackEchoServer()
        let clock = VirtualClock()
        let transport = LoopbackTransport(upstreamHost: "127.0.0.1")
        let modem = SimModem(dialect: dialect, profile: .cat1, transport: transport, seed: 5)
        let harness = SimModemHarness(modem: modem, clock: clock, chunkLimit: 16)
        let driver = ModemDriver(
            dialect: dialect, lines: harness.lines, clock: clock,
            openPort: { () throws(HALError) -> any SerialPort in try harness.openPort() })
        let id = try driver.openSocket(.tcp, host: "broker.example.net", port: server.port)
        let message = Array("over the loopback\r\nOK\r\n".utf8)
        try driver.send(message, on: id)
        var received: [UInt8] = []
        let wallClock = ContinuousClock.now
        while received.count < message.count && ContinuousClock.now - wallClock < .seconds(20) {
            try driver.idle(for: .milliseconds(200))
            received += try driver.receive(from: id)
        }
        #expect(received == message, "\(harness.transcript)")
        #expect(modem.meter.bytesUp == message.count && modem.meter.bytesDown == message.count)
        #expect(modem.meter.radioOnTime(at: clock.now()) > .zero)
        try driver.close(id)
    }

    @Test func aRefusedConnectionIsTheDialectsOpenError() throws {
        let clock = VirtualClock()
        let modem = SimModem(dialect: .bg96, profile: .cat1, transport: LoopbackTransport(), quirks: .none)
        let harness = SimModemHarness(modem: modem, clock: clock)
        let driver = ModemDriver(
            dialect: .bg96, lines: harness.lines, clock: clock,
            openPort: { () throws(HALError) -> any SerialPort in try harness.openPort() })
        // Port 1 on the loopback: nothing listens there.
        #expect { try driver.openSocket(.tcp, host: "127.0.0.1", port: 1) } throws: {
            ($0 as? ModemError)?.kind == .socketOpen(566)
        }
    }
}
