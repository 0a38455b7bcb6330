// SensorGate — tests: commands and routes in the shape a Quectel-like dialect would supply them.

import Modem

enum Fixtures {
    static let registration = ATConsumer("registration")
    static let sockets = ATConsumer("sockets")
    static let power = ATConsumer("power")

    static let csq = ATCommand("AT+CSQ", responses: [.prefix("+CSQ:")])
    static let ceregQuery = ATCommand("AT+CEREG?", responses: [.prefix("+CEREG:", fieldCount: 2...5)])
    static let qiopen = ATCommand(
        "AT+QIOPEN=1,0,\"TCP\",\"10.0.0.1\",1883,0,1",
        deferred: ATDeferredResult(.prefix("+QIOPEN: 0,"), timeout: .seconds(150)))
    static let qird = ATCommand(
        "AT+QIRD=0,1500", responses: [.prefix("+QIRD:")], payloadRead: .field(0, after: "+QIRD:"))

    static func qisend(_ payload: [UInt8]) -> ATCommand {
        ATCommand(
            "AT+QISEND=0,\(payload.count)", payload: payload,
            extraFinals: [ATFinalRule("SEND OK", isSuccess: true), ATFinalRule("SEND FAIL", isSuccess: false)])
    }

    /// A registry like a dialect's: registration, sockets (with direct-push data), power.
    static let configuration = ATEngineConfiguration(routes: [
        ATURCRoute(.prefix("+CEREG:"), to: registration),
        ATURCRoute(
            ATLineMatcher(prefix: "+QIURC: \"recv\"") { ATText.fields(of: $0, after: "+QIURC:").count == 3 },
            to: sockets, payload: .field(2, after: "+QIURC:")),
        ATURCRoute(.prefix("+QIURC:"), to: sockets),
        ATURCRoute(.prefix("+QIOPEN:"), to: sockets),
        ATURCRoute(.prefix("RDY"), to: power),
    ])

    static func ok(lines: [String] = [], payload: [UInt8] = [], deferredLine: String? = nil) -> ATReply {
        ATReply(status: .final(.ok), lines: lines, payload: payload, deferredLine: deferredLine)
    }

    static func id(_ number: Int) -> ATCommandID { ATCommandID(rawValue: number) }
}
