// SensorGate — Modem: power saving: entry reported by the module, wake-up and re-synchronisation.

extension ModemDriver {
    /// The module reported PSM entry: it is deaf to the UART until woken, and its sockets are gone.
    func psmEntered() {
        metrics.psmEntries += 1
        state = .psm
        loseSockets()
    }

    /// Wakes the module from PSM with the wake line (or PWRKEY) and re-synchronises: the module prints
    /// its boot lines again, echo is back on, and registration and context are checked afresh.
    /// - Throws: `ModemError` when the module does not answer afterwards.
    public func wakeFromPSM() throws(ModemError) {
        guard state == .psm else { return }
        metrics.psmWakeUps += 1
        expectingBoot = true
        needsBoot = true
        registration = [:]
        isContextUp = false
        if let line = lines.wake ?? lines.powerKey {
            try pulse(line, for: dialect.power.psmWake(usingWakeLine: lines.wake != nil))
        }
        restartChannel()
        state = .booting
        try waitForBootLines()
    }

    /// Lets the modem idle for `duration`, handling URCs (data, peer close, PSM entry, registration).
    /// - Parameter duration: how long.
    /// - Throws: `ModemError` on a link failure.
    public func idle(for duration: Duration) throws(ModemError) {
        try listen(for: duration)
        if state != .psm { try serviceSockets() }
    }
}
