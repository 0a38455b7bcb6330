// SensorGate — Modem: what differs between cellular modules, as data.

/// How a module's embedded TCP/IP stack is driven.
public enum SocketStyle: String, Sendable, CaseIterable {
    /// Quectel `AT+QIOPEN`/`AT+QISEND`/`AT+QIRD`/`AT+QICLOSE` with `+QIURC:` (BG95, BG96, BC66, BC660K, EC21, EG915U).
    case quectel
    /// SIMCom `AT+CAOPEN`/`AT+CASEND`/`AT+CARECV`/`AT+CACLOSE` with `+CADATAIND:`/`+CASTATE:` (SIM7080G).
    case simcomCA
    /// SIMCom `AT+CIPOPEN`/`AT+CIPSEND`/`AT+CIPRXGET`/`AT+CIPCLOSE` with `+IPCLOSE:` (A7670, SIM7600).
    case simcomCIP
}

/// How a module's packet data context is brought up.
public enum PDPStyle: String, Sendable, CaseIterable {
    /// `AT+QICSGP=1,1,"<apn>","","",1` then `AT+QIACT=1` (Quectel BG9x, EC21, EG915U).
    case quectelQIACT
    /// `AT+QCGDEFCONT="IP","<apn>"`; the default bearer comes up with the attach (Quectel BC66, BC660K).
    case quectelDefaultBearer
    /// `AT+CNCFG=0,1,"<apn>"` then `AT+CNACT=0,1`, confirmed by `+APP PDP: 0,ACTIVE` (SIM7080G).
    case simcomCNACT
    /// `AT+CGDCONT=1,"IP","<apn>"`, `AT+CIPRXGET=1`, then `AT+NETOPEN`, confirmed by `+NETOPEN: 0` (A7670, SIM7600).
    case simcomNETOPEN
}

/// The network registration reports a module gives.
public enum RegistrationKind: String, Sendable, CaseIterable {
    /// Circuit-switched, `+CREG` (3GPP TS 27.007 §7.2).
    case cs = "CREG"
    /// GPRS, `+CGREG` (§10.1.20).
    case gprs = "CGREG"
    /// EPS (LTE, LTE-M, NB-IoT), `+CEREG` (§10.1.22).
    case eps = "CEREG"
}

/// The extended signal report a module offers beside `AT+CSQ`.
public enum SignalCommand: String, Sendable {
    /// Quectel `AT+QCSQ`: `+QCSQ: "<sysmode>",<rssi>,<rsrp>,<sinr>,<rsrq>` (dBm, dB).
    case qcsq = "AT+QCSQ"
    /// 3GPP `AT+CESQ`: `+CESQ: <rxlev>,<ber>,<rscp>,<ecno>,<rsrq>,<rsrp>` (indices, TS 27.007 §8.69).
    case cesq = "AT+CESQ"
}

/// The radio access a module uses, for PSM and eDRX (`<AcT-type>` of `AT+CEDRXS`).
public enum RadioAccess: String, Sendable {
    /// LTE Cat-1 (E-UTRAN, eDRX AcT-type 4).
    case cat1
    /// LTE-M (E-UTRAN WB-S1, eDRX AcT-type 4).
    case ltem
    /// NB-IoT (E-UTRAN NB-S1, eDRX AcT-type 5).
    case nbiot

    /// The `<AcT-type>` of `AT+CEDRXS` (TS 27.007 §7.40).
    public var edrxAccessType: Int { self == .nbiot ? 5 : 4 }
}

/// Everything SensorGate needs to know about one module family, in one place.
///
/// The catalogue (``ModemDialect/all``) is built in `ModemDialect+Catalog.swift` from the
/// manufacturers' AT manuals and hardware design guides; each entry cites its sources.
public struct ModemDialect: Sendable {
    /// The name used on the command line and in board files (`bg96`, `sim7080g`).
    public var name: String
    /// The manufacturer and model, for messages.
    public var model: String
    /// The radio access the module is used with.
    public var access: RadioAccess
    /// Lines the module prints while it boots, in order; the first marks a (re)boot.
    public var bootURCs: [String]
    /// The registrations the module reports; the driver enables and follows each.
    public var registrations: [RegistrationKind]
    /// The extended signal command.
    public var signal: SignalCommand
    /// How the data context is brought up.
    public var pdp: PDPStyle
    /// How sockets are driven.
    public var sockets: SocketStyle
    /// The highest socket identifier plus one.
    public var socketCount: Int
    /// The most bytes one send command takes.
    public var maxSendBytes: Int
    /// The most bytes one read command returns.
    public var maxReadBytes: Int
    /// Whether the module supports PSM (`AT+CPSMS`).
    public var supportsPSM: Bool
    /// The line the module prints when it enters PSM (after enabling its report), or nil.
    public var psmEntryURC: String?
    /// Command timeouts, from the manuals' "Maximum Response Time".
    public var timeouts: DialectTimeouts
    /// Power-key, reset and boot timing, from the hardware design guides.
    public var power: PowerTiming
    /// Configuration commands sent once after boot (URC reports, data formats).
    public var setupCommands: [String]

    /// The boot line that marks a (re)boot: the first of ``bootURCs``.
    public var bootMarker: String { bootURCs.first ?? "RDY" }
}

/// Per-command timeouts of a dialect.
public struct DialectTimeouts: Sendable {
    /// Ordinary commands (V.250 bound). Default: 300 ms.
    public var basic: Duration = .milliseconds(300)
    /// `AT+CPIN`, SIM access. Default: 5 s.
    public var sim: Duration = .seconds(5)
    /// `AT+CFUN`. Default: 15 s.
    public var cfun: Duration = .seconds(15)
    /// `AT+COPS`, `AT+CGATT`. Default: 180 s.
    public var attach: Duration = .seconds(180)
    /// Bringing the data context up (first phase and confirmation).
    public var pdpActivate: Duration
    /// Taking the data context down.
    public var pdpDeactivate: Duration
    /// Opening a socket (first phase and asynchronous result).
    public var socketOpen: Duration
    /// Sending on a socket, prompt and outcome.
    public var socketSend: Duration
    /// Reading from a socket.
    public var socketRead: Duration
    /// Closing a socket.
    public var socketClose: Duration
}

/// Control-line timing of a module, from its hardware design guide.
public struct PowerTiming: Sendable {
    /// How long PWRKEY is held active to switch the module on.
    public var powerOnPulse: Duration
    /// How long PWRKEY is held active to switch the module off.
    public var powerOffPulse: Duration
    /// How long RESET is held active, or nil when the module has no separate reset line.
    public var resetPulse: Duration?
    /// How long the module may take from power-on to accepting AT commands.
    public var bootTime: Duration
    /// How long the module takes to shut down after the power-off pulse.
    public var shutdownTime: Duration
    /// How long the separate PSM wake-up line (BC66 PSM_EINT, pulled low) is held active to wake the
    /// module from PSM, or nil when the module has no such line (PWRKEY wakes it). Default nil.
    public var psmWakePulse: Duration? = nil

    /// The pulse that wakes the module from PSM on `line`: the wake line's where there is one, else the
    /// power-on pulse of PWRKEY.
    /// - Parameter usingWakeLine: whether the pulse goes on the separate wake line.
    /// - Returns: the pulse width.
    public func psmWake(usingWakeLine: Bool) -> Duration {
        usingWakeLine ? psmWakePulse ?? powerOnPulse : powerOnPulse
    }
}
