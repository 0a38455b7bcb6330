// SensorGate — ModemSim: power, boot, reboots, PSM and the control lines of the simulated module.

import HAL
import Modem

#if canImport(Glibc)
    import Glibc
#else
    import Foundation
#endif

extension SimModem {
    /// PWRKEY pressed (true) or released (false). The pulse width decides: on from off, off from on,
    /// wake-up from PSM.
    /// - Parameters:
    ///   - pressed: the key's state.
    ///   - instant: when it changed.
    public func setPowerKey(_ pressed: Bool, at instant: MonotonicInstant) {
        advance(to: instant)
        if pressed {
            keyPressedAt = keyPressedAt ?? now
            return
        }
        guard let pressedAt = keyPressedAt else { return }
        keyPressedAt = nil
        let width = now - pressedAt
        switch power {
        case .off where width >= dialect.power.powerOnPulse: beginBoot(keepingNetwork: false)
        case .psm where width >= dialect.power.powerOnPulse: wakeFromPSM(by: .powerKey)
        case .on where width >= dialect.power.powerOffPulse, .booting where width >= dialect.power.powerOffPulse:
            emit([dialect.sockets == .quectel ? "POWERED DOWN" : "NORMAL POWER DOWN"])
            shutDown()
            power = .booting
            after(dialect.power.shutdownTime, .powerDown)
        default: break
        }
    }

    /// The PSM wake-up line (BC66 PSM_EINT) pulled active (true) or released (false). A pulse at least the
    /// dialect's ``PowerTiming/psmWakePulse`` long wakes the module from PSM; a shorter one, or a pulse on
    /// a module without the line, does nothing.
    /// - Parameters:
    ///   - active: the line's logical state.
    ///   - instant: when it changed.
    public func setWakeLine(_ active: Bool, at instant: MonotonicInstant) {
        advance(to: instant)
        if active {
            wakeLineActiveAt = wakeLineActiveAt ?? now
            return
        }
        guard let since = wakeLineActiveAt else { return }
        wakeLineActiveAt = nil
        if power == .psm, let width = dialect.power.psmWakePulse, now - since >= width { wakeFromPSM(by: .wake) }
    }

    /// RESET_N asserted (true) or released (false); a long enough pulse reboots the module.
    /// - Parameters:
    ///   - asserted: the line's state.
    ///   - instant: when it changed.
    public func setReset(_ asserted: Bool, at instant: MonotonicInstant) {
        advance(to: instant)
        if asserted {
            resetAssertedAt = resetAssertedAt ?? now
            return
        }
        guard let since = resetAssertedAt, let width = dialect.power.resetPulse else { return }
        resetAssertedAt = nil
        if now - since >= width / 2 && power != .off { beginBoot(keepingNetwork: false) }
    }

    /// The supply switched; without supply the module is off (and stays off until PWRKEY).
    /// - Parameters:
    ///   - on: whether the module is powered.
    ///   - instant: when it changed.
    public func setSupply(_ on: Bool, at instant: MonotonicInstant) {
        advance(to: instant)
        if !on {
            shutDown()
            power = .off
        }
    }

    /// Starts a boot: the interface is deaf until the boot lines; AT settings return to defaults.
    func beginBoot(keepingNetwork: Bool) {
        shutDown()
        if !keepingNetwork {
            contextActive = false
            status = .notRegistered
        }
        power = .booting
        bootCount += 1
        echo = quirks.echoAfterBoot || echo
        cmee = 0
        cfun = 1
        reportModes = [:]
        simUnlocked = simPIN == nil
        let first = keepingNetwork ? .milliseconds(300) : dialect.power.bootTime / 4
        for index in dialect.bootURCs.indices {
            after(first + .milliseconds(100 * index), .bootLine(index))
        }
    }

    /// Everything volatile goes: sockets, pending replies, half-typed lines, scheduled events.
    func shutDown() {
        generation += 1
        hung = false
        for socket in sockets.values { if let connection = socket.connection { transport.close(connection) } }
        sockets = [:]
        dataEntry = nil
        lineBuffer = []
        busyUntil = nil
        queuedLines = []
        keyPressedAt = nil
    }

    func bootLine(_ index: Int) {
        let line = dialect.bootURCs[index]
        if line == "+CPIN: READY" && !simUnlocked {
            emit(["+CPIN: SIM PIN"])
        } else {
            emit([line])
        }
        if index == 0 {
            power = .on
            firstCommandPending = quirks.firstCommandLost
        }
        if index == dialect.bootURCs.count - 1 {
            if quirks.rebootRatePerMinute > 0 {
                let minutes = -log(max(rng.nextUnit(), 1e-12)) / quirks.rebootRatePerMinute
                after(.milliseconds(Int64(minutes * 60_000)), .reboot)
            }
            if status.isRegistered {
                // Woken from PSM: the network kept the registration and the bearer.
                after(.milliseconds(100), .lines(registrationLines()))
                lastTraffic = now
                schedulePSMCheck()
            } else if simUnlocked {
                startRegistration()
            }
        }
    }

    // MARK: - PSM

    func setPSM(_ command: SimCommand) {
        guard dialect.supportsPSM else {
            error(4)
            return
        }
        if command.int(0) == 1, command.fields.count >= 5,
            let periodic = PSMTimer.decodeT3412(command.fields[3]),
            let active = PSMTimer.decodeT3324(command.fields[4])
        {
            psmTimers = (periodic, active)
            schedulePSMCheck()
        } else if command.int(0) == 0 {
            psmTimers = nil
        } else {
            error(50)
            return
        }
        ok()
    }

    func schedulePSMCheck() {
        guard let timers = psmTimers else { return }
        at(lastTraffic + profile.rrcTail + timers.active, .psmCheck)
    }

    /// Lets the network grant PSM only inside windows: from the first call on, a module outside every
    /// window stays idle (reachable, at idle power) when its active time runs out, as on a network that
    /// refuses the timers. At `start` a module that is on enters PSM at once, even with a socket open
    /// (the network released it early). Without a call the network grants PSM whenever the module asks.
    /// - Parameters:
    ///   - start: when the grant begins, on the module's clock.
    ///   - end: when it ends; a module asleep then stays asleep until woken.
    public func grantPSM(from start: MonotonicInstant, until end: MonotonicInstant) {
        withholdPSM()
        guard start < end else { return }
        psmGrants?.append(start..<end)
        scheduleFault(.enterPSM, at: start)
    }

    /// The network grants no PSM outside the windows given to ``grantPSM(from:until:)`` (none yet: never).
    public func withholdPSM() {
        if psmGrants == nil { psmGrants = [] }
    }

    /// Whether the network grants PSM at `instant`.
    func psmGranted(at instant: MonotonicInstant) -> Bool {
        psmGrants.map { windows in windows.contains { $0.contains(instant) } } ?? true
    }

    func psmCheck() {
        guard let timers = psmTimers, power == .on, status.isRegistered, dataEntry == nil else { return }
        guard psmGranted(at: now) else {
            if let next = psmGrants?.map(\.lowerBound).filter({ $0 > now }).min() { at(next, .psmCheck) }
            return
        }
        guard now >= lastTraffic + profile.rrcTail + timers.active, uplinkFreeAt <= now else {
            schedulePSMCheck()
            return
        }
        enterPSM(releasedAt: lastTraffic + profile.rrcTail)
    }

    /// Enters PSM; T3412 runs from the radio's release (the end of the RRC tail, or now when the network
    /// released the module early).
    func enterPSM(releasedAt release: MonotonicInstant) {
        if let line = dialect.psmEntryURC { emit([line]) }
        shutDown()
        power = .psm
        sleep(releasedAt: release)
    }

    /// The periodic TAU timer in force: the network's grant, else the module's request.
    var periodicTAUTimer: Duration? { psmTimers.map { grantedPeriodicTAU ?? $0.periodic } }

    /// Sleeps at PSM power until T3412, started at `release`, runs out.
    func sleep(releasedAt release: MonotonicInstant) {
        meter.psm(true, at: now)
        guard let periodic = periodicTAUTimer, periodic > .zero else { return }
        at(max(now, release + periodic), .periodicTAU)
    }

    /// T3412 ran out in PSM: the radio connects for the TAU (connected power), then the module idles
    /// for its active time (idle power) and sleeps again. The host interface stays as in PSM: the module
    /// prints nothing (no dialect here reports a TAU wake without extra setup) and a wake pulse meanwhile
    /// wakes it as from PSM.
    func periodicTAU() {
        guard power == .psm, let timers = psmTimers else { return }
        periodicTAUs.append(now)
        meter.psm(false, at: now)
        let released = now + profile.periodicTAUTime
        meter.activity(from: now, to: released, tail: .zero)
        at(released + timers.active, .periodicTAUDone(released))
    }

    /// The active time after a TAU is over: the module sleeps again where the network still grants PSM;
    /// elsewhere it stays idle (reachable, idle power) until woken.
    func periodicTAUDone(released: MonotonicInstant) {
        guard power == .psm, psmGranted(at: released) else { return }
        sleep(releasedAt: released)
    }

    func wakeFromPSM(by line: ModemLineRole) {
        lastWakeLine = line
        meter.psm(false, at: now)
        beginBoot(keepingNetwork: true)
    }

    // MARK: - Faults

    /// Injects a fault now.
    /// - Parameters:
    ///   - fault: the fault.
    ///   - instant: when.
    public func inject(_ fault: ModemFault, at instant: MonotonicInstant) {
        advance(to: instant)
        inject(fault)
    }

    /// Plans a fault for a later time; it happens then whatever the module does meanwhile (reboots included).
    /// - Parameters:
    ///   - fault: the fault.
    ///   - instant: when, in the simulation's time (a past time means at once, on the next advance).
    public func scheduleFault(_ fault: ModemFault, at instant: MonotonicInstant) {
        at(instant, .fault(fault), survivesReboot: true)
    }

    func inject(_ fault: ModemFault) {
        switch fault {
        case .reboot:
            if power == .on || power == .booting { beginBoot(keepingNetwork: false) }
        case .registrationLoss(let duration):
            coverageChanged(false)
            at(now + duration, .coverage(true))
        case .contextLoss:
            guard contextActive else { return }
            contextActive = false
            closeAllSockets()
            emit([contextLossLine])
        case .sendBufferFull(let count): pendingSendFails += count
        case .missingPrompt: dropNextPrompt = true
        case .lostSendResult: dropNextSendResult = true
        case .partialSend(let count): nextSendPart = count
        case .peerClose(let id, let bytes):
            guard let socket = sockets[id], socket.state == .open, let connection = socket.connection else { return }
            transport.close(connection)
            sockets[id]?.connection = nil
            if !bytes.isEmpty { downlink(bytes, to: id) }
            let closeAt = max(now + latency, sockets[id]?.downlinkFreeAt ?? now)
            at(closeAt, .peerClosed(id))
        case .enterPSM:
            if psmTimers != nil && power == .on && psmGranted(at: now) { enterPSM(releasedAt: now) }
        case .hang: hung = true
        case .garbage:
            emitRaw([0x0D, 0x0A, 0xFF, 0x00, 0xC3, 0x28, 0x07, 0x80, 0x0D, 0x0A])
        }
    }

    var contextLossLine: String {
        switch dialect.sockets {
        case .quectel: "+QIURC: \"pdpdeact\",1"
        case .simcomCA: "+APP PDP: 0,DEACTIVE"
        case .simcomCIP: "+CIPEVENT: NETWORK CLOSED UNEXPECTEDLY"
        }
    }
}
