// SensorGate — tests of the AT engine: URC routing, two-phase commands, timeouts.

import HAL
import Modem
import Testing

@Suite struct ATEngineRoutingTests {
    static let configuration = Fixtures.configuration
    static let qengLines = ["+QENG: \"servingcell\",\"NOCONN\"", "+QENG: \"LTE\",\"FDD\""]

    @Test func aURCInTheMiddleOfAResponseGoesToItsConsumer() {
        let command = ATCommand("AT+QENG=\"servingcell\"", responses: [.prefix("+QENG:")])
        let stream =
            "\r\n+QENG: \"servingcell\",\"NOCONN\"\r\n+QIURC: \"closed\",0\r\n+QENG: \"LTE\",\"FDD\"\r\n\r\nOK\r\n"
        let transcript = verify([.send(command), .feed(bytes(stream))], configuration: Self.configuration)
        #expect(
            transcript.events == [
                .unsolicited(ATUnsolicited(consumer: Fixtures.sockets, line: "+QIURC: \"closed\",0")),
                .completed(Fixtures.id(1), Fixtures.ok(lines: Self.qengLines)),
            ])
    }

    @Test func aURCGluedToTheFinalResultIsRouted() {
        let transcript = verify(
            [.send(Fixtures.csq), .feed(bytes("\r\n+CSQ: 23,99\r\n+CEREG: 5\r\nOK\r\n"))],
            configuration: Self.configuration)
        #expect(
            transcript.events == [
                .unsolicited(ATUnsolicited(consumer: Fixtures.registration, line: "+CEREG: 5")),
                .completed(Fixtures.id(1), Fixtures.ok(lines: ["+CSQ: 23,99"])),
            ])
    }

    @Test func aURCWithThePendingCommandsPrefixIsToldApartByItsShape() {
        let stream = "\r\n+CEREG: 1\r\n\r\n+CEREG: 2,1,\"1A2B\",\"01C3D4E5\",7\r\n+CEREG: 5\r\nOK\r\n"
        let transcript = verify([.send(Fixtures.ceregQuery), .feed(bytes(stream))], configuration: Self.configuration)
        #expect(
            transcript.events == [
                .unsolicited(ATUnsolicited(consumer: Fixtures.registration, line: "+CEREG: 1")),
                .unsolicited(ATUnsolicited(consumer: Fixtures.registration, line: "+CEREG: 5")),
                .completed(Fixtures.id(1), Fixtures.ok(lines: ["+CEREG: 2,1,\"1A2B\",\"01C3D4E5\",7"])),
            ])
    }

    @Test func withoutAPendingCommandEveryRegisteredLineIsAURCAndOthersAreUnhandled() {
        let transcript = verify(
            [.feed(bytes("\r\nRDY\r\n\r\n+CEREG: 2,1\r\n\r\nOK\r\n\r\n+CPIN: READY\r\n"))],
            configuration: Self.configuration)
        #expect(
            transcript.events == [
                .unsolicited(ATUnsolicited(consumer: Fixtures.power, line: "RDY")),
                .unsolicited(ATUnsolicited(consumer: Fixtures.registration, line: "+CEREG: 2,1")),
                .unhandled("OK"), .unhandled("+CPIN: READY"),
            ])
    }

    @Test func aURCAnnouncingDataCarriesItsCountedBytes() {
        let data = bytes("OK\r\n+CEREG: 1\r\n")
        let stream = bytes("\r\n+QIURC: \"recv\",0,\(data.count)\r\n") + data + bytes("\r\n+QIURC: \"recv\",0\r\n")
        let transcript = verify(
            [.send(Fixtures.csq), .feed(stream + bytes("\r\n+CSQ: 1,2\r\n\r\nOK\r\n"))],
            configuration: Self.configuration)
        #expect(
            transcript.events == [
                .unsolicited(
                    ATUnsolicited(consumer: Fixtures.sockets, line: "+QIURC: \"recv\",0,\(data.count)", payload: data)),
                .unsolicited(ATUnsolicited(consumer: Fixtures.sockets, line: "+QIURC: \"recv\",0")),
                .completed(Fixtures.id(1), Fixtures.ok(lines: ["+CSQ: 1,2"])),
            ])
    }

    @Test func aLateTwoPhaseResultCompletesTheEarlierCommandNotTheOneOnTheLine() {
        let steps: [Step] = [
            .send(Fixtures.qiopen), .send(Fixtures.csq), .feed(bytes("\r\nOK\r\n")), .advance(.milliseconds(200)),
            .feed(bytes("\r\n+CSQ: 23,99\r\n\r\n+QIOPEN: 1,0\r\n\r\n+QIOPEN: 0,0\r\n\r\nOK\r\n")),
        ]
        let transcript = verify(steps, configuration: Self.configuration)
        #expect(transcript.writtenText == Fixtures.qiopen.text + "\r" + "AT+CSQ\r")
        #expect(
            transcript.events == [
                .unsolicited(ATUnsolicited(consumer: Fixtures.sockets, line: "+QIOPEN: 1,0")),
                .completed(Fixtures.id(1), Fixtures.ok(deferredLine: "+QIOPEN: 0,0")),
                .completed(Fixtures.id(2), Fixtures.ok(lines: ["+CSQ: 23,99"])),
            ])
    }

    @Test func aTwoPhaseCommandWhoseFirstPhaseFailsEndsAtOnce() {
        let transcript = verify(
            [.send(Fixtures.qiopen), .feed(bytes("\r\n+CME ERROR: 563\r\n\r\n+QIOPEN: 0,0\r\n"))],
            configuration: Self.configuration)
        #expect(
            transcript.events == [
                .completed(Fixtures.id(1), ATReply(status: .final(.cmeError(.numeric(563))))),
                .unsolicited(ATUnsolicited(consumer: Fixtures.sockets, line: "+QIOPEN: 0,0")),
            ])
    }

    @Test func eachCommandTimesOutOnItsOwnDeadlineAndTheNextIsWrittenThen() {
        let slow = ATCommand("AT+COPS=?", timeout: .seconds(180))
        let steps: [Step] = [
            .send(Fixtures.csq), .send(slow), .advance(.milliseconds(299)), .feed(bytes("\r\n+CSQ: 23,99\r\n")),
            .advance(.milliseconds(1)), .advance(.seconds(179)), .feed(bytes("\r\nOK\r\n")),
        ]
        let transcript = verify(steps)
        #expect(transcript.writtenText == "AT+CSQ\rAT+COPS=?\r")
        #expect(
            transcript.events == [
                .completed(Fixtures.id(1), ATReply(status: .timeout(.response), lines: ["+CSQ: 23,99"])),
                .completed(Fixtures.id(2), Fixtures.ok()),
            ])
    }

    @Test func aDeferredResultTimesOutOnItsOwnLongerDeadline() {
        let steps: [Step] = [
            .send(Fixtures.qiopen), .feed(bytes("\r\nOK\r\n")), .advance(.seconds(149)), .send(ATCommand("AT")),
            .feed(bytes("\r\nOK\r\n")), .advance(.seconds(1)), .feed(bytes("\r\n+QIOPEN: 0,0\r\n")),
        ]
        let transcript = verify(steps, configuration: Self.configuration)
        #expect(
            transcript.events == [
                .completed(Fixtures.id(2), Fixtures.ok()),
                .completed(Fixtures.id(1), ATReply(status: .timeout(.deferred))),
                .unsolicited(ATUnsolicited(consumer: Fixtures.sockets, line: "+QIOPEN: 0,0")),
            ])
    }

    @Test func theNextDeadlineIsTheEarliestPendingOne() {
        var engine = ATEngine(configuration: Self.configuration)
        #expect(engine.nextDeadline == nil && engine.isIdle)
        engine.send(Fixtures.qiopen, now: .zero)
        #expect(engine.nextDeadline == MonotonicInstant.zero + .milliseconds(300))
        engine.receive(bytes("\r\nOK\r\n"), now: MonotonicInstant(nanoseconds: 10_000_000))
        #expect(engine.nextDeadline == MonotonicInstant(nanoseconds: 10_000_000) + .seconds(150))
        #expect(engine.isIdle && engine.deferredCount == 1)
    }
}
