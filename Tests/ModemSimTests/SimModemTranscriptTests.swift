// SensorGate — tests: the simulated modules answer byte for byte as the manuals show.

import HAL
import HALSim
import Modem
import ModemSim
import Testing

/// A simulated module switched on, echo off, registered, with its context up; time moves by hand.
final class Bench {
    let server = VirtualServer(ports: [8009])
    let modem: SimModem
    var now = MonotonicInstant.zero

    init(_ dialect: ModemDialect, profile: NetworkProfile = .cat1) {
        var quirks = ModemQuirks.none
        quirks.echoAfterBoot = true
        modem = SimModem(dialect: dialect, profile: profile, transport: server, quirks: quirks, seed: 3)
        modem.powerOn(at: now)
        wait(.seconds(30))
    }

    func wait(_ duration: Duration) {
        now = now + duration
        modem.advance(to: now)
    }

    /// Sends `text` and returns what the module printed within `within`.
    func exchange(_ text: String, within: Duration = .seconds(5)) -> String {
        _ = modem.takeOutput()
        modem.receive(Array(text.utf8), at: now)
        wait(within)
        return String(decoding: modem.takeOutput(), as: UTF8.self)
    }
}

@Suite struct SimModemTranscriptTests {
    @Test func quectelBufferAccessModeAsInTheBG96TCPIPApplicationNote() {
        let bench = Bench(.bg96)
        #expect(bench.exchange("ATE0\r") == "ATE0\r\r\nOK\r\n")  // echo on after boot, then off
        #expect(bench.exchange("AT+QICSGP=1,1,\"internet\",\"\",\"\",1\r") == "\r\nOK\r\n")
        #expect(bench.exchange("AT+QIACT=1\r") == "\r\nOK\r\n")
        #expect(bench.exchange("AT+QIACT?\r") == "\r\n+QIACT: 1,1,1,\"10.64.0.2\"\r\n\r\nOK\r\n")
        #expect(
            bench.exchange("AT+QIOPEN=1,0,\"TCP\",\"220.180.239.212\",8009,0,0\r") == "\r\nOK\r\n\r\n+QIOPEN: 0,0\r\n")
        #expect(bench.exchange("AT+QISEND=0,4\r", within: .milliseconds(1)) == "\r\n> ")
        #expect(bench.exchange("test") == "\r\nSEND OK\r\n\r\n+QIURC: \"recv\",0\r\n")
        #expect(bench.exchange("AT+QIRD=0,1500\r") == "\r\n+QIRD: 4\r\ntest\r\n\r\nOK\r\n")
        #expect(bench.exchange("AT+QIRD=0,1500\r") == "\r\n+QIRD: 0\r\n\r\nOK\r\n")
        #expect(bench.exchange("AT+QICLOSE=0\r") == "\r\nOK\r\n")
        #expect(bench.server.received.values.first == Array("test".utf8))
    }

    @Test func quectelSendFailWhenTheBufferIsFullAndPDPDeactivation() {
        let bench = Bench(.ec21)
        _ = bench.exchange("ATE0\r")
        _ = bench.exchange("AT+QIACT=1\r")
        _ = bench.exchange("AT+QIOPEN=1,1,\"TCP\",\"10.0.0.1\",8009,0,0\r")
        bench.modem.inject(.sendBufferFull(count: 1), at: bench.now)
        #expect(bench.exchange("AT+QISEND=1,2\r", within: .milliseconds(1)) == "\r\n> ")
        #expect(bench.exchange("hi") == "\r\nSEND FAIL\r\n")
        bench.modem.inject(.contextLoss, at: bench.now)
        #expect(String(decoding: bench.modem.takeOutput(), as: UTF8.self) == "\r\n+QIURC: \"pdpdeact\",1\r\n")
        #expect(bench.exchange("AT+QIOPEN=1,1,\"TCP\",\"10.0.0.1\",8009,0,0\r") == "\r\nOK\r\n\r\n+QIOPEN: 1,561\r\n")
    }

    @Test func epsOnlyModulesRefuseCREGAndReportCEREG() {
        let bench = Bench(.bc66)
        _ = bench.exchange("ATE0\r")
        #expect(bench.exchange("AT+CREG?\r") == "\r\nERROR\r\n")
        #expect(bench.exchange("AT+CEREG?\r") == "\r\n+CEREG: 0,1\r\n\r\nOK\r\n")
        #expect(bench.exchange("AT+CGACT?\r") == "\r\n+CGACT: 1,1\r\n\r\nOK\r\n")
    }

    @Test func simcomCAOpenSendReceive() {
        let bench = Bench(.sim7080g)
        _ = bench.exchange("ATE0\r")
        #expect(bench.exchange("AT+CNACT=0,1\r") == "\r\nOK\r\n\r\n+APP PDP: 0,ACTIVE\r\n")
        #expect(bench.exchange("AT+CAOPEN=0,0,\"TCP\",\"10.0.0.1\",8009\r") == "\r\n+CAOPEN: 0,0\r\n\r\nOK\r\n")
        #expect(bench.exchange("AT+CASEND=0,5\r", within: .milliseconds(1)) == "\r\n> ")
        #expect(bench.exchange("a\r\nb\n") == "\r\nOK\r\n\r\n+CADATAIND: 0\r\n")
        #expect(bench.exchange("AT+CARECV=0,100\r") == "\r\n+CARECV: 5,a\r\nb\n\r\n\r\nOK\r\n")
        #expect(bench.exchange("AT+CARECV=0,100\r") == "\r\n+CARECV: 0\r\n\r\nOK\r\n")
    }

    @Test func simcomCIPManualReceiveMode() {
        let bench = Bench(.a7670)
        _ = bench.exchange("ATE0\r")
        #expect(bench.exchange("AT+CIPRXGET=1\r") == "\r\nOK\r\n")
        #expect(bench.exchange("AT+NETOPEN\r") == "\r\nOK\r\n\r\n+NETOPEN: 0\r\n")
        #expect(bench.exchange("AT+CIPOPEN=0,\"TCP\",\"10.0.0.1\",8009\r") == "\r\nOK\r\n\r\n+CIPOPEN: 0,0\r\n")
        #expect(bench.exchange("AT+CIPSEND=0,3\r", within: .milliseconds(1)) == "\r\n> ")
        #expect(bench.exchange("abc") == "\r\nOK\r\n\r\n+CIPSEND: 0,3,3\r\n\r\n+CIPRXGET: 1,0\r\n")
        #expect(bench.exchange("AT+CIPRXGET=2,0,2\r") == "\r\n+CIPRXGET: 2,0,2,1\r\nab\r\n\r\nOK\r\n")
        #expect(bench.exchange("AT+CIPRXGET=2,0,2\r") == "\r\n+CIPRXGET: 2,0,1,0\r\nc\r\n\r\nOK\r\n")
        bench.modem.inject(.peerClose(id: 0, lastBytes: []), at: bench.now)
        #expect(bench.exchange("") == "\r\n+IPCLOSE: 0,1\r\n")
    }

    @Test func psmIgnoresTheUARTUntilThePowerKeyWakesIt() {
        let bench = Bench(.bg95)
        _ = bench.exchange("ATE0\r")
        _ = bench.exchange("AT+CPSMS=1,,,\"00000110\",\"00000101\"\r")
        bench.wait(.seconds(60))
        #expect(bench.modem.power == .psm)
        #expect(bench.exchange("AT\r") == "")
        // Shorter than the power-on pulse (750 ms on the BG95): still asleep.
        bench.modem.setPowerKey(true, at: bench.now)
        bench.wait(.milliseconds(500))
        bench.modem.setPowerKey(false, at: bench.now)
        bench.wait(.seconds(2))
        #expect(bench.modem.power == .psm)
        bench.modem.setPowerKey(true, at: bench.now)
        bench.wait(.milliseconds(750))
        bench.modem.setPowerKey(false, at: bench.now)
        bench.wait(.seconds(2))
        #expect(bench.modem.power == .on)
        #expect(bench.exchange("AT+CEREG?\r").contains("+CEREG: 0,1"))
        #expect(bench.modem.meter.psmTime > .seconds(1))
    }

    @Test func thePowerKeyPulseWidthDecidesOnOrOff() {
        let bench = Bench(.sim7600)
        bench.modem.setPowerKey(true, at: bench.now)
        bench.wait(.milliseconds(500))
        bench.modem.setPowerKey(false, at: bench.now)
        #expect(bench.modem.power == .on)  // 500 ms: too short to switch off (≥ 2.5 s)
        bench.modem.setPowerKey(true, at: bench.now)
        bench.wait(.milliseconds(2500))
        bench.modem.setPowerKey(false, at: bench.now)
        #expect(String(decoding: bench.modem.takeOutput(), as: UTF8.self).hasSuffix("\r\nNORMAL POWER DOWN\r\n"))
        bench.wait(.seconds(30))
        #expect(bench.modem.power == .off)
    }
}
