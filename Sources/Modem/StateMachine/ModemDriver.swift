// SensorGate — Modem: the modem state machine, over an AT channel, GPIO lines and a clock.

import HAL

/// Drives one cellular module: power, boot, configuration, registration, the data context, sockets,
/// and recovery that escalates (retry → re-attach → `AT+CFUN` cycle → reset line → power cycle).
///
/// Blocking and single-threaded, like ``ATChannel``: every wait runs on the injected
/// ``MonotonicClock`` (a virtual clock in tests, so nothing sleeps). The serial port is opened through
/// `openPort`, by its stable name and exclusively, and opened again after the link fails (a USB
/// modem re-enumerates after a reset).
public final class ModemDriver {
    /// The module's dialect.
    public let dialect: ModemDialect
    /// The settings.
    public let settings: ModemSettings
    /// Where the state machine is.
    public internal(set) var state: ModemState = .off
    /// What it has counted.
    public internal(set) var metrics = ModemMetrics()
    /// The last registration status of each kind.
    public internal(set) var registration: [RegistrationKind: RegistrationStatus] = [:]
    /// The last signal quality read by ``readSignal()``.
    public internal(set) var signal: SignalQuality?
    /// Whether the data context is up, as far as the driver knows.
    public internal(set) var isContextUp = false

    let commands: SocketCommands
    let clock: any MonotonicClock
    let lines: ModemPowerLines
    let openPort: () throws(HALError) -> any SerialPort
    var port: (any SerialPort)?
    var channel: ATChannel?
    var slots: [Int: SocketSlot] = [:]
    var needsBoot = false
    var expectingBoot = false
    var escalation = 0
    var registrationLostAt: MonotonicInstant?
    var servicing = false

    /// Creates a driver; nothing is sent until ``start()``.
    /// - Parameters:
    ///   - dialect: the module's dialect.
    ///   - settings: the settings. Default: ``ModemSettings/default``.
    ///   - lines: the control lines. Default: none wired.
    ///   - clock: the clock every wait runs on.
    ///   - openPort: opens the modem's serial port (by its stable name, exclusively).
    public init(
        dialect: ModemDialect, settings: ModemSettings = .default, lines: ModemPowerLines = ModemPowerLines(),
        clock: any MonotonicClock, openPort: @escaping () throws(HALError) -> any SerialPort
    ) {
        self.dialect = dialect
        self.settings = settings
        self.lines = lines
        self.clock = clock
        self.openPort = openPort
        commands = SocketCommands(dialect: dialect)
    }

    /// Whether the module is registered for packet data (EPS, or GPRS where the module reports it).
    public var isRegistered: Bool {
        registration[.eps]?.isRegistered == true || registration[.gprs]?.isRegistered == true
    }

    // MARK: - Channel

    /// Runs one command; URCs that arrive meanwhile are handled. A port failure drops the port (it is
    /// opened again by the next bring-up) and throws.
    func execute(_ command: ATCommand) throws(ModemError) -> ATReply {
        let channel = try currentChannel()
        let reply: ATReply
        do {
            reply = try channel.execute(command)
        } catch {
            dropLink()
            throw .link(error)
        }
        if case .timeout(let phase) = reply.status {
            metrics.commandTimeouts += 1
            // No answer at all: resynchronise before the next operation.
            if phase == .response && !reply.payloadWritten { needsBoot = true }
        }
        handleBacklog()
        return reply
    }

    /// Runs `body` online; when it fails because the modem stopped answering (or rebooted), recovers
    /// and runs it once more.
    func withRecovery<T>(_ body: () throws(ModemError) -> T) throws(ModemError) -> T {
        try ensureOnline()
        do {
            return try body()
        } catch {
            guard needsBoot || state != .online else { throw error }
            try ensureOnline()
            return try body()
        }
    }

    /// Listens for `duration`, handling URCs.
    func listen(for duration: Duration) throws(ModemError) {
        guard duration > .zero else { return }
        let channel = try currentChannel()
        do {
            try channel.listen(for: duration)
        } catch {
            dropLink()
            throw .link(error)
        }
        handleBacklog()
    }

    /// Writes raw bytes (ESC to leave a data prompt).
    func writeRaw(_ bytes: [UInt8]) throws(ModemError) {
        guard let port else { return }
        do { try port.write(bytes) } catch {
            dropLink()
            throw .link(error)
        }
    }

    /// The channel, opening the port when needed; a fresh engine after a reboot (echo is on again and
    /// half-read lines are void).
    func currentChannel() throws(ModemError) -> ATChannel {
        if let channel { return channel }
        if port == nil {
            do {
                port = try openPort()
            } catch {
                metrics.linkFailures += 1
                throw .link(error)
            }
        }
        guard let port else { throw ModemError(.link, "\(dialect.model): no serial port") }
        let channel = ATChannel(port: port, clock: clock, engine: ATEngine(configuration: dialect.engineConfiguration))
        self.channel = channel
        return channel
    }

    /// Forgets the port and the channel after a link failure.
    func dropLink() {
        metrics.linkFailures += 1
        port = nil
        channel = nil
        if state != .off && state != .psm { needsBoot = true }
    }

    /// Starts a fresh engine on the same port (after a reboot).
    func restartChannel() { channel = nil }
}

/// What the driver keeps per socket.
struct SocketSlot {
    var state: SocketState
    var proto: SocketProtocol
    var received: [UInt8] = []
    var dataWaiting = false
    var peerClosing = false
}
