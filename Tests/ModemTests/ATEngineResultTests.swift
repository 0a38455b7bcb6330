// SensorGate — tests of the AT engine: responses, final results, echo, prompts, payloads, noise.

import HAL
import HALSim
import Modem
import Testing

@Suite struct ATEngineResultTests {
    @Test func aSimpleOkCompletesTheCommandAndWritesItWithCR() {
        let transcript = verify([.send(ATCommand("AT")), .feed(bytes("\r\nOK\r\n"))])
        #expect(transcript.writtenText == "AT\r")
        #expect(transcript.events == [.completed(Fixtures.id(1), Fixtures.ok())])
    }

    @Test func errorFinalsEndTheirCommandsAndTheQueueMovesOn() {
        let steps: [Step] = [
            .send(ATCommand("AT+CFUN=9")), .send(ATCommand("AT+CPIN?")), .send(ATCommand("AT+COPS?")),
            .send(ATCommand("AT+CMGS")),
            .feed(bytes("\r\nERROR\r\n\r\n+CME ERROR: 10\r\n\r\n+CME ERROR: SIM not inserted\r\n+CMS ERROR: 304\r\n")),
        ]
        let transcript = verify(steps)
        #expect(transcript.writtenText == "AT+CFUN=9\rAT+CPIN?\rAT+COPS?\rAT+CMGS\r")
        #expect(
            transcript.events == [
                .completed(Fixtures.id(1), ATReply(status: .final(.error))),
                .completed(Fixtures.id(2), ATReply(status: .final(.cmeError(.numeric(10))))),
                .completed(Fixtures.id(3), ATReply(status: .final(.cmeError(.verbose("SIM not inserted"))))),
                .completed(Fixtures.id(4), ATReply(status: .final(.cmsError(.numeric(304))))),
            ])
    }

    @Test func theEchoIsDroppedWhenEchoIsOn() {
        let stream = bytes("AT+CSQ\r\r\n+CSQ: 23,99\r\n\r\nOK\r\n")
        let on = verify([.send(Fixtures.csq), .feed(stream)], configuration: ATEngineConfiguration(echo: true))
        #expect(on.events == [.completed(Fixtures.id(1), Fixtures.ok(lines: ["+CSQ: 23,99"]))])
        let off = verify([.send(Fixtures.csq), .feed(stream)])
        #expect(off.others == [.unhandled("AT+CSQ")])
    }

    @Test func unprefixedResponsesBelongToCommandsThatAcceptThem() {
        let command = ATCommand("AT+CGSN", acceptsOtherLines: true)
        let transcript = verify(
            [.send(command), .feed(bytes("\r\n867962040000000\r\n\r\nRDY\r\n\r\nOK\r\n"))],
            configuration: Fixtures.configuration)
        #expect(
            transcript.events == [
                .unsolicited(ATUnsolicited(consumer: Fixtures.power, line: "RDY")),
                .completed(Fixtures.id(1), Fixtures.ok(lines: ["867962040000000"])),
            ])
    }

    @Test func modulesThatOmitTheLeadingCRLFOrUseBareTerminatorsAreUnderstood() {
        for stream in ["+CSQ: 23,99\r\nOK\r\n", "+CSQ: 23,99\nOK\n", "+CSQ: 23,99\rOK\r"] {
            let transcript = verify([.send(Fixtures.csq), .feed(bytes(stream))])
            #expect(transcript.events == [.completed(Fixtures.id(1), Fixtures.ok(lines: ["+CSQ: 23,99"]))])
        }
    }

    @Test func thePayloadIsWrittenAfterThePromptAndTheDialectFinalEndsTheSend() {
        let payload = bytes("HELLO\r\nOK\r\n")
        let transcript = verify([
            .send(Fixtures.qisend(payload)), .send(ATCommand("AT")),
            .feed(bytes("\r\n> ") + bytes("\r\nSEND OK\r\n\r\nOK\r\n")),
        ])
        #expect(transcript.written == bytes("AT+QISEND=0,11\r") + payload + bytes("AT\r"))
        #expect(
            transcript.events == [
                .completed(
                    Fixtures.id(1), ATReply(status: .final(.dialect("SEND OK", isSuccess: true)), payloadWritten: true)),
                .completed(Fixtures.id(2), Fixtures.ok()),
            ])
    }

    @Test func anErrorInsteadOfThePromptEndsTheSendWithoutWritingThePayload() {
        let transcript = verify([.send(Fixtures.qisend(bytes("HI"))), .feed(bytes("\r\nERROR\r\n\r\n> \r\n"))])
        #expect(transcript.writtenText == "AT+QISEND=0,2\r")
        #expect(transcript.events == [.completed(Fixtures.id(1), ATReply(status: .final(.error))), .unhandled("> ")])
    }

    @Test func aBinaryPayloadIsCountedNeverParsed() {
        let data = bytes("\r\nOK\r\n+QIURC: \"closed\",0\r\n") + [0x00, 0xFF, 0x3E, 0x20]
        let steps: [Step] = [
            .send(Fixtures.qird), .send(Fixtures.csq),
            .feed(bytes("\r\n+QIRD: \(data.count)\r\n") + data + bytes("\r\n\r\nOK\r\n\r\n+CSQ: 20,99\r\n\r\nOK\r\n")),
        ]
        let transcript = verify(steps, configuration: Fixtures.configuration)
        #expect(
            transcript.events == [
                .completed(Fixtures.id(1), Fixtures.ok(lines: ["+QIRD: \(data.count)"], payload: data)),
                .completed(Fixtures.id(2), Fixtures.ok(lines: ["+CSQ: 20,99"])),
            ])
    }

    @Test func aZeroLengthReadHasNoPayload() {
        let transcript = verify([.send(Fixtures.qird), .feed(bytes("\r\n+QIRD: 0\r\n\r\nOK\r\n"))])
        #expect(transcript.events == [.completed(Fixtures.id(1), Fixtures.ok(lines: ["+QIRD: 0"]))])
    }

    @Test func garbageBetweenResponsesDoesNotBreakFraming() {
        var random = SplitMix64(seed: 42)
        let noise = (0..<40).map { _ in UInt8.random(in: 0...0x1F, using: &random) }.filter { $0 != 0x0D && $0 != 0x0A }
        let steps: [Step] = [
            .send(ATCommand("AT")), .send(Fixtures.csq),
            .feed(
                bytes("\r\nOK\r\n") + [0x00, 0xFF, 0x80, 0xC3] + bytes("\r\n") + noise
                    + bytes("\r\n+CSQ: 5,99\r\nOK\r\n")),
        ]
        let transcript = verify(steps)
        #expect(
            transcript.events == [
                .completed(Fixtures.id(1), Fixtures.ok()), .noise(.garbage([0x00, 0xFF, 0x80, 0xC3])),
                .noise(.garbage(noise)), .completed(Fixtures.id(2), Fixtures.ok(lines: ["+CSQ: 5,99"])),
            ])
    }

    @Test func anOverlongLineIsBoundedAndTheNextLineStillParses() {
        let configuration = ATEngineConfiguration(maxLineBytes: 64)
        let transcript = verify(
            [.send(Fixtures.csq), .feed(bytes("\r\n+CSQ: " + String(repeating: "9", count: 5000) + "\r\nOK\r\n"))],
            configuration: configuration)
        #expect(
            transcript.events == [
                .noise(.overlongLine(prefix: bytes("+CSQ: " + String(repeating: "9", count: 26)))),
                .completed(Fixtures.id(1), Fixtures.ok()),
            ])
    }
}
