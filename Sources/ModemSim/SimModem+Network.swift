// SensorGate — ModemSim: registration, coverage and the data context of the simulated module.

import HAL
import Modem

extension SimModem {
    /// Adds a period without coverage.
    /// - Parameter gap: the period, in the simulation's time.
    public func addCoverageGap(_ gap: CoverageGap) {
        at(gap.start, .coverage(false), survivesReboot: true)
        at(gap.end, .coverage(true), survivesReboot: true)
    }

    /// Refuses every send from `start` until `end` (SEND FAIL, or the dialect's equivalent), in the
    /// simulation's time: a storm, whatever the module does meanwhile (reboots included).
    /// - Parameters:
    ///   - start: when the storm begins.
    ///   - end: when it is over.
    public func addSendFailStorm(from start: MonotonicInstant, until end: MonotonicInstant) {
        guard start < end else { return }
        sendFailWindows.append(start..<end)
    }

    /// Weakens the signal at the module's antenna from `start` until `end` (the simulation's time) to
    /// `rsrpDBm`, whatever the module does meanwhile (reboots included): its reports show it, the link
    /// carries ``RadioConditions/rateFactor`` of the profile's rates, and its latency grows by the
    /// inverse (``latency``). Where windows overlap, the one added last holds.
    /// - Parameters:
    ///   - rsrpDBm: the RSRP in the window, −140…−44 dBm.
    ///   - start: when the signal weakens.
    ///   - end: when it is back to nominal.
    public func addWeakSignal(rsrpDBm: Double, from start: MonotonicInstant, until end: MonotonicInstant) {
        guard start < end else { return }
        weakSignalWindows.append((start..<end, rsrpDBm))
    }

    /// The radio conditions now: a weak-signal window's, or the nominal ones.
    public var radio: RadioConditions {
        let weak = weakSignalWindows.last { $0.window.contains(now) }
        return RadioConditions(
            rsrpDBm: weak?.rsrpDBm ?? RadioConditions.nominalRSRPDBm, resourceBlocks: profile.resourceBlocks)
    }

    /// The profile's rate `bitsPerSecond` in the conditions now.
    func effectiveRate(_ bitsPerSecond: Int) -> Int { max(1, Int(Double(bitsPerSecond) * radio.rateFactor)) }

    /// The profile's mean one-way latency in the conditions now: the radio repeats each transmission as
    /// the rate falls, so the latency grows by the same factor, to at most ``edgeLatencyLimit`` (a
    /// profile's own latency above that stays as it is).
    var latency: Duration {
        let scaled = Double(profile.latency.nanoseconds) / radio.rateFactor
        let capped = min(scaled, Double(Self.edgeLatencyLimit.nanoseconds))
        return max(profile.latency, .nanoseconds(Int64(capped)))
    }

    /// The longest one-way latency the edge of coverage gives: 10 s, the latency 3GPP aimed NB-IoT at
    /// for an exception report at its coverage limit (TR 45.820).
    static let edgeLatencyLimit: Duration = .seconds(10)

    func startRegistration() {
        guard power == .on, cfun == 1, attached, simUnlocked, !status.isRegistered else { return }
        status = .searching
        emit(registrationLines())
        guard inCoverage else { return }
        let delay = sample(profile.registrationDelay, profile.registrationJitter)
        meter.activity(from: now, to: now + delay, tail: profile.rrcTail)
        after(delay, .registered)
    }

    func registrationCompleted() {
        guard power == .on, cfun == 1, attached, inCoverage, !status.isRegistered else { return }
        status = .home
        lastTraffic = now
        emit(registrationLines())
        if dialect.pdp == .quectelDefaultBearer { contextActive = true }
        schedulePSMCheck()
    }

    func coverageChanged(_ available: Bool) {
        inCoverage = available
        if !available {
            guard status.isRegistered else { return }
            status = .searching
            if power == .on { emit(registrationLines()) }
        } else if power == .on {
            startRegistration()
        }
    }

    /// The registration URCs for the reports switched on.
    func registrationLines() -> [String] {
        dialect.registrations.filter { (reportModes[$0] ?? 0) > 0 }.map { "+\($0.rawValue): \(status.rawValue)" }
    }

    func setFunctionality(_ mode: Int, reset: Bool) {
        if reset {
            ok()
            beginBoot(keepingNetwork: false)
            return
        }
        cfun = mode
        ok()
        if mode == 1 {
            startRegistration()
        } else {
            contextActive = false
            closeAllSockets()
            status = .notRegistered
            emit(registrationLines())
        }
    }

    func closeAllSockets() {
        for (id, socket) in sockets {
            if let connection = socket.connection { transport.close(connection) }
            sockets[id] = nil
        }
        // Abrupt (a reboot, the context lost): what a closed socket still had on the air is gone too.
        for connection in closingSockets.keys { transport.close(connection) }
        closingSockets.removeAll()
    }

    /// Registration, attach and data-context commands.
    func dispatchNetwork(_ command: SimCommand) -> Bool {
        if let kind = RegistrationKind(rawValue: String(command.name.dropFirst())), command.name.hasPrefix("+") {
            // A module that reports EPS only answers ERROR to AT+CREG and AT+CGREG.
            guard dialect.registrations.contains(kind) else {
                error()
                return true
            }
            if command.op == "=" {
                reportModes[kind] = command.int(0) ?? 0
                ok()
            } else {
                ok(["+\(kind.rawValue): \(reportModes[kind] ?? 0),\(status.rawValue)"])
            }
            return true
        }
        switch (command.name, command.op, dialect.pdp) {
        case ("+CGATT", "=", _):
            let attach = command.int(0) == 1
            busy(for: .milliseconds(500), then: ["OK"])
            attached = attach
            if attach {
                startRegistration()
            } else {
                contextActive = false
                closeAllSockets()
                status = .notRegistered
                emit(registrationLines())
            }
        case ("+CGATT", "?", _): ok(["+CGATT: \(attached && status.isRegistered ? 1 : 0)"])
        case ("+QICSGP", "=", .quectelQIACT), ("+QCGDEFCONT", "=", .quectelDefaultBearer),
            ("+CGDCONT", "=", .simcomCNACT), ("+CNCFG", "=", .simcomCNACT), ("+CGDCONT", "=", .simcomNETOPEN):
            ok()
        case ("+CIPRXGET", "=", .simcomNETOPEN) where command.int(0) == 1: ok()
        case ("+QIACT", "=", .quectelQIACT):
            guard status.isRegistered else {
                error(561)
                return true
            }
            contextActive = true
            busy(for: sample(latency * 2, profile.latencyJitter), then: ["OK"])
        case ("+QIACT", "?", .quectelQIACT):
            ok(contextActive ? ["+QIACT: 1,1,1,\"10.64.0.2\""] : [])
        case ("+QIDEACT", "=", .quectelQIACT):
            contextActive = false
            closeAllSockets()
            ok()
        case ("+CGACT", "?", .quectelDefaultBearer): ok(["+CGACT: 1,\(contextActive ? 1 : 0)"])
        case ("+CNACT", "=", .simcomCNACT):
            guard status.isRegistered else {
                error()
                return true
            }
            ok()
            if command.int(1) == 1 {
                after(sample(latency * 2, profile.latencyJitter), .contextUp("+APP PDP: 0,ACTIVE"))
            } else {
                contextActive = false
                closeAllSockets()
                emit(["+APP PDP: 0,DEACTIVE"])
            }
        case ("+CNACT", "?", .simcomCNACT):
            ok([contextActive ? "+CNACT: 0,1,\"10.64.0.2\"" : "+CNACT: 0,0,\"0.0.0.0\""])
        case ("+NETOPEN", nil, .simcomNETOPEN):
            guard !contextActive else {
                emit(["+IP ERROR: Network is already opened"])
                error()
                return true
            }
            ok()
            if status.isRegistered {
                after(sample(latency * 2, profile.latencyJitter), .contextUp("+NETOPEN: 0"))
            } else {
                after(.milliseconds(100), .lines(["+NETOPEN: 1"]))
            }
        case ("+NETOPEN", "?", .simcomNETOPEN): ok(["+NETOPEN: \(contextActive ? 1 : 0)"])
        default: return false
        }
        return true
    }
}
