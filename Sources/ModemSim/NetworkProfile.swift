// SensorGate — ModemSim: the radio network a simulated modem sits in.

import HAL

/// Rates, delays, loss and timers of a cellular network, with defaults for NB-IoT and LTE Cat-1.
///
/// Figures are typical field values, not limits: NB-IoT (Cat-NB1/NB2) carries tens of kbit/s with
/// second-scale latency; Cat-1 carries Mbit/s with tens of milliseconds. The RRC tail is how long the
/// radio stays connected after the last packet (the inactivity timer), which dominates energy.
public struct NetworkProfile: Sendable {
    /// The name (`nbiot`, `cat1`).
    public var name: String
    /// Uplink rate in bits per second.
    public var uplinkBitsPerSecond: Int
    /// Downlink rate in bits per second.
    public var downlinkBitsPerSecond: Int
    /// One-way latency, mean.
    public var latency: Duration
    /// One-way latency, standard deviation.
    public var latencyJitter: Duration
    /// Packet loss probability, 0–1 (TCP pays a retransmission timeout, UDP loses the datagram).
    public var lossRate: Double
    /// TCP retransmission timeout paid per lost segment.
    public var retransmissionTimeout: Duration
    /// Registration delay after power-on or coverage return, mean.
    public var registrationDelay: Duration
    /// Registration delay, standard deviation.
    public var registrationJitter: Duration
    /// The operator's idle timeout: a connection silent this long is dropped by the NAT.
    public var idleTimeout: Duration
    /// How long the radio stays connected after the last packet (RRC inactivity timer).
    public var rrcTail: Duration
    /// Modem power while the radio is connected, in watts.
    public var connectedPowerW: Double
    /// Modem power while idle (registered, paging), in watts.
    public var idlePowerW: Double
    /// Modem power in PSM, in watts.
    public var psmPowerW: Double
    /// How long a periodic tracking-area update keeps the radio connected (RRC setup, TAU request and
    /// accept, release), at connected power; the module then idles for its active time (T3324).
    public var periodicTAUTime: Duration
    /// Resource blocks of the carrier (12 subcarriers of 15 kHz each), over which the module measures
    /// its RSSI (``RadioConditions``).
    public var resourceBlocks: Int

    /// NB-IoT: 30 kbit/s up, 25 kbit/s down, 800 ± 300 ms one way, 1 % loss, 8 ± 4 s to register,
    /// 5 min operator idle timeout, 20 s RRC tail, 0.3 W connected, 3 mW idle, 10 µW PSM, 2 s per
    /// periodic TAU, one 180 kHz resource block.
    public static let nbiot = NetworkProfile(
        name: "nbiot", uplinkBitsPerSecond: 30_000, downlinkBitsPerSecond: 25_000, latency: .milliseconds(800),
        latencyJitter: .milliseconds(300), lossRate: 0.01, retransmissionTimeout: .seconds(3),
        registrationDelay: .seconds(8), registrationJitter: .seconds(4), idleTimeout: .seconds(300),
        rrcTail: .seconds(20), connectedPowerW: 0.3, idlePowerW: 0.003, psmPowerW: 0.000_01,
        periodicTAUTime: .seconds(2), resourceBlocks: 1)

    /// LTE Cat-1: 5 Mbit/s up, 10 Mbit/s down, 40 ± 15 ms one way, 0.1 % loss, 3 ± 1 s to register,
    /// 30 min operator idle timeout, 10 s RRC tail, 0.7 W connected, 15 mW idle, 1 mW PSM, 1 s per
    /// periodic TAU, a 5 MHz carrier (25 resource blocks).
    public static let cat1 = NetworkProfile(
        name: "cat1", uplinkBitsPerSecond: 5_000_000, downlinkBitsPerSecond: 10_000_000, latency: .milliseconds(40),
        latencyJitter: .milliseconds(15), lossRate: 0.001, retransmissionTimeout: .seconds(1),
        registrationDelay: .seconds(3), registrationJitter: .seconds(1), idleTimeout: .seconds(1800),
        rrcTail: .seconds(10), connectedPowerW: 0.7, idlePowerW: 0.015, psmPowerW: 0.001,
        periodicTAUTime: .seconds(1), resourceBlocks: 25)

    /// The profile called `name`, or nil.
    /// - Parameter name: `nbiot` or `cat1`.
    /// - Returns: the profile.
    public static func named(_ name: String) -> NetworkProfile? {
        [nbiot, cat1].first { $0.name == name.lowercased() }
    }

    /// The time `byteCount` bytes take on the air at `bitsPerSecond`.
    static func airTime(_ byteCount: Int, bitsPerSecond: Int) -> Duration {
        .nanoseconds(Int64(byteCount) * 8 * 1_000_000_000 / Int64(max(1, bitsPerSecond)))
    }
}

/// A period without coverage, in the simulation's time.
public struct CoverageGap: Sendable, Hashable {
    /// When coverage is lost.
    public var start: MonotonicInstant
    /// When it returns.
    public var end: MonotonicInstant

    /// Creates a gap.
    /// - Parameters:
    ///   - start: when coverage is lost.
    ///   - end: when it returns.
    public init(start: MonotonicInstant, end: MonotonicInstant) {
        self.start = start
        self.end = end
    }
}
