// SensorGate — HIL: the upstream of a scenario: one collector across every restart, with outages.

import Collector
import Envelope
import Gateway
import Store
import Synchronization

/// The far end of a scenario's uplink: a ``Collector`` (verify, de-duplicate, decode) that outlives
/// the gateway's restarts, unreachable while a broker-down window or a power cut lasts. It counts what
/// it decoded per device and second (mapped back to virtual time through each run segment's epoch),
/// the bytes it took over time, the rows of the gateway's derived streams (``DeliveredStreams``),
/// and each batch's latency from its last sample to its acknowledgement.
final class HILUpstream: UpstreamLink {
    /// One gateway run between power cuts: UTC µs and virtual ns at its epoch.
    struct Segment {
        var utcStartMicros: Int64
        var startNs: Int64
    }

    struct State {
        var collector: Collector
        var segments: [Segment] = []
        var verified: [[Int]]
        var bytes = 0
        var envelopes = 0
        var batches = 0
        /// (virtual seconds, cumulative bytes) after each acknowledgement.
        var bytesSeries: Series
        /// Latency from a batch's last sample to its decoding, seconds.
        var latenciesS: [Double] = []
        var refused = 0
        /// Virtual seconds at which each envelope was taken.
        var receptionsS: [Double] = []
        /// The gateway's derived streams (orientation, altitude, events, vibration features) as decoded.
        var derived = DeliveredStreams()
        /// The retained status values the gateway published (`online`, `asleep`, `offline`), in order.
        var statuses: [String] = []
    }

    private let state: Mutex<State>
    /// Virtual now, ns; the runner moves it after each slice.
    let nowNs = Atomic<Int64>(0)
    /// False while the broker is down or the gateway has no power.
    let reachable = Atomic<Bool>(true)
    private let verifiedCount = Atomic<Int>(0)
    /// Samples verified so far (any thread).
    var verifiedSoFar: Int { verifiedCount.load(ordering: .relaxed) }
    let utcBaseMicros: Int64
    /// The scenario's operator, whose commands the gateway takes over this link (no modem chain); nil
    /// without one.
    let downlink: OperatorDownlink?

    init(
        identity: DeviceIdentity, devices: Int, seconds: Int, utcBaseMicros: Int64, stepS: Double,
        downlink: OperatorDownlink? = nil
    ) {
        self.downlink = downlink
        var registry = DeviceRegistry()
        registry.register(publicKey: identity.publicKey)
        state = Mutex(
            State(
                collector: Collector(registry: registry),
                verified: Array(repeating: Array(repeating: 0, count: seconds), count: devices),
                bytesSeries: Series(stepS: stepS)))
        self.utcBaseMicros = utcBaseMicros
    }

    /// Envelopes taken so far (any thread).
    var envelopesTaken: Int { state.withLock { $0.envelopes } }

    /// A run segment started.
    func began(_ segment: Segment) { state.withLock { $0.segments.append(segment) } }

    /// Records a retained status the gateway published on the broker in front of this upstream.
    /// - Parameter value: the payload.
    func noteStatus(_ value: String) { state.withLock { $0.statuses.append(value) } }

    func offer(_ batch: StoredBatch) -> Bool? {
        guard reachable.load(ordering: .relaxed) else { return nil }
        return take(batch.payload)
    }

    /// The operator's commands due by now (virtual time), each handed over once, while reachable.
    func commands() -> [[UInt8]] {
        guard let downlink, reachable.load(ordering: .relaxed) else { return [] }
        let due = downlink.due(atS: Double(nowNs.load(ordering: .relaxed)) / 1e9)
        for command in due {
            downlink.delivered()
            downlink.acknowledged(sequence: command.sequence)
        }
        return due.map(\.bytes)
    }

    /// The gateway's acknowledgement of a command, to the operator.
    func acknowledge(_ ack: [UInt8]) { downlink?.acknowledgement(ack) }

    /// Takes one envelope (from ``offer(_:)``, or a PUBLISH the in-process broker received through the
    /// simulated modem): verified, de-duplicated, decoded and counted.
    /// - Parameters:
    ///   - payload: the envelope.
    ///   - atS: when it arrived, virtual seconds (the simulated module's clock); nil: the sampler's time.
    /// - Returns: true (the upstream holds it: acknowledged).
    @discardableResult
    func take(_ payload: [UInt8], atS: Double? = nil) -> Bool {
        let now = atS.map { Int64($0 * 1e9) } ?? nowNs.load(ordering: .relaxed)
        return state.withLock { state in
            let receipt = state.collector.receive(payload)
            state.receptionsS.append(Double(now) / 1e9)
            state.bytes += payload.count
            state.envelopes += 1
            if case .rejected = receipt.disposition { state.refused += 1 }
            for decoded in receipt.batches {
                state.batches += 1
                let device = Int(decoded.header.streamID) - 1
                let endUTC = Int64(decoded.header.endMicros)
                state.latenciesS.append(max(0, Double(now - virtualNs(endUTC, state.segments)) / 1e9))
                verifiedCount.add(decoded.rows, ordering: .relaxed)
                let segments = state.segments
                state.derived.add(decoded) { Double(virtualNs($0, segments)) / 1e9 }
                guard device >= 0, device < state.verified.count else { continue }
                for micros in decoded.timesMicros {
                    let second = Int(virtualNs(micros, state.segments) / 1_000_000_000)
                    let clamped = min(max(second, 0), state.verified[device].count - 1)
                    state.verified[device][clamped] += 1
                }
            }
            state.bytesSeries.add(Double(now) / 1e9, [Double(state.bytes)])
            return true
        }
    }

    /// Virtual ns of a UTC time: through the latest segment that started at or before it.
    private func virtualNs(_ utcMicros: Int64, _ segments: [Segment]) -> Int64 {
        guard let segment = segments.last(where: { $0.utcStartMicros <= utcMicros }) ?? segments.first else {
            return (utcMicros - utcBaseMicros) * 1000
        }
        return segment.startNs + (utcMicros - segment.utcStartMicros) * 1000
    }

    /// Ends the run: batches the collector still holds are given up.
    func finish() -> (State, givenUp: [String]) {
        state.withLock { state in
            let givenUp = state.collector.finish()
            return (state, givenUp)
        }
    }
}
