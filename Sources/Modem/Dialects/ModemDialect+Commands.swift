// SensorGate — Modem: the start-up, registration, data-context and power-saving commands of a dialect.

extension ModemDialect {
    /// URC consumers the driver registers.
    public enum Consumers {
        /// Boot and power lines (`RDY`, `APP RDY`, PSM entry).
        public static let power = ATConsumer("power")
        /// Registration reports.
        public static let registration = ATConsumer("registration")
    }

    /// The engine settings of this dialect: echo off (the driver sends `ATE0` first), the URC registry.
    public var engineConfiguration: ATEngineConfiguration {
        var routes = SocketCommands(dialect: self).routes
        for kind in registrations {
            let prefix = "+\(kind.rawValue):"
            routes.append(ATURCRoute(.prefix(prefix, fieldCount: 1...1), to: Consumers.registration))
        }
        for line in Set(bootURCs + (psmEntryURC.map { [$0] } ?? [])) {
            routes.append(
                ATURCRoute(
                    ATLineMatcher(prefix: line) { $0 == line }, to: Consumers.power, restartsModule: line == bootMarker)
            )
        }
        return ATEngineConfiguration(routes: routes)
    }

    /// `AT`: the synchronisation probe.
    public var probe: ATCommand { ATCommand("AT", timeout: timeouts.basic) }

    /// `ATE0`, `AT+CMEE=1` and the dialect's own setup commands.
    public var startupCommands: [ATCommand] {
        (["ATE0", "AT+CMEE=1"] + setupCommands).map { ATCommand($0, timeout: timeouts.basic) }
    }

    /// `AT+CPIN?`, answered `+CPIN: READY` or `+CPIN: SIM PIN`.
    public var simQuery: ATCommand { ATCommand("AT+CPIN?", responses: [.prefix("+CPIN:")], timeout: timeouts.sim) }

    /// `AT+CPIN="<pin>"`.
    /// - Parameter pin: the PIN.
    /// - Returns: the command.
    public func enterPIN(_ pin: String) -> ATCommand { ATCommand("AT+CPIN=\"\(pin)\"", timeout: timeouts.sim) }

    /// `AT+CREG=1` etc.: URCs with the status only (so a URC never looks like a query answer).
    public var registrationReports: [ATCommand] {
        registrations.map { ATCommand("AT+\($0.rawValue)=1", timeout: timeouts.basic) }
    }

    /// `AT+CEREG?` etc.
    /// - Parameter kind: the registration.
    /// - Returns: the command.
    public func registrationQuery(_ kind: RegistrationKind) -> ATCommand {
        ATCommand("AT+\(kind.rawValue)?", responses: [.prefix("+\(kind.rawValue):", fieldCount: 2...6)])
    }

    /// `AT+CSQ`.
    public var signalQuery: ATCommand { ATCommand("AT+CSQ", responses: [.prefix("+CSQ:")]) }

    /// The extended signal query (`AT+QCSQ` or `AT+CESQ`).
    public var extendedSignalQuery: ATCommand {
        ATCommand(signal.rawValue, responses: [.prefix(signal == .qcsq ? "+QCSQ:" : "+CESQ:")])
    }

    /// Commands that store the APN (before registration).
    /// - Parameter apn: the access point name.
    /// - Returns: the commands.
    public func contextConfiguration(apn: String) -> [ATCommand] {
        let text: [String] =
            switch pdp {
            case .quectelQIACT: ["AT+QICSGP=1,1,\"\(apn)\",\"\",\"\",1"]
            case .quectelDefaultBearer: ["AT+QCGDEFCONT=\"IP\",\"\(apn)\""]
            case .simcomCNACT: ["AT+CGDCONT=1,\"IP\",\"\(apn)\"", "AT+CNCFG=0,1,\"\(apn)\""]
            case .simcomNETOPEN: ["AT+CGDCONT=1,\"IP\",\"\(apn)\"", "AT+CIPRXGET=1"]
            }
        return text.map { ATCommand($0, timeout: timeouts.basic) }
    }

    /// Whether the data context is up: the query and how to read its answer.
    public var contextQuery: ATCommand {
        switch pdp {
        case .quectelQIACT: ATCommand("AT+QIACT?", responses: [.prefix("+QIACT:")], timeout: timeouts.basic)
        case .quectelDefaultBearer: ATCommand("AT+CGACT?", responses: [.prefix("+CGACT:")], timeout: timeouts.basic)
        case .simcomCNACT: ATCommand("AT+CNACT?", responses: [.prefix("+CNACT:")], timeout: timeouts.basic)
        case .simcomNETOPEN:
            ATCommand("AT+NETOPEN?", responses: [.prefix("+NETOPEN:", fieldCount: 1...1)], timeout: timeouts.basic)
        }
    }

    /// Whether the answer to ``contextQuery`` says the context is up.
    /// - Parameter reply: the reply.
    /// - Returns: true when up.
    public func isContextUp(_ reply: ATReply) -> Bool {
        guard reply.isSuccess else { return false }
        return reply.lines.contains { line in
            switch pdp {
            case .quectelQIACT: ATText.fields(of: line, after: "+QIACT:").prefix(2) == ["1", "1"]
            case .quectelDefaultBearer: ATText.fields(of: line, after: "+CGACT:").prefix(2) == ["1", "1"]
            case .simcomCNACT: ATText.fields(of: line, after: "+CNACT:").prefix(2) == ["0", "1"]
            case .simcomNETOPEN: ATText.fields(of: line, after: "+NETOPEN:") == ["1"]
            }
        }
    }

    /// The command that brings the data context up, or nil when it comes up with the attach.
    public var contextActivation: ATCommand? {
        switch pdp {
        case .quectelQIACT: ATCommand("AT+QIACT=1", timeout: timeouts.pdpActivate)
        case .quectelDefaultBearer: nil
        case .simcomCNACT:
            ATCommand(
                "AT+CNACT=0,1", timeout: timeouts.basic,
                deferred: ATDeferredResult(.prefix("+APP PDP: 0,"), timeout: timeouts.pdpActivate))
        case .simcomNETOPEN:
            ATCommand(
                "AT+NETOPEN", timeout: timeouts.basic,
                deferred: ATDeferredResult(.prefix("+NETOPEN:", fieldCount: 1...1), timeout: timeouts.pdpActivate))
        }
    }

    /// Whether an activation reply brought the context up (checks the deferred line where there is one).
    /// - Parameter reply: the reply of ``contextActivation``.
    /// - Returns: true on success.
    public func activationSucceeded(_ reply: ATReply) -> Bool {
        guard reply.isSuccess else { return false }
        guard let line = reply.deferredLine else { return true }
        return line == "+APP PDP: 0,ACTIVE" || line == "+NETOPEN: 0"
    }

    /// `AT+CFUN=<mode>` (0 minimum, 1 full, 4 radio off).
    /// - Parameter mode: the functionality level.
    /// - Returns: the command.
    public func functionality(_ mode: Int) -> ATCommand { ATCommand("AT+CFUN=\(mode)", timeout: timeouts.cfun) }

    /// `AT+CGATT=<state>`: detach (0) or attach (1) packet service.
    /// - Parameter attached: the wanted state.
    /// - Returns: the command.
    public func attach(_ attached: Bool) -> ATCommand {
        ATCommand("AT+CGATT=\(attached ? 1 : 0)", timeout: timeouts.attach)
    }

    /// `AT+CPSMS=1,,,"<T3412>","<T3324>"` (TS 27.007 §7.38), or `AT+CPSMS=0` for nil.
    /// - Parameter psm: the timers, or nil to disable PSM.
    /// - Returns: the command, or nil when a timer is out of range.
    public func psmCommand(_ psm: PSMSettings?) -> ATCommand? {
        guard let psm else { return ATCommand("AT+CPSMS=0", timeout: timeouts.basic) }
        guard let tau = PSMTimer.encodeT3412(psm.periodicUpdate), let active = PSMTimer.encodeT3324(psm.activeTime)
        else { return nil }
        return ATCommand("AT+CPSMS=1,,,\"\(tau)\",\"\(active)\"", timeout: timeouts.basic)
    }

    /// `AT+CEDRXS=1,<AcT-type>,"<cycle>"` (TS 27.007 §7.40).
    /// - Parameter cycle: the eDRX cycle.
    /// - Returns: the command.
    public func edrxCommand(_ cycle: Duration) -> ATCommand {
        ATCommand(
            "AT+CEDRXS=1,\(access.edrxAccessType),\"\(EDRXCycle.encode(cycle, access: access))\"",
            timeout: timeouts.basic)
    }
}

/// PSM timers the gateway asks the network for.
public struct PSMSettings: Sendable, Hashable {
    /// The periodic tracking-area update (T3412 extended). Default: 1 h.
    public var periodicUpdate: Duration = .seconds(3600)
    /// The active time after a transfer before PSM (T3324). Default: 20 s.
    public var activeTime: Duration = .seconds(20)

    /// Creates settings.
    /// - Parameters:
    ///   - periodicUpdate: T3412.
    ///   - activeTime: T3324.
    public init(periodicUpdate: Duration = .seconds(3600), activeTime: Duration = .seconds(20)) {
        self.periodicUpdate = periodicUpdate
        self.activeTime = activeTime
    }
}
