// SensorGate — ModemSim: a simulated modem wired to a driver in the same process, on virtual time.

import HAL
import HALSim
import Modem

/// A ``SimModem`` on the far end of a ``SimSerialLink``, with its control lines, for in-process runs.
///
/// The driver gets ``port`` (a serial port whose reads run the modem until it has something to say
/// or the read's timeout passes on the ``VirtualClock``) and ``lines`` (PWRKEY, RESET_N and supply
/// lines that the modem observes). Nothing sleeps: a read that would wait moves the clock to the
/// modem's next event. With a transport on real sockets, a read that would wait also waits for the
/// network in real time, up to the same span.
public final class SimModemHarness {
    /// The modem.
    public let modem: SimModem
    /// The clock everything runs on.
    public let clock: VirtualClock
    /// The link between driver and modem (its `chunkLimit` fragments what the driver reads).
    public let link: SimSerialLink
    /// The port the driver opens.
    public private(set) lazy var port: any SerialPort = HarnessPort(harness: self)
    /// The control lines the driver drives.
    public private(set) lazy var lines = ModemPowerLines(
        powerKey: SimModemLine(name: "sim:modem.PWRKEY", harness: self) { $0.setPowerKey($1, at: $2) },
        reset: SimModemLine(name: "sim:modem.RESET_N", harness: self) { $0.setReset($1, at: $2) },
        supply: SimModemLine(name: "sim:modem.VBAT_EN", harness: self, initial: true) { $0.setSupply($1, at: $2) })
    /// The PSM wake-up line (PSM_EINT): not among ``lines`` (the driver would prefer it to PWRKEY); a
    /// board that wires it gets it from ``lines(wired:)``.
    public private(set) lazy var wakeLine = SimModemLine(name: "sim:modem.PSM_EINT", harness: self) {
        $0.setWakeLine($1, at: $2)
    }

    /// The control lines a board wires, each the simulated module's own.
    /// - Parameter roles: the lines wired (the board's `modem: lines:` keys).
    /// - Returns: those lines; the others are nil.
    public func lines(wired roles: Set<ModemLineRole>) -> ModemPowerLines {
        ModemPowerLines(
            powerKey: roles.contains(.powerKey) ? lines.powerKey : nil,
            reset: roles.contains(.reset) ? lines.reset : nil,
            supply: roles.contains(.supply) ? lines.supply : nil,
            wake: roles.contains(.wake) ? wakeLine : nil)
    }

    /// Every byte the driver wrote and the modem printed, in order, for transcripts.
    public private(set) var traffic: [(fromHost: Bool, bytes: [UInt8])] = []
    /// Whether the port works: false makes reads and writes fail and opening it fail, as a USB modem
    /// that vanished does.
    public var portAvailable = true

    /// Creates a harness.
    /// - Parameters:
    ///   - modem: the modem.
    ///   - clock: the virtual clock.
    ///   - chunkLimit: the most bytes one driver read delivers. Default: unlimited.
    public init(modem: SimModem, clock: VirtualClock, chunkLimit: Int = .max) {
        self.modem = modem
        self.clock = clock
        link = SimSerialLink(names: ("sim:modem.host", "sim:modem.module"), chunkLimit: chunkLimit)
    }

    /// Opens the driver's port (fails while ``portAvailable`` is false, like a vanished USB device).
    /// - Returns: the port.
    /// - Throws: `HALError` with kind `.notFound` while unavailable.
    public func openPort() throws(HALError) -> any SerialPort {
        guard portAvailable else {
            throw HALError(.notFound, device: "sim:modem.host", operation: "open", hint: "the modem's port is gone")
        }
        return port
    }

    /// Moves the modem to the clock's time and carries bytes both ways.
    func pump() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while let count = try? link.b.read(into: &buffer, timeout: .zero), count > 0 {
            let bytes = Array(buffer[0..<count])
            traffic.append((true, bytes))
            modem.receive(bytes, at: clock.now())
        }
        modem.advance(to: clock.now())
        let output = modem.takeOutput()
        if !output.isEmpty {
            traffic.append((false, output))
            if (try? link.b.write(output)) != nil { pendingAtHost += output.count }
        }
    }

    /// Runs the modem until `deadline` or until it prints something.
    func runUntilOutput(or deadline: MonotonicInstant) {
        while true {
            pump()
            if linkHasInput { return }
            guard clock.now() < deadline else { return }
            let next = modem.nextEventTime.map { min($0, deadline) } ?? deadline
            if next > clock.now() {
                let span = next - clock.now()
                modem.transport.waitForActivity(timeout: min(span, .milliseconds(20)))
                clock.advance(to: next)
            } else {
                clock.advance(by: .microseconds(1))
            }
        }
    }

    private var linkHasInput: Bool { pendingAtHost > 0 }

    /// Bytes written towards the driver and not yet read.
    var pendingAtHost = 0

    /// The bytes exchanged, as text with control characters escaped (for failure messages).
    public var transcript: String {
        traffic.map { ($0.fromHost ? "> " : "< ") + escaped($0.bytes) }.joined(separator: "\n")
    }

    private func escaped(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            switch byte {
            case 0x0D: "\\r"
            case 0x0A: "\\n"
            case 0x20..<0x7F: String(UnicodeScalar(byte))
            default: "\\x" + String(byte, radix: 16)
            }
        }.joined()
    }
}

/// The driver's end of the harness: reads run the modem.
final class HarnessPort: SerialPort {
    unowned let harness: SimModemHarness
    var name: String { harness.link.a.name }
    var settings: SerialSettings { harness.link.a.settings }

    init(harness: SimModemHarness) { self.harness = harness }

    func configure(_ settings: SerialSettings) throws(HALError) { try harness.link.a.configure(settings) }

    func read(into buffer: inout [UInt8], timeout: Duration) throws(HALError) -> Int {
        try checkAvailable("read")
        harness.runUntilOutput(or: harness.clock.now() + timeout)
        let count = try harness.link.a.read(into: &buffer, timeout: .zero)
        harness.pendingAtHost -= count
        return count
    }

    func write(_ bytes: [UInt8]) throws(HALError) {
        try checkAvailable("write")
        try harness.link.a.write(bytes)
        harness.pump()
    }

    func drain() throws(HALError) {}

    private func checkAvailable(_ operation: String) throws(HALError) {
        guard harness.portAvailable else {
            throw HALError(.disconnected, device: name, operation: operation, hint: "the modem's port vanished")
        }
    }
    func flush(_ queue: SerialQueue) throws(HALError) { try harness.link.a.flush(queue) }
    func modemControlLines() throws(HALError) -> ModemControlLines { try harness.link.a.modemControlLines() }
    func setModemControlLines(_ lines: ModemControlLines, asserted: Bool) throws(HALError) {
        try harness.link.a.setModemControlLines(lines, asserted: asserted)
    }
}

/// A control line of the simulated modem (PWRKEY, RESET_N, supply) as a GPIO output.
public final class SimModemLine: GPIOOutputLine {
    /// The line's name.
    public let name: String
    /// The level last set.
    public private(set) var isActive: Bool
    /// Every change, with its time.
    public private(set) var history: [(active: Bool, at: MonotonicInstant)] = []
    private unowned let harness: SimModemHarness
    private let apply: (SimModem, Bool, MonotonicInstant) -> Void

    init(
        name: String, harness: SimModemHarness, initial: Bool = false,
        apply: @escaping (SimModem, Bool, MonotonicInstant) -> Void
    ) {
        self.name = name
        self.harness = harness
        isActive = initial
        self.apply = apply
    }

    /// Sets the level; the modem sees the change at the clock's time.
    public func set(_ active: Bool) throws(HALError) {
        harness.pump()
        isActive = active
        history.append((active, harness.clock.now()))
        apply(harness.modem, active, harness.clock.now())
        harness.pump()
    }
}
