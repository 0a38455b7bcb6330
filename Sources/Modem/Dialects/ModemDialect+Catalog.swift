// SensorGate — Modem: the dialect of every supported module, one entry each.
//
// Sources (manual, section):
// - [QTCP96] Quectel BG96 TCP/IP Application Note V1.2: §2.1.x AT+QICSGP/QIACT/QIOPEN/QISEND/QIRD/QICLOSE
//   (maximum response times: QIACT 150 s, QIOPEN 150 s URC, QISEND/QIRD 120 s, QICLOSE 10 s), §2.3 +QIURC
//   "closed"/"recv"/"pdpdeact", §4 error codes 550–574.
// - [QTCP95] Quectel BG95&BG77&BG600L Series TCP/IP Application Note V1.1: §2.3.7 AT+QISEND (1460 bytes),
//   §2.3.8 AT+QIRD (1500 bytes), §2.4.2 +QIURC: "recv",<connectID>[,<data_len>].
// - [QHW96] Quectel BG96 Hardware Design §3.7–3.8 (PWRKEY ≥ 500 ms on, ≥ 650 ms off, RESET_N 150–460 ms);
//   [QHW77] BG77/BG95 Hardware Design §3.6–3.7 (off 650–1500 ms, RESET_N 2–3.8 s).
// - [QEC21] Quectel EC21 AT Commands Manual (CREG/CGREG/CEREG, AT+QCSQ) and EC2x TCP/IP Application Note
//   (same QI commands as [QTCP96]); EC21 Hardware Design §3.7 (PWRKEY ≥ 500 ms on, 0.6–1 s off, RESET_N 150–460 ms).
// - [QBC66] Quectel BC66 AT Commands Manual and BC66 TCP/IP Application Note (AT+QCGDEFCONT, EPS-only
//   registration, QI socket commands with a 1024-byte limit); BC66 Hardware Design (PWRKEY ≥ 500 ms; a
//   falling edge on PSM_EINT wakes from PSM, held ≥ 100 ms as in the BC65 Hardware Design's Figure 4).
// - [S7080] SIMCom SIM7070_SIM7080_SIM7090 Series AT Command Manual V1.04: AT+CNACT/+APP PDP, AT+CAOPEN,
//   AT+CASEND (1459 bytes), AT+CARECV (`+CARECV: <len>,<data>`), +CADATAIND, +CASTATE, AT+CACLOSE;
//   SIM7080 Hardware Design §3.4 (PWRKEY 1 s on, 1.2 s off).
// - [S7600] SIMCom SIM7500_SIM7600 Series TCPIP AT Command Manual and A7600 Series TCPIP Application Note:
//   AT+NETOPEN (+NETOPEN), AT+CIPRXGET=1 manual receive, AT+CIPOPEN (+CIPOPEN), AT+CIPSEND (+CIPSEND:
//   <link>,<req>,<cnf>), AT+CIPRXGET=2, +IPCLOSE, +CIPEVENT; SIM7600 Hardware Design (PWRKEY ≥ 100 ms,
//   typ. 500 ms on, ≥ 2.5 s off, RESET 200 ms); A7670 Hardware Design (PWRKEY ≥ 50 ms on, ≥ 2.5 s off).
// Boot lines are those the modules print at a fixed baud rate: Quectel RDY … APP RDY, SIMCom RDY or
// *ATREADY: 1 (A76xx). Figures not confirmed against a manual here are marked "unverified" in docs/modem.md.

extension ModemDialect {
    /// Quectel BG96 (LTE-M/NB-IoT). [QTCP96] [QHW96]
    public static let bg96 = ModemDialect(
        name: "bg96", model: "Quectel BG96", access: .ltem,
        bootURCs: ["RDY", "+CFUN: 1", "+CPIN: READY", "+QIND: SMS DONE", "APP RDY"],
        registrations: [.eps], signal: .qcsq, pdp: .quectelQIACT, sockets: .quectel, socketCount: 12,
        maxSendBytes: 1460, maxReadBytes: 1500, supportsPSM: true, psmEntryURC: "PSM POWER DOWN",
        timeouts: .quectel,
        power: PowerTiming(
            powerOnPulse: .milliseconds(500), powerOffPulse: .milliseconds(650), resetPulse: .milliseconds(300),
            bootTime: .seconds(10), shutdownTime: .seconds(2)),
        setupCommands: ["AT+QCFG=\"psm/urc\",1"])

    /// Quectel BG95 (LTE-M/NB-IoT). [QTCP95] [QHW77]
    public static let bg95 = ModemDialect(
        name: "bg95", model: "Quectel BG95", access: .ltem,
        bootURCs: ["RDY", "+CFUN: 1", "+CPIN: READY", "+QIND: SMS DONE", "APP RDY"],
        registrations: [.eps], signal: .qcsq, pdp: .quectelQIACT, sockets: .quectel, socketCount: 12,
        maxSendBytes: 1460, maxReadBytes: 1500, supportsPSM: true, psmEntryURC: "PSM POWER DOWN",
        timeouts: .quectel,
        power: PowerTiming(
            powerOnPulse: .milliseconds(750), powerOffPulse: .milliseconds(1000), resetPulse: .milliseconds(2500),
            bootTime: .seconds(10), shutdownTime: .seconds(2)),
        setupCommands: ["AT+QCFG=\"psm/urc\",1"])

    /// Quectel BC66 (NB-IoT; EPS registration only). [QBC66]
    public static let bc66 = ModemDialect(
        name: "bc66", model: "Quectel BC66", access: .nbiot,
        bootURCs: ["RDY", "+CPIN: READY"],
        registrations: [.eps], signal: .cesq, pdp: .quectelDefaultBearer, sockets: .quectel, socketCount: 5,
        maxSendBytes: 1024, maxReadBytes: 1024, supportsPSM: true, psmEntryURC: "+QNBIOTEVENT: \"ENTER PSM\"",
        timeouts: .quectel,
        power: PowerTiming(
            powerOnPulse: .milliseconds(500), powerOffPulse: .milliseconds(650), resetPulse: .milliseconds(100),
            bootTime: .seconds(5), shutdownTime: .seconds(1), psmWakePulse: .milliseconds(100)),
        setupCommands: ["AT+QNBIOTEVENT=1,1"])

    /// Quectel BC660K-GL (NB-IoT; EPS registration only). [QBC66]
    public static let bc660k = ModemDialect(
        name: "bc660k", model: "Quectel BC660K-GL", access: .nbiot,
        bootURCs: ["RDY", "+CPIN: READY"],
        registrations: [.eps], signal: .cesq, pdp: .quectelDefaultBearer, sockets: .quectel, socketCount: 5,
        maxSendBytes: 1024, maxReadBytes: 1024, supportsPSM: true, psmEntryURC: "+QNBIOTEVENT: \"ENTER PSM\"",
        timeouts: .quectel,
        power: PowerTiming(
            powerOnPulse: .milliseconds(500), powerOffPulse: .milliseconds(650), resetPulse: .milliseconds(100),
            bootTime: .seconds(5), shutdownTime: .seconds(1), psmWakePulse: .milliseconds(100)),
        setupCommands: ["AT+QNBIOTEVENT=1,1"])

    /// Quectel EC21 (LTE Cat-1, with 2G/3G fallback on some variants). [QEC21] [QTCP96]
    public static let ec21 = ModemDialect(
        name: "ec21", model: "Quectel EC21", access: .cat1,
        bootURCs: ["RDY", "+CFUN: 1", "+CPIN: READY", "+QUSIM: 1", "+QIND: SMS DONE", "+QIND: PB DONE"],
        registrations: [.cs, .gprs, .eps], signal: .qcsq, pdp: .quectelQIACT, sockets: .quectel, socketCount: 12,
        maxSendBytes: 1460, maxReadBytes: 1500, supportsPSM: false, psmEntryURC: nil,
        timeouts: .quectel,
        power: PowerTiming(
            powerOnPulse: .milliseconds(500), powerOffPulse: .milliseconds(800), resetPulse: .milliseconds(300),
            bootTime: .seconds(15), shutdownTime: .seconds(30)),
        setupCommands: [])

    /// Quectel EG915U (LTE Cat-1 bis). [QEC21] [QTCP96]
    public static let eg915u = ModemDialect(
        name: "eg915u", model: "Quectel EG915U", access: .cat1,
        bootURCs: ["RDY", "+CFUN: 1", "+CPIN: READY", "+QIND: SMS DONE", "+QIND: PB DONE"],
        registrations: [.cs, .gprs, .eps], signal: .qcsq, pdp: .quectelQIACT, sockets: .quectel, socketCount: 12,
        maxSendBytes: 1460, maxReadBytes: 1500, supportsPSM: false, psmEntryURC: nil,
        timeouts: .quectel,
        power: PowerTiming(
            powerOnPulse: .milliseconds(2000), powerOffPulse: .milliseconds(3000), resetPulse: .milliseconds(300),
            bootTime: .seconds(15), shutdownTime: .seconds(5)),
        setupCommands: [])

    /// SIMCom SIM7080G (LTE-M/NB-IoT). [S7080]
    public static let sim7080g = ModemDialect(
        name: "sim7080g", model: "SIMCom SIM7080G", access: .ltem,
        bootURCs: ["RDY", "+CFUN: 1", "+CPIN: READY", "SMS Ready"],
        registrations: [.gprs, .eps], signal: .cesq, pdp: .simcomCNACT, sockets: .simcomCA, socketCount: 13,
        maxSendBytes: 1459, maxReadBytes: 1459, supportsPSM: true, psmEntryURC: "ENTER PSM",
        timeouts: DialectTimeouts(
            pdpActivate: .seconds(30), pdpDeactivate: .seconds(30), socketOpen: .seconds(150),
            socketSend: .seconds(20), socketRead: .seconds(5), socketClose: .seconds(10)),
        power: PowerTiming(
            powerOnPulse: .milliseconds(1000), powerOffPulse: .milliseconds(1200), resetPulse: nil,
            bootTime: .seconds(10), shutdownTime: .seconds(2)),
        setupCommands: [])

    /// SIMCom SIM7600 (LTE Cat-1/Cat-4). [S7600]
    public static let sim7600 = ModemDialect(
        name: "sim7600", model: "SIMCom SIM7600", access: .cat1,
        bootURCs: ["RDY", "+CPIN: READY", "SMS DONE", "PB DONE"],
        registrations: [.cs, .gprs, .eps], signal: .cesq, pdp: .simcomNETOPEN, sockets: .simcomCIP, socketCount: 10,
        maxSendBytes: 1500, maxReadBytes: 1500, supportsPSM: false, psmEntryURC: nil,
        timeouts: .simcomCIP,
        power: PowerTiming(
            powerOnPulse: .milliseconds(500), powerOffPulse: .milliseconds(2500), resetPulse: .milliseconds(200),
            bootTime: .seconds(20), shutdownTime: .seconds(26)),
        setupCommands: [])

    /// SIMCom A7670 (LTE Cat-1). [S7600]
    public static let a7670 = ModemDialect(
        name: "a7670", model: "SIMCom A7670", access: .cat1,
        bootURCs: ["*ATREADY: 1", "+CPIN: READY", "SMS DONE", "PB DONE"],
        registrations: [.cs, .gprs, .eps], signal: .cesq, pdp: .simcomNETOPEN, sockets: .simcomCIP, socketCount: 10,
        maxSendBytes: 1500, maxReadBytes: 1500, supportsPSM: false, psmEntryURC: nil,
        timeouts: .simcomCIP,
        power: PowerTiming(
            powerOnPulse: .milliseconds(100), powerOffPulse: .milliseconds(2500), resetPulse: .milliseconds(2500),
            bootTime: .seconds(15), shutdownTime: .seconds(5)),
        setupCommands: [])

    /// Every supported dialect.
    public static let all: [ModemDialect] = [bg95, bg96, bc66, bc660k, ec21, eg915u, sim7080g, a7670, sim7600]

    /// The dialect called `name` (case-insensitive), or nil.
    /// - Parameter name: a dialect name such as `bg96`.
    /// - Returns: the dialect.
    public static func named(_ name: String) -> ModemDialect? { all.first { $0.name == name.lowercased() } }
}

extension DialectTimeouts {
    /// Quectel QI stack maximum response times. [QTCP96] §2.1.
    public static let quectel = DialectTimeouts(
        pdpActivate: .seconds(150), pdpDeactivate: .seconds(40), socketOpen: .seconds(150),
        socketSend: .seconds(120), socketRead: .seconds(120), socketClose: .seconds(10))

    /// SIMCom CIP stack maximum response times. [S7600]
    public static let simcomCIP = DialectTimeouts(
        pdpActivate: .seconds(120), pdpDeactivate: .seconds(120), socketOpen: .seconds(120),
        socketSend: .seconds(120), socketRead: .seconds(10), socketClose: .seconds(120))
}
