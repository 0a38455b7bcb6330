// SensorGate — ModemSim: a cellular module, emulated at its AT interface, in a network model.

import HAL
import HALSim
import Modem

/// A cellular module emulated byte for byte in the dialect of one of the supported modules, with
/// their quirks, inside a ``NetworkProfile`` whose sockets lead to a ``NetworkTransport``.
///
/// Pure and single-threaded like the AT engine: bytes go in with ``receive(_:at:)``, time moves with
/// ``advance(to:)``, and what the module prints comes out of ``takeOutput()``. ``nextEventTime`` says
/// when something is due. The control lines (PWRKEY, RESET_N, the supply) are inputs too. Random
/// choices (latency, loss, registration delay, stray URCs) come from a seeded generator: the same seed
/// and inputs give the same bytes.
public final class SimModem {
    /// The dialect spoken.
    public let dialect: ModemDialect
    /// The network the module sits in.
    public let profile: NetworkProfile
    /// The quirks reproduced.
    public var quirks: ModemQuirks
    /// The SIM's PIN, or nil when the SIM needs none.
    public var simPIN: String?
    /// Bytes and radio-on time, for energy estimates.
    public internal(set) var meter = RadioMeter()
    /// The power state.
    public internal(set) var power: SimPower = .off
    /// How many times the module has booted (power-on, reset, reboot, PSM wake-up).
    public internal(set) var bootCount = 0
    /// The command lines received, in order (for tests and logs).
    public internal(set) var commandLog: [String] = []
    /// TCP segments that reached the network's far side before an earlier one and waited for it.
    public internal(set) var segmentsHeldForOrder = 0
    /// The periodic TAU timer (T3412) the network grants in place of the one the module requests with
    /// `AT+CPSMS`; nil grants the request.
    public var grantedPeriodicTAU: Duration?
    /// The control line that last woke the module from PSM (PWRKEY or the wake line), or nil.
    public internal(set) var lastWakeLine: ModemLineRole?
    /// When each periodic tracking-area update began: the module woke from PSM because T3412 ran out.
    public internal(set) var periodicTAUs: [MonotonicInstant] = []

    let transport: any NetworkTransport
    var rng: SplitMix64
    var now = MonotonicInstant.zero
    var generation = 0
    var schedule: [Scheduled] = []
    var sequence = 0
    var output: [UInt8] = []

    // AT interface state.
    var echo = true
    var cmee = 0
    var cfun = 1
    var simUnlocked = false
    var firstCommandPending = false
    var lineBuffer: [UInt8] = []
    var dataEntry: DataEntry?
    var busyUntil: MonotonicInstant?
    var queuedLines: [String] = []
    var reportModes: [RegistrationKind: Int] = [:]

    // Network state.
    var status: RegistrationStatus = .notRegistered
    var attached = true
    var contextActive = false
    var inCoverage = true
    var psmTimers: (periodic: Duration, active: Duration)?
    /// Windows in which the network grants PSM (``grantPSM(from:until:)``); nil: whenever asked.
    var psmGrants: [Range<MonotonicInstant>]?
    var lastTraffic = MonotonicInstant.zero
    var pendingSendFails = 0
    /// Windows in which every send fails (``addSendFailStorm(from:until:)``).
    var sendFailWindows: [Range<MonotonicInstant>] = []
    /// Windows of weak signal, with their RSRP in dBm (``addWeakSignal(rsrpDBm:from:until:)``).
    var weakSignalWindows: [(window: Range<MonotonicInstant>, rsrpDBm: Double)] = []
    var dropNextPrompt = false
    var dropNextSendResult = false
    var nextSendPart: Int?
    var keyPressedAt: MonotonicInstant?
    var hung = false
    var resetAssertedAt: MonotonicInstant?
    var wakeLineActiveAt: MonotonicInstant?

    // Sockets.
    var sockets: [Int: SimSocket] = [:]
    /// Sockets closed with segments still on the air, by transport connection: the peer gets those
    /// segments, then the close.
    var closingSockets: [Int: SimSocket] = [:]
    var uplinkFreeAt = MonotonicInstant.zero

    /// Creates a module, switched off.
    /// - Parameters:
    ///   - dialect: the dialect to speak.
    ///   - profile: the network.
    ///   - transport: where sockets lead.
    ///   - quirks: the quirks. Default: ``ModemQuirks/default``.
    ///   - seed: the random seed. Default: 1.
    public init(
        dialect: ModemDialect, profile: NetworkProfile, transport: any NetworkTransport,
        quirks: ModemQuirks = .default, seed: UInt64 = 1
    ) {
        self.dialect = dialect
        self.profile = profile
        self.transport = transport
        self.quirks = quirks
        rng = SplitMix64(seed: seed)
    }

    // MARK: - Interface

    /// Processes bytes from the host (ignored while off, booting or in PSM).
    /// - Parameters:
    ///   - bytes: the bytes, in any chunking.
    ///   - instant: when they arrived.
    public func receive(_ bytes: some Collection<UInt8>, at instant: MonotonicInstant) {
        advance(to: instant)
        guard power == .on, !hung else { return }
        for byte in bytes { consume(byte) }
    }

    /// Lets time pass: network traffic, timers and scheduled output up to `instant`.
    /// - Parameter instant: the new time.
    public func advance(to instant: MonotonicInstant) {
        pollTransport()
        while let first = schedule.first, first.at <= instant {
            schedule.removeFirst()
            now = max(now, first.at)
            if first.generation == generation || first.survivesReboot { run(first.event) }
            pollTransport()
        }
        now = max(now, instant)
    }

    /// Takes what the module printed.
    /// - Returns: the bytes; empty when none.
    public func takeOutput() -> [UInt8] {
        defer { output.removeAll() }
        return output
    }

    /// When the next scheduled thing happens, or nil.
    public var nextEventTime: MonotonicInstant? { schedule.first?.at }

    /// Whether the module is registered.
    public var isRegistered: Bool { status.isRegistered }

    /// Whether the data context is up.
    public var isContextActive: Bool { contextActive && power == .on }

    /// The sockets the module holds, by identifier, with their state.
    public var socketStates: [Int: SimSocketState] { sockets.mapValues(\.state) }

    /// Switches the module on at once, as a module wired to boot with its supply does.
    /// - Parameter instant: when.
    public func powerOn(at instant: MonotonicInstant) {
        advance(to: instant)
        if power == .off { beginBoot(keepingNetwork: false) }
    }

    // MARK: - Scheduling

    func at(_ instant: MonotonicInstant, _ event: SimEvent, survivesReboot: Bool = false) {
        sequence += 1
        let item = Scheduled(
            at: max(instant, now), sequence: sequence, generation: generation, survivesReboot: survivesReboot,
            event: event)
        let index = schedule.firstIndex { ($0.at, $0.sequence) > (item.at, item.sequence) } ?? schedule.endIndex
        schedule.insert(item, at: index)
    }

    func after(_ delay: Duration, _ event: SimEvent) { at(now + delay, event) }

    /// A random delay with `mean` and `deviation`, never negative.
    func sample(_ mean: Duration, _ deviation: Duration) -> Duration {
        let nanos = Double(mean.nanoseconds) + rng.nextGaussian() * Double(deviation.nanoseconds)
        return .nanoseconds(Int64(max(0, nanos)))
    }

    func chance(_ probability: Double) -> Bool { probability > 0 && rng.nextUnit() < probability }

    // MARK: - Output

    /// Prints `lines`, each framed `CR LF line CR LF` as V.250 verbose mode does.
    func emit(_ lines: [String]) {
        for line in lines { output += Array("\r\n\(line)\r\n".utf8) }
    }

    /// Prints raw bytes.
    func emitRaw(_ bytes: [UInt8]) { output += bytes }

    func run(_ event: SimEvent) {
        switch event {
        case .lines(let lines): emit(lines)
        case .bootLine(let index): bootLine(index)
        case .registered: registrationCompleted()
        case .coverage(let available): coverageChanged(available)
        case .reply(let lines): finishBusy(lines)
        case .contextUp(let line):
            contextActive = true
            emit([line])
        case .openDone(let id, let lines): openCompleted(id, lines)
        case .uplink(let id, let connection, let sequence): uplinkArrived(id, connection, sequence)
        case .downlink(let id, let bytes): downlinkArrived(id, bytes)
        case .peerClosed(let id): peerClosed(id)
        case .idleCheck(let id): idleCheck(id)
        case .psmCheck: psmCheck()
        case .periodicTAU: periodicTAU()
        case .periodicTAUDone(let released): periodicTAUDone(released: released)
        case .reboot: inject(.reboot)
        case .fault(let fault): inject(fault)
        case .powerDown: power = .off
        }
    }
}

/// The power state of a simulated module.
public enum SimPower: Sendable, Hashable {
    /// Switched off.
    case off
    /// Booting: deaf until its boot lines.
    case booting
    /// Running.
    case on
    /// In PSM: deaf to the UART until woken through its control line.
    case psm
}

/// The state of a simulated module's socket.
public enum SimSocketState: Sendable, Hashable {
    /// Connecting.
    case opening
    /// Connected.
    case open
    /// Closed by the peer or the network; data may remain to be read.
    case closing
}

/// One socket of the simulated module.
struct SimSocket {
    var proto: SocketProtocol
    var connection: Int?
    var state: SimSocketState
    var received: [UInt8] = []
    var reported = false
    var unsentBytes = 0
    var downlinkFreeAt = MonotonicInstant.zero
    var lastTraffic = MonotonicInstant.zero
    /// Segments on the air towards the peer, in the order they were sent.
    var inFlight: [UplinkSegment] = []
    /// The sequence number of the next segment sent.
    var nextSegment = 0
}

/// A piece of uplink data on the air: TCP hands it to the peer only after every earlier segment.
struct UplinkSegment {
    /// Its place in the socket's stream.
    var sequence: Int
    /// The bytes (the module's send buffer counts them until the segment is off the air).
    var bytes: [UInt8]
    /// A UDP datagram the network lost: it frees its room but never reaches the peer.
    var lost: Bool
    /// Whether it has reached the peer's side of the network.
    var arrived = false
}

/// The payload a prompt waits for.
struct DataEntry {
    var id: Int
    var count: Int
    var bytes: [UInt8] = []
    var promptShown: Bool
}

/// Something due at a time.
struct Scheduled {
    let at: MonotonicInstant
    let sequence: Int
    let generation: Int
    let survivesReboot: Bool
    let event: SimEvent
}

/// The things the simulated module schedules.
enum SimEvent {
    case lines([String])
    case bootLine(Int)
    case registered
    case coverage(Bool)
    case reply([String])
    case contextUp(String)
    case openDone(Int, [String])
    case uplink(Int, Int, Int)
    case downlink(Int, [UInt8])
    case peerClosed(Int)
    case idleCheck(Int)
    case psmCheck
    /// T3412 ran out in PSM.
    case periodicTAU
    /// The active time (T3324) after a periodic TAU released at the instant given is over.
    case periodicTAUDone(MonotonicInstant)
    case reboot
    case fault(ModemFault)
    case powerDown
}
