// SensorGate — HALSim: an in-memory pair of connected serial ports for stream-decoder tests.

import HAL

/// Two serial ports wired to each other in memory, null-modem fashion: end A's output is end B's
/// input and the other way round.
///
/// For deterministic unit tests of stream decoders (AT lines, frames): a read delivers at most
/// ``chunkLimit`` bytes, so a decoder meets fragmented input as it does on a UART (Zephyr's mock
/// pipe uses a limit of 8). The control lines are crossed as a null-modem cable does: one end's DTR
/// shows as DSR and DCD at the other, RTS as CTS. Baud rate and framing are stored, not enforced.
/// Real kernel pseudo-terminals, for the modem simulator in its own process, live in HALLinux.
public final class SimSerialLink {
    /// One end.
    public let a: SimSerialPort
    /// The other end.
    public let b: SimSerialPort
    private let wire: SerialWire

    /// The most bytes one read delivers.
    public var chunkLimit: Int {
        get { wire.chunkLimit }
        set { wire.chunkLimit = max(1, newValue) }
    }

    /// Creates a connected pair.
    /// - Parameters:
    ///   - names: the ends' names. Default: `sim:serial0.a`, `sim:serial0.b`.
    ///   - chunkLimit: the most bytes one read delivers, at least 1. Default: unlimited.
    ///   - clock: advanced by the timeout of a read that finds nothing, or nil.
    public init(
        names: (a: String, b: String) = ("sim:serial0.a", "sim:serial0.b"), chunkLimit: Int = .max,
        clock: VirtualClock? = nil
    ) {
        wire = SerialWire(chunkLimit: max(1, chunkLimit), clock: clock)
        a = SimSerialPort(name: names.a, wire: wire, end: 0)
        b = SimSerialPort(name: names.b, wire: wire, end: 1)
    }
}

/// What the two ends share: a queue of bytes towards each end, which ends are open, their outputs.
final class SerialWire {
    var chunkLimit: Int
    let clock: VirtualClock?
    /// Bytes waiting to be read at each end.
    var inbound: [[UInt8]] = [[], []]
    /// How far each end has read into its inbound queue.
    var readOffset = [0, 0]
    var open = [true, true]
    /// The output control lines (DTR, RTS) each end asserts.
    var outputs: [ModemControlLines] = [[], []]

    init(chunkLimit: Int, clock: VirtualClock?) {
        self.chunkLimit = chunkLimit
        self.clock = clock
    }

    /// Takes up to `limit` bytes from the queue towards `end`.
    func take(at end: Int, limit: Int) -> ArraySlice<UInt8> {
        let start = readOffset[end]
        let stop = start + min(limit, inbound[end].count - start)
        readOffset[end] = stop
        let taken = inbound[end][start..<stop]
        if stop == inbound[end].count {
            inbound[end].removeAll(keepingCapacity: true)
            readOffset[end] = 0
        }
        return taken
    }

    /// How many bytes wait at `end`.
    func pendingCount(at end: Int) -> Int { inbound[end].count - readOffset[end] }

    /// Drops what waits at `end`.
    func discard(at end: Int) {
        inbound[end].removeAll(keepingCapacity: true)
        readOffset[end] = 0
    }
}
