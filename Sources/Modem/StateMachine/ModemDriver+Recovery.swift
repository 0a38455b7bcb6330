// SensorGate — Modem: recovery that escalates, one step per failed bring-up.

import HAL

/// The recovery steps, mildest first.
public enum RecoveryStep: Int, Sendable, CaseIterable {
    /// Resynchronise with `AT` (and pulse the wake line when PSM is on).
    case retry
    /// Detach and re-attach packet service (`AT+CGATT=0`, `AT+CGATT=1`).
    case reattach
    /// Radio off and on (`AT+CFUN=0`, `AT+CFUN=1`).
    case functionalityCycle
    /// Pulse the reset line (or `AT+CFUN=1,1` when none is wired).
    case reset
    /// Power cycle: supply off and on, or PWRKEY off and on.
    case powerCycle
}

extension ModemDriver {
    /// The step the next recovery takes.
    public var nextRecoveryStep: RecoveryStep {
        RecoveryStep(rawValue: min(escalation, RecoveryStep.powerCycle.rawValue)) ?? .powerCycle
    }

    /// Takes the next recovery step, after the back-off for its level.
    func recover() throws(ModemError) {
        let step = nextRecoveryStep
        escalation += 1
        if escalation > 1 {
            let backoff = min(settings.backoffInitial * (1 << min(escalation - 2, 16)), settings.backoffMax)
            try wait(backoff)
        }
        switch step {
        case .retry:
            metrics.retries += 1
            if dialect.supportsPSM && settings.psm != nil, let line = lines.wake ?? lines.powerKey {
                try pulse(line, for: dialect.power.psmWake(usingWakeLine: lines.wake != nil))
            }
            if try !probe(attempts: settings.syncAttempts) { needsBoot = true }
        case .reattach:
            metrics.reattaches += 1
            _ = try? execute(dialect.attach(false))
            _ = try? execute(dialect.attach(true))
            isContextUp = false
            loseSockets()
            registration = [:]
        case .functionalityCycle:
            metrics.functionalityCycles += 1
            _ = try? execute(dialect.functionality(0))
            _ = try? execute(dialect.functionality(1))
            forgetNetworkState()
        case .reset:
            metrics.resets += 1
            try resetModem()
        case .powerCycle:
            metrics.powerCycles += 1
            try powerCycle()
        }
    }

    /// Waits, still handling URCs when the link is up (a dead link just lets the time pass).
    func wait(_ duration: Duration) throws(ModemError) {
        do {
            try listen(for: duration)
        } catch {
            do { try clock.sleep(for: duration) } catch {
                throw ModemError(.link, "clock: \(error)")
            }
        }
    }

    func pulse(_ line: any GPIOOutputLine, for duration: Duration) throws(ModemError) {
        do {
            try line.set(true)
            try clock.sleep(for: duration)
            try line.set(false)
        } catch {
            throw ModemError(.link, "\(line.name): cannot drive the line: \(error)")
        }
    }

    /// Reset through RESET_N, or `AT+CFUN=1,1` where the line is missing.
    func resetModem() throws(ModemError) {
        forgetNetworkState()
        expectingBoot = true
        needsBoot = true
        state = .booting
        if let reset = lines.reset, let width = dialect.power.resetPulse {
            try pulse(reset, for: width)
        } else {
            _ = try? execute(ATCommand("AT+CFUN=1,1", timeout: dialect.timeouts.cfun))
        }
        restartChannel()
        try waitForBootLines()
    }

    /// Power cycle through the supply switch, or PWRKEY off and on; the port is opened again.
    func powerCycle() throws(ModemError) {
        forgetNetworkState()
        if let supply = lines.supply {
            do {
                try supply.set(false)
                try clock.sleep(for: dialect.power.shutdownTime)
                try supply.set(true)
            } catch {
                throw ModemError(.link, "\(supply.name): cannot switch the supply: \(error)")
            }
            expectingBoot = true
            try pressPowerKey(for: dialect.power.powerOnPulse)
        } else if let key = lines.powerKey {
            try pulse(key, for: dialect.power.powerOffPulse)
            do { try clock.sleep(for: dialect.power.shutdownTime) } catch { throw ModemError(.link, "clock: \(error)") }
            expectingBoot = true
            try pulse(key, for: dialect.power.powerOnPulse)
        }
        port = nil
        channel = nil
        needsBoot = true
        state = .booting
        try waitForBootLines()
    }
}
