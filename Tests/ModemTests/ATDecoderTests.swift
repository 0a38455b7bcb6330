// SensorGate — tests of the AT byte-stream framing.

import Modem
import Testing

@Suite struct ATDecoderTests {
    @Test func v1LinesBareTerminatorsAndMissingLeadingCRLFGiveTheSameLines() {
        let expected: [ATEvent] = [.line("+CSQ: 23,99"), .line("OK")]
        #expect(verifyDecoder(bytes("\r\n+CSQ: 23,99\r\n\r\nOK\r\n")) == expected)
        #expect(verifyDecoder(bytes("+CSQ: 23,99\r\nOK\r\n")) == expected)
        #expect(verifyDecoder(bytes("+CSQ: 23,99\nOK\n")) == expected)
        #expect(verifyDecoder(bytes("+CSQ: 23,99\rOK\r")) == expected)
        #expect(verifyDecoder(bytes("\n\r\r\n+CSQ: 23,99\n\nOK\r\n")) == expected)
    }

    @Test func anUnterminatedLineIsNotEmitted() {
        #expect(verifyDecoder(bytes("\r\nOK\r\n+CSQ: 2")) == [.line("OK")])
    }

    @Test func aPromptIsRecognisedOnlyWhenExpected() {
        #expect(verifyDecoder(bytes("\r\n> not a prompt\r\n")) == [.line("> not a prompt")])
        var decoder = ATDecoder()
        decoder.expectPrompt(true)
        #expect(verifyDecoder(bytes("\r\n> "), decoder: decoder) == [.prompt])
        #expect(verifyDecoder(bytes("\r\n>"), decoder: decoder) == [.prompt])
        #expect(verifyDecoder(bytes("\r\n> \r\nSEND OK\r\n"), decoder: decoder) == [.prompt, .line("SEND OK")])
        #expect(verifyDecoder(bytes("\r\n> \r\n>\r\n"), decoder: decoder) == [.prompt, .line(">")])
    }

    @Test func theEchoOfTheSentCommandIsRecognisedOnce() {
        var decoder = ATDecoder()
        decoder.expectEcho(of: "AT+CSQ")
        let events = verifyDecoder(bytes("AT+CSQ\r\r\n+CSQ: 23,99\r\n\r\nOK\r\nAT+CSQ\r\n"), decoder: decoder)
        #expect(events == [.echo("AT+CSQ"), .line("+CSQ: 23,99"), .line("OK"), .line("AT+CSQ")])
    }

    @Test func payloadBytesAreCountedNotParsedAndTheLineFeedOfTheAnnouncingLineIsSkipped() {
        let data = bytes("\r\nOK\r\n> \n")
        for terminator in ["\r\n", "\r", "\n"] {
            var decoder = ATDecoder()
            decoder.expectPrompt(true)
            decoder.append(bytes("+QIRD: \(data.count)\(terminator)") + data + bytes("\r\nOK\r\n"))
            #expect(decoder.next() == .line("+QIRD: \(data.count)"))
            decoder.expectPayload(byteCount: data.count)
            var rest: [ATEvent] = []
            while let event = decoder.next() { rest.append(event) }
            #expect(rest == [.payload(data), .line("OK")], "terminator \(Array(terminator.utf8))")
        }
    }

    @Test func longPayloadsComeInBoundedPieces() {
        var decoder = ATDecoder(maxPayloadBytes: 4)
        decoder.expectPayload(byteCount: 10)
        let events = verifyDecoder(Array(0..<10) + bytes("OK\r\n"), decoder: decoder)
        #expect(events == [.payload([0, 1, 2, 3]), .payload([4, 5, 6, 7]), .payload([8, 9]), .line("OK")])
    }

    @Test func anOverlongLineIsReportedOnceAndDiscarded() {
        let decoder = ATDecoder(maxLineBytes: 16)
        let events = verifyDecoder(bytes(String(repeating: "A", count: 100) + "\r\nOK\r\n"), decoder: decoder)
        #expect(events == [.overlongLine(prefix: Array(repeating: 0x41, count: 16)), .line("OK")])
        let exact = verifyDecoder(bytes(String(repeating: "B", count: 16) + "\r\n"), decoder: decoder)
        #expect(exact == [.line(String(repeating: "B", count: 16))])
    }

    @Test func nonTextBytesBecomeGarbageAndPowerUpNoiseBeforeALineIsDropped() {
        let stream: [UInt8] = [0xC3, 0x28, 0x0D, 0x0A, 0x01, 0x41, 0x0A] + [0x00, 0xFF, 0x00] + bytes("RDY\r\n")
        #expect(verifyDecoder(stream) == [.garbage([0xC3, 0x28]), .garbage([0x01, 0x41]), .line("RDY")])
        #expect(verifyDecoder([0x00, 0xFF, 0x0A]) == [.garbage([0x00, 0xFF])])
        #expect(verifyDecoder(bytes("Telefónica\r\n")) == [.line("Telefónica")])
    }

    @Test func fieldsSplitOnCommasOutsideQuotes() {
        #expect(ATText.fields(of: "+CEREG: 2,1", after: "+CEREG:") == ["2", "1"])
        #expect(ATText.fields(of: "+CEREG: 1", after: "+CEREG:") == ["1"])
        #expect(ATText.fields(of: "+CEREG:", after: "+CEREG:") == [])
        #expect(ATText.fields(of: "+COPS: 0,0,\"A, B\",7", after: "+COPS:") == ["0", "0", "A, B", "7"])
        #expect(ATText.fields(of: "+CSQ: 1,2", after: "+CEREG:") == [])
    }

    @Test func theVerifierChunkingsCoverTheStream() {
        let stream = bytes("\r\n+CSQ: 23,99\r\n\r\nOK\r\n")
        for chunking in Chunking.all {
            #expect(Array(chunking.split(stream, salt: 7).joined()) == stream, "\(chunking)")
        }
        #expect(Chunking.byteByByte.split(stream, salt: 0).count == stream.count)
        #expect(Chunking.random(seed: 1).split(stream, salt: 0).count > 1)
    }
}
