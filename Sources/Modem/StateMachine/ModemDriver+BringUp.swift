// SensorGate — Modem: power-on, boot, configuration, registration and the data context.

import HAL

extension ModemDriver {
    /// Brings the modem online (registered, data context up), recovering as needed.
    ///
    /// A modem that already answers `AT` is not pulsed (a PWRKEY pulse would switch it off).
    /// - Throws: `ModemError` with kind `.recoveryExhausted` when every recovery step failed, or `.sim`
    ///   when the SIM needs attention (recovery cannot fix that).
    public func start() throws(ModemError) { try ensureOnline() }

    /// Brings the modem online unless it already is; wakes it from PSM first.
    /// - Throws: `ModemError` as ``start()``.
    public func ensureOnline() throws(ModemError) {
        if state == .online && isContextUp && isRegistered && !needsBoot { return }
        var steps = 0
        while true {
            do {
                try bringUp()
                escalation = 0
                return
            } catch let error {
                if error.kind == .sim || error.kind == .invalidSetting || steps >= settings.maxRecoverySteps {
                    state = .failed
                    throw error.kind == .sim || error.kind == .invalidSetting
                        ? error : ModemError(.recoveryExhausted, "\(dialect.model): \(error.description)")
                }
                steps += 1
                try recover()
            }
        }
    }

    /// One pass of the bring-up: each stage runs only when needed.
    func bringUp() throws(ModemError) {
        if state == .psm { try wakeFromPSM() }
        if state == .off || state == .failed || needsBoot || channel == nil {
            try boot()
        }
        if state == .registering || !isRegistered { try register() }
        if !isContextUp { try activateContext() }
        state = .online
    }

    // MARK: - Power and boot

    /// Presses PWRKEY for the dialect's power-on pulse.
    func pressPowerKey(for duration: Duration) throws(ModemError) {
        guard let key = lines.powerKey else { return }
        do {
            try key.set(true)
            try clock.sleep(for: duration)
            try key.set(false)
        } catch {
            throw ModemError(.link, "\(key.name): cannot drive the power key: \(error)")
        }
    }

    /// Boot: find the modem (probe; power it on if silent), wait for its boot lines, then configure.
    func boot() throws(ModemError) {
        if state == .off || state == .failed {
            if try !probe(attempts: 2) {
                expectingBoot = true
                state = .booting
                try pressPowerKey(for: dialect.power.powerOnPulse)
                try waitForBootLines()
            }
        } else if expectingBoot {
            try waitForBootLines()
        }
        guard try probe(attempts: settings.syncAttempts) else {
            throw ModemError(.noResponse, "\(dialect.model) does not answer AT (check power, baud rate, wiring)")
        }
        needsBoot = false
        expectingBoot = false
        try configure()
        state = .registering
    }

    /// Listens until the boot marker arrives or the dialect's boot time passes.
    func waitForBootLines() throws(ModemError) {
        let end = clock.now() + dialect.power.bootTime
        while expectingBoot && clock.now() < end {
            try listen(for: .milliseconds(250))
        }
        // The rest of the boot lines (SIM ready, SMS ready) follow closely; take them now.
        try listen(for: .milliseconds(500))
    }

    /// Sends `AT` until it is answered `OK` (a slow boot loses the first command).
    func probe(attempts: Int) throws(ModemError) -> Bool {
        for _ in 0..<max(1, attempts) {
            let reply = try execute(dialect.probe)
            if reply.isSuccess { return true }
            if case .final = reply.status { try listen(for: dialect.timeouts.basic) }
        }
        return false
    }

    /// Echo off, numeric errors, dialect setup, SIM, registration reports, APN, PSM and eDRX.
    func configure() throws(ModemError) {
        for command in dialect.startupCommands { try require(command) }
        try unlockSIM()
        for command in dialect.registrationReports { try require(command) }
        for command in dialect.contextConfiguration(apn: settings.apn) { try require(command) }
        if dialect.supportsPSM {
            guard let command = dialect.psmCommand(settings.psm) else {
                throw ModemError(
                    .invalidSetting, "\(dialect.model): PSM timers out of range (T3412 ≤ 310 h, T3324 ≤ 186 min)")
            }
            try require(command)
            if let cycle = settings.edrxCycle { try require(dialect.edrxCommand(cycle)) }
        }
    }

    /// Runs `command` and throws unless it succeeded.
    func require(_ command: ATCommand) throws(ModemError) {
        let reply = try execute(command)
        guard reply.isSuccess else {
            throw ModemError(.noResponse, "\(dialect.model): \(command.text) failed (\(reply.status))")
        }
    }

    func unlockSIM() throws(ModemError) {
        let reply = try execute(dialect.simQuery)
        let status = reply.lines.first.map { ATText.fields(of: $0, after: "+CPIN:").joined(separator: ",") }
        if status == "READY" { return }
        if status == "SIM PIN", let pin = settings.pin {
            guard try execute(dialect.enterPIN(pin)).isSuccess else {
                throw ModemError(.sim, "\(dialect.model): the SIM refused the PIN (check the pin setting)")
            }
            return
        }
        if case .final(.cmeError(let code)) = reply.status, let number = CMEErrorTable.code(of: code),
            number == 10 || number == 13
        {
            throw ModemError(
                .sim, "\(dialect.model): \(CMEErrorTable.text(for: number) ?? "SIM error") (check the SIM)")
        }
        throw ModemError(.noResponse, "\(dialect.model): SIM not ready (\(status ?? "\(reply.status)"))")
    }

    // MARK: - Registration

    /// Waits for registration, querying with a back-off (URCs count too).
    func register() throws(ModemError) {
        let deadline = clock.now() + settings.registrationTimeout
        var interval = settings.registrationPoll
        while true {
            for kind in dialect.registrations where kind != .cs {
                let reply = try execute(dialect.registrationQuery(kind))
                if let line = reply.lines.first, let report = RegistrationReport.parse(line, isResponse: true) {
                    update(report)
                }
            }
            if isRegistered {
                state = isContextUp ? .online : .registered
                return
            }
            if needsBoot { throw ModemError(.noResponse, "\(dialect.model) rebooted while registering") }
            guard clock.now() < deadline else {
                throw ModemError(
                    .registration, "\(dialect.model) did not register within \(settings.registrationTimeout)")
            }
            try listen(for: min(interval, deadline - clock.now()))
            interval = min(interval * 2, settings.registrationPollMax)
        }
    }

    // MARK: - Data context

    /// Brings the data context up when it is down.
    func activateContext() throws(ModemError) {
        if dialect.isContextUp(try execute(dialect.contextQuery)) {
            isContextUp = true
            return
        }
        guard let activation = dialect.contextActivation else {
            throw ModemError(.dataContext, "\(dialect.model): default bearer is down although registered")
        }
        let reply = try execute(activation)
        guard dialect.activationSucceeded(reply) else {
            throw ModemError(.dataContext, "\(dialect.model): \(activation.text) failed (\(reply.status))")
        }
        isContextUp = true
    }

    /// Reads `AT+CSQ` and the extended report into ``signal``.
    /// - Returns: the signal quality.
    /// - Throws: `ModemError` on a link failure.
    @discardableResult
    public func readSignal() throws(ModemError) -> SignalQuality {
        var quality = SignalQuality()
        if let line = try execute(dialect.signalQuery).lines.first, let csq = SignalQuality.csq(line) { quality = csq }
        if let line = try execute(dialect.extendedSignalQuery).lines.first {
            let extended = dialect.signal == .qcsq ? SignalQuality.qcsq(line) : SignalQuality.cesq(line)
            quality.rsrpDBm = extended?.rsrpDBm
            quality.rsrqDB = extended?.rsrqDB
            if quality.rssiDBm == nil { quality.rssiDBm = extended?.rssiDBm }
        }
        signal = quality
        return quality
    }
}
