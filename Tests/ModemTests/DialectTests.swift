// SensorGate — tests: dialect facts, as the manuals spell them (literals, not the tables' constants).

import HAL
import Modem
import Testing

@Suite struct DialectTests {
    @Test func everyDialectIsNamedOnceAndFoundByName() {
        let names = ModemDialect.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names == ["bg95", "bg96", "bc66", "bc660k", "ec21", "eg915u", "sim7080g", "a7670", "sim7600"])
        #expect(ModemDialect.named("BG96")?.model == "Quectel BG96")
        #expect(ModemDialect.named("sim800") == nil)
    }

    @Test func socketCommandsAreSpelledAsInTheManuals() {
        let quectel = SocketCommands(dialect: .bg96)
        // BG96 TCP/IP Application Note §3.2.1 example.
        #expect(
            quectel.open(id: 0, proto: .tcp, host: "220.180.239.212", port: 8009).text
                == "AT+QIOPEN=1,0,\"TCP\",\"220.180.239.212\",8009,0,0")
        #expect(quectel.send(Array("test".utf8), on: 0).text == "AT+QISEND=0,4")
        #expect(quectel.read(from: 0, maxBytes: 1500).text == "AT+QIRD=0,1500")
        #expect(quectel.close(0).text == "AT+QICLOSE=0")
        let ca = SocketCommands(dialect: .sim7080g)
        #expect(
            ca.open(id: 0, proto: .udp, host: "10.0.0.1", port: 5683).text == "AT+CAOPEN=0,0,\"UDP\",\"10.0.0.1\",5683")
        #expect(ca.send([1, 2, 3], on: 0).text == "AT+CASEND=0,3")
        #expect(ca.read(from: 0, maxBytes: 1459).text == "AT+CARECV=0,1459")
        let cip = SocketCommands(dialect: .sim7600)
        #expect(
            cip.open(id: 1, proto: .tcp, host: "example.com", port: 1883).text
                == "AT+CIPOPEN=1,\"TCP\",\"example.com\",1883")
        #expect(cip.read(from: 1, maxBytes: 1500).text == "AT+CIPRXGET=2,1,1500")
        #expect(cip.close(1).text == "AT+CIPCLOSE=1")
    }

    @Test func socketURCsOfEveryStyle() {
        let quectel = SocketCommands(dialect: .bg95)
        #expect(quectel.event(of: "+QIURC: \"recv\",3") == .dataAvailable(id: 3))
        #expect(quectel.event(of: "+QIURC: \"recv\",3,120") == .dataAvailable(id: 3))  // BG95 adds the length
        #expect(quectel.event(of: "+QIURC: \"closed\",2") == .closedByPeer(id: 2))
        #expect(quectel.event(of: "+QIURC: \"pdpdeact\",1") == .contextLost)
        #expect(quectel.event(of: "+QIOPEN: 0,566") == .openResult(id: 0, error: 566))
        let ca = SocketCommands(dialect: .sim7080g)
        #expect(ca.event(of: "+CADATAIND: 0") == .dataAvailable(id: 0))
        #expect(ca.event(of: "+CASTATE: 0,0") == .closedByPeer(id: 0))
        #expect(ca.event(of: "+APP PDP: 0,DEACTIVE") == .contextLost)
        let cip = SocketCommands(dialect: .a7670)
        #expect(cip.event(of: "+CIPRXGET: 1,0") == .dataAvailable(id: 0))
        #expect(cip.event(of: "+IPCLOSE: 0,1") == .closedByPeer(id: 0))
        #expect(cip.event(of: "+CIPEVENT: NETWORK CLOSED UNEXPECTEDLY") == .contextLost)
        #expect(cip.event(of: "+CIPSEND: 0,5,5") == .sendConfirmed(id: 0, requested: 5, confirmed: 5))
    }

    @Test func sendOutcomesOfEachStyle() {
        let quectel = SocketCommands(dialect: .ec21)
        let fail = ATReply(status: .final(.dialect("SEND FAIL", isSuccess: false)), payloadWritten: true)
        #expect(quectel.sendOutcome(fail, promptSeen: true) == .bufferFull)
        #expect(quectel.sendOutcome(ATReply(status: .timeout(.response)), promptSeen: false) == .noPrompt)
        #expect(quectel.sendOutcome(ATReply(status: .final(.error)), promptSeen: false) == .notConnected)
        let cip = SocketCommands(dialect: .sim7600)
        #expect(
            cip.sendOutcome(ATReply(status: .final(.ok), deferredLine: "+CIPSEND: 0,5,5"), promptSeen: true) == .sent)
        #expect(
            cip.sendOutcome(ATReply(status: .final(.ok), deferredLine: "+CIPSEND: 0,5,0"), promptSeen: true)
                == .bufferFull)
        #expect(
            cip.sendOutcome(ATReply(status: .final(.ok), deferredLine: "+CIPSEND: 0,5,-1"), promptSeen: true)
                == .notConnected)
        // Fewer bytes confirmed than asked: the first ones went out, the rest must follow (not all again).
        #expect(
            cip.sendOutcome(ATReply(status: .final(.ok), deferredLine: "+CIPSEND: 0,5,3"), promptSeen: true)
                == .partial(3))
        // The payload went out and no answer came: ambiguous, never sent again.
        #expect(quectel.sendOutcome(ATReply(status: .timeout(.response)), promptSeen: true) == .timeout)
    }

    @Test func registrationReportsInBothForms() {
        #expect(
            RegistrationReport.parse("+CEREG: 5", isResponse: false) == RegistrationReport(kind: .eps, status: .roaming)
        )
        #expect(
            RegistrationReport.parse("+CEREG: 1,1", isResponse: true) == RegistrationReport(kind: .eps, status: .home))
        #expect(RegistrationReport.parse("+CGREG: 2,3,\"1A2B\",\"01A2B3C4\",7", isResponse: true)?.status == .denied)
        #expect(RegistrationReport.parse("+CREG: 0", isResponse: false)?.kind == .cs)
        #expect(RegistrationReport.parse("+CSQ: 1,2", isResponse: true) == nil)
        // EPS-only modules: the driver follows CEREG alone.
        #expect(ModemDialect.bc66.registrations == [.eps] && ModemDialect.bc660k.registrations == [.eps])
        #expect(ModemDialect.bc66.registrationReports.map(\.text) == ["AT+CEREG=1"])
    }

    @Test func signalReportsInDBm() {
        #expect(SignalQuality.csq("+CSQ: 0,99") == SignalQuality(rssiDBm: -113))
        #expect(SignalQuality.csq("+CSQ: 31,0") == SignalQuality(rssiDBm: -51))
        #expect(SignalQuality.csq("+CSQ: 99,99") == SignalQuality())
        #expect(SignalQuality.cesq("+CESQ: 99,99,255,255,20,45") == SignalQuality(rsrpDBm: -96, rsrqDB: -10))
        #expect(
            SignalQuality.qcsq("+QCSQ: \"eMTC\",-65,-96,135,-10")
                == SignalQuality(rssiDBm: -65, rsrpDBm: -96, rsrqDB: -10))
        #expect(SignalQuality.qcsq("+QCSQ: \"NOSERVICE\"") == SignalQuality())
    }

    @Test func aSignalReadingIsSummarisedWithTheFiguresKnown() {
        #expect(
            SignalQuality(rssiDBm: -73, rsrpDBm: -96, rsrqDB: -10).summary
                == "RSSI -73 dBm, RSRP -96 dBm, RSRQ -10.0 dB")
        #expect(SignalQuality(rsrpDBm: -130, rsrqDB: -16.5).summary == "RSRP -130 dBm, RSRQ -16.5 dB")
        #expect(SignalQuality(rsrqDB: -0.5).summary == "RSRQ -0.5 dB")
        #expect(SignalQuality(rsrqDB: 2).summary == "RSRQ 2.0 dB")
        #expect(SignalQuality().summary.isEmpty)
    }

    @Test func errorCodesInBothFormsCompareEqual() {
        #expect(CMEErrorTable.code(of: .numeric(10)) == 10)
        #expect(CMEErrorTable.code(of: .verbose("SIM not inserted")) == 10)
        #expect(CMEErrorTable.code(of: .verbose("sim NOT inserted")) == 10)
        #expect(CMEErrorTable.text(for: 566) == "Socket connect failed")
        #expect(CMEErrorTable.text(for: 570) == "PDP context broken down")
        #expect(QuectelSocketError.entries.map(\.code) == Array(550...574))
    }

    @Test func powerPulsesOfTheHardwareGuides() {
        #expect(ModemDialect.bg96.power.powerOnPulse == .milliseconds(500))
        #expect(ModemDialect.bg96.power.powerOffPulse == .milliseconds(650))
        #expect(ModemDialect.bg95.power.resetPulse == .milliseconds(2500))  // RESET_N 2–3.8 s
        #expect(ModemDialect.sim7080g.power.powerOnPulse == .seconds(1))
        #expect(ModemDialect.sim7080g.power.resetPulse == nil)
        for dialect in ModemDialect.all {
            #expect(dialect.power.powerOffPulse > dialect.power.powerOnPulse, "\(dialect.name)")
        }
    }
}

@Suite struct InlinePayloadTests {
    /// SIMCom `+CARECV: <len>,<data>`: the data follows the comma on the same line and may hold CR LF.
    @Test func dataAfterTheCommaIsCountedWhateverItHolds() {
        let data = Array("a\r\nOK\r\n,z".utf8)
        let command = SocketCommands(dialect: .sim7080g).read(from: 0, maxBytes: 1459)
        let stream = Array("\r\n+CARECV: \(data.count),".utf8) + data + Array("\r\n\r\nOK\r\n".utf8)
        for chunk in [1, 3, stream.count] {
            var engine = ATEngine(configuration: ModemDialect.sim7080g.engineConfiguration)
            let id = engine.send(command, now: .zero)
            var index = 0
            while index < stream.count {
                engine.receive(stream[index..<min(stream.count, index + chunk)], now: .zero)
                index += chunk
            }
            #expect(
                engine.takeEvents() == [
                    .completed(id, ATReply(status: .final(.ok), lines: ["+CARECV: \(data.count)"], payload: data))
                ])
        }
    }

    @Test func anEmptyReadHasNoComma() {
        var engine = ATEngine(configuration: ModemDialect.sim7080g.engineConfiguration)
        let id = engine.send(SocketCommands(dialect: .sim7080g).read(from: 0, maxBytes: 10), now: .zero)
        engine.receive(Array("\r\n+CARECV: 0\r\n\r\nOK\r\n".utf8), now: .zero)
        #expect(engine.takeEvents() == [.completed(id, ATReply(status: .final(.ok), lines: ["+CARECV: 0"]))])
    }
}
