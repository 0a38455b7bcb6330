// SensorGate — Modem: what the state machine does with unsolicited results.

extension ModemDriver {
    /// Handles the URCs and noise collected while commands ran.
    func handleBacklog() {
        guard let channel else { return }
        for event in channel.takeBacklog() {
            switch event {
            case .unsolicited(let urc): handle(urc)
            case .unhandled, .noise: metrics.noise += 1
            case .completed: break
            }
        }
    }

    private func handle(_ urc: ATUnsolicited) {
        switch urc.consumer {
        case ModemDialect.Consumers.power:
            if urc.line == dialect.bootMarker { bootLineSeen() }
            if urc.line == dialect.psmEntryURC { psmEntered() }
        case ModemDialect.Consumers.registration:
            if let report = RegistrationReport.parse(urc.line, isResponse: false) { update(report) }
        case SocketCommands.consumer:
            if let event = commands.event(of: urc.line) { handle(event) }
        default:
            metrics.noise += 1
        }
    }

    /// A boot line: expected after a power-on or reset, otherwise the module rebooted by itself.
    func bootLineSeen() {
        if expectingBoot {
            expectingBoot = false
        } else if state != .off && state != .booting {
            metrics.unexpectedReboots += 1
        }
        needsBoot = true
        state = .booting
        forgetNetworkState()
        restartChannel()
    }

    /// Registration, context and sockets are gone (reboot, CFUN cycle, PSM).
    func forgetNetworkState() {
        registration = [:]
        registrationLostAt = nil
        isContextUp = false
        loseSockets()
    }

    /// Open sockets become lost; their received bytes stay readable.
    func loseSockets() {
        for (id, slot) in slots where slot.state == .open || slot.state == .opening || slot.state == .peerClosed {
            slots[id]?.state = .lost
            slots[id]?.dataWaiting = false
            slots[id]?.peerClosing = false
        }
    }

    func update(_ report: RegistrationReport) {
        let wasRegistered = isRegistered
        registration[report.kind] = report.status
        if wasRegistered && !isRegistered {
            if state == .online || state == .registered { metrics.registrationLosses += 1 }
            registrationLostAt = registrationLostAt ?? clock.now()
            if state == .online || state == .registered { state = .registering }
        } else if isRegistered {
            registrationLostAt = nil
            if state == .registering { state = isContextUp ? .online : .registered }
        }
    }

    private func handle(_ event: SocketEvent) {
        switch event {
        case .dataAvailable(let id):
            slots[id]?.dataWaiting = true
        case .closedByPeer(let id):
            if slots[id]?.state == .open {
                slots[id]?.peerClosing = true
                slots[id]?.dataWaiting = true
            }
        case .contextLost:
            if isContextUp { metrics.contextLosses += 1 }
            isContextUp = false
            loseSockets()
            if state == .online { state = .registered }
        case .contextUp:
            isContextUp = true
        case .openResult(let id, let error):
            // A late result of an open that timed out: the socket exists in the modem; close it.
            if slots[id] == nil && error == 0 { slots[id] = SocketSlot(state: .lost, proto: .tcp) }
        case .sendConfirmed:
            break
        }
    }
}
