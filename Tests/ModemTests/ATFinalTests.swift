// SensorGate — tests of final result classification.

import Modem
import Testing

@Suite struct ATFinalTests {
    @Test(arguments: [
        ("OK", ATFinal.ok), ("ERROR", .error), ("+CME ERROR: 10", .cmeError(.numeric(10))),
        ("+CME ERROR:3", .cmeError(.numeric(3))),
        ("+CME ERROR: SIM not inserted", .cmeError(.verbose("SIM not inserted"))),
        ("+CMS ERROR: 500", .cmsError(.numeric(500))), ("NO CARRIER", .noCarrier), ("BUSY", .busy),
        ("NO ANSWER", .noAnswer), ("NO DIALTONE", .noDialtone), ("CONNECT", .connect(nil)),
        ("CONNECT 115200", .connect("115200")),
    ])
    func standardFinalsAreClassified(line: String, expected: ATFinal) {
        #expect(ATFinal.classify(line) == expected)
    }

    @Test(arguments: ["OK ", "+CSQ: 23,99", "SEND OK", "RDY", "CONNECTED", "ok"])
    func otherLinesAreNotFinals(line: String) {
        #expect(ATFinal.classify(line) == nil)
    }

    @Test func dialectFinalsAreData() {
        let extra = [
            ATFinalRule("SEND OK", isSuccess: true), ATFinalRule("SEND FAIL", isSuccess: false),
            ATFinalRule("DATA ACCEPT:", isPrefix: true, isSuccess: true),
        ]
        #expect(ATFinal.classify("SEND OK", extra: extra) == .dialect("SEND OK", isSuccess: true))
        #expect(ATFinal.classify("SEND FAIL", extra: extra)?.isSuccess == false)
        #expect(ATFinal.classify("DATA ACCEPT:5", extra: extra) == .dialect("DATA ACCEPT:5", isSuccess: true))
        #expect(ATFinal.classify("OK", extra: extra) == .ok)
    }

    @Test func successIsOkConnectAndSuccessfulDialectFinalsOnly() {
        #expect(ATFinal.ok.isSuccess && ATFinal.connect(nil).isSuccess)
        #expect(!ATFinal.error.isSuccess && !ATFinal.cmeError(.numeric(10)).isSuccess && !ATFinal.noCarrier.isSuccess)
    }
}
