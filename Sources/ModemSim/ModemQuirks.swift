// SensorGate — ModemSim: the habits of real modules the simulator reproduces.

/// Quirks of real modules, each switchable; probabilities are per opportunity, drawn from the seed.
public struct ModemQuirks: Sendable {
    /// Echo is on after every boot (`ATE1` is the factory default). Default: true.
    public var echoAfterBoot = true
    /// The first command after boot is swallowed while the module finishes starting. Default: true.
    public var firstCommandLost = true
    /// Extra boot time beyond the first boot line, mean. Default: 1.5 s.
    public var slowBoot: Duration = .milliseconds(1500)
    /// Probability that a response carries a stray registration URC before its final result. Default: 0.05.
    public var awkwardURCRate = 0.05
    /// Probability per minute of a spontaneous reboot. Default: 0 (faults are injected by tests).
    public var rebootRatePerMinute = 0.0
    /// The module's send buffer per socket, in bytes; a send that does not fit gets `SEND FAIL`. Default: 4096.
    public var sendBufferBytes = 4096

    /// The defaults listed on each property.
    public static let `default` = ModemQuirks()

    /// No quirks at all: echo stays as set, nothing is lost, nothing is stray.
    public static let none: ModemQuirks = {
        var quirks = ModemQuirks()
        quirks.echoAfterBoot = false
        quirks.firstCommandLost = false
        quirks.slowBoot = .zero
        quirks.awkwardURCRate = 0
        return quirks
    }()

    /// Creates the defaults.
    public init() {}
}

/// Faults a test or a campaign injects into a running simulated modem.
public enum ModemFault: Sendable, Hashable {
    /// The module reboots (boot lines follow).
    case reboot
    /// Registration is lost for a while (`+CEREG: 2`, then registered again).
    case registrationLoss(Duration)
    /// The data context drops; every socket goes with it.
    case contextLoss
    /// The next `count` sends are refused with a full buffer.
    case sendBufferFull(count: Int)
    /// The next send's prompt is not printed (the module still waits for the data).
    case missingPrompt
    /// The next send goes on the air, but its result (`SEND OK`, `OK`, `+CIPSEND:`) never reaches the UART.
    case lostSendResult
    /// The next send is taken only in part: the module sends its first `count` bytes and says so
    /// (`+CIPSEND: <id>,<asked>,<count>`; SIMCom CIP only, the others take it whole).
    case partialSend(count: Int)
    /// The peer closes socket `id` right after sending `bytes` (unread data at close).
    case peerClose(id: Int, lastBytes: [UInt8])
    /// The module enters PSM now (if PSM is configured), with whatever sockets are open.
    case enterPSM
    /// Bytes that are not text arrive on the line.
    case garbage
    /// The module hangs: it ignores the UART until reset or power-cycled.
    case hang
}
