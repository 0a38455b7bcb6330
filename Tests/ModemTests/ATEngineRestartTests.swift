// SensorGate — tests of the AT engine: a module that restarts voids the commands it was answering.

import HAL
import Modem
import Testing

@Suite struct ATEngineRestartTests {
    /// Fixtures' registry, with `RDY` marked as the line a module prints when it has restarted.
    static let configuration = ATEngineConfiguration(
        routes: Fixtures.configuration.routes.filter { $0.consumer != Fixtures.power } + [
            ATURCRoute(.prefix("RDY"), to: Fixtures.power, restartsModule: true)
        ])
    static let rdy = ATEngineEvent.unsolicited(ATUnsolicited(consumer: Fixtures.power, line: "RDY"))

    /// A send waiting for its prompt when the module reboots ends at once, not after its timeout, and
    /// the next queued command goes out.
    @Test func aBootLineEndsTheCommandWaitingForItsPrompt() {
        let send = Fixtures.qisend(bytes("hello"))
        let transcript = verify(
            [.send(send), .send(Fixtures.csq), .feed(bytes("\r\nRDY\r\n")), .feed(bytes("\r\n+CSQ: 17,99\r\nOK\r\n"))],
            configuration: Self.configuration)
        #expect(
            transcript.events == [
                .completed(Fixtures.id(1), ATReply(status: .interrupted("RDY"))), Self.rdy,
                .completed(Fixtures.id(2), Fixtures.ok(lines: ["+CSQ: 17,99"])),
            ])
        #expect(transcript.writtenText == "AT+QISEND=0,5\rAT+CSQ\r")
    }

    /// An open whose `OK` came and whose asynchronous result is still awaited ends too.
    @Test func aBootLineEndsTheDeferredResultsAwaited() {
        let transcript = verify(
            [.send(Fixtures.qiopen), .feed(bytes("\r\nOK\r\n")), .advance(.seconds(3)), .feed(bytes("\r\nRDY\r\n"))],
            configuration: Self.configuration)
        #expect(
            transcript.events == [
                .completed(Fixtures.id(1), ATReply(status: .interrupted("RDY"))), Self.rdy,
            ])
    }

    /// A line not marked as a restart leaves the pending command waiting for its answer.
    @Test func anOrdinaryURCLeavesThePendingCommandWaiting() {
        let transcript = verify(
            [.send(Fixtures.csq), .feed(bytes("\r\nRDY\r\n\r\n+CSQ: 17,99\r\nOK\r\n"))],
            configuration: Fixtures.configuration)
        #expect(
            transcript.events == [
                .unsolicited(ATUnsolicited(consumer: Fixtures.power, line: "RDY")),
                .completed(Fixtures.id(1), Fixtures.ok(lines: ["+CSQ: 17,99"])),
            ])
    }
}
