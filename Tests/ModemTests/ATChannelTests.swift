// SensorGate — tests of the AT engine over an in-memory serial link with a virtual clock.

import HAL
import HALSim
import Modem
import Testing

@Suite struct ATChannelTests {
    /// The modem end, the channel on the other end, and the clock.
    static func make(chunkLimit: Int = 3) -> (modem: SimSerialPort, channel: ATChannel, clock: VirtualClock) {
        let clock = VirtualClock()
        let link = SimSerialLink(chunkLimit: chunkLimit, clock: clock)
        let channel = ATChannel(port: link.a, clock: clock, engine: ATEngine(configuration: Fixtures.configuration))
        return (link.b, channel, clock)
    }

    static func drain(_ port: SimSerialPort) throws -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        var received: [UInt8] = []
        while case let count = try port.read(into: &buffer, timeout: .zero), count > 0 { received += buffer[0..<count] }
        return String(decoding: received, as: UTF8.self)
    }

    @Test func aCommandRunsOverAFragmentingLinkAndURCsCollectInTheBacklog() throws {
        let (modem, channel, clock) = Self.make()
        try modem.write(bytes("\r\n+CEREG: 5\r\n\r\n+CSQ: 23,99\r\n\r\nOK\r\n"))
        let reply = try channel.execute(Fixtures.csq)
        #expect(reply == Fixtures.ok(lines: ["+CSQ: 23,99"]))
        #expect(try Self.drain(modem) == "AT+CSQ\r")
        #expect(
            channel.takeBacklog() == [.unsolicited(ATUnsolicited(consumer: Fixtures.registration, line: "+CEREG: 5"))])
        #expect(clock.now() == .zero)
    }

    @Test func aSilentModemTimesOutOnVirtualTime() throws {
        let (_, channel, clock) = Self.make()
        let reply = try channel.execute(Fixtures.csq)
        #expect(reply.status == .timeout(.response))
        #expect(clock.now() == MonotonicInstant.zero + .milliseconds(300))
    }

    @Test func thePromptedPayloadReachesTheModem() throws {
        let (modem, channel, _) = Self.make(chunkLimit: 1)
        try modem.write(bytes("\r\n> \r\nSEND OK\r\n"))
        let reply = try channel.execute(Fixtures.qisend(bytes("PING")))
        #expect(reply.status == .final(.dialect("SEND OK", isSuccess: true)))
        #expect(try Self.drain(modem) == "AT+QISEND=0,4\rPING")
    }

    @Test func listeningCollectsURCsUntilTheTimeIsUp() throws {
        let (modem, channel, clock) = Self.make()
        try modem.write(bytes("\r\nRDY\r\n\r\n+CPIN: READY\r\n"))
        try channel.listen(for: .seconds(1))
        #expect(
            channel.takeBacklog() == [
                .unsolicited(ATUnsolicited(consumer: Fixtures.power, line: "RDY")), .unhandled("+CPIN: READY"),
            ])
        #expect(clock.now() == MonotonicInstant.zero + .seconds(1))
    }
}
