// SensorGate — HALSim: a seeded, reproducible plan of faults for the simulated buses.

import HAL

/// The point in a bus's life at which a fault is considered.
struct FaultMoment {
    /// The transaction's index on its bus, from 0.
    var transaction: Int
    /// The virtual time, or zero for a bus without a clock.
    var time: MonotonicInstant
}

/// One fault the plan injected, for reports and for comparing runs.
public struct InjectedFault: Sendable, Hashable {
    /// The kind of fault.
    public var kind: FaultKind
    /// The device it hit.
    public var site: FaultSite
    /// The transaction's index on its bus.
    public var transaction: Int
    /// The virtual time.
    public var time: MonotonicInstant
    /// For a bit flip, the flipped bit: byte index × 8 + bit number (0 = least significant); else nil.
    public var bit: Int?
}

/// Faults to inject into a simulated bus: a list of rules and a seed.
///
/// The only randomness is the plan's own SplitMix64 generator, drawn only when a probabilistic rule
/// is consulted, so the same seed and the same traffic give the same faults on every run and
/// platform. Attach a plan to one bus (``SimI2CBus/faultPlan``, ``SimSPIBus/faultPlan``); it counts
/// what it injected by kind and keeps the history.
public final class FaultPlan {
    /// The seed the generator started from.
    public let seed: UInt64
    /// The rules, consulted in order.
    public let rules: [FaultRule]
    private var random: SplitMix64
    /// Every fault injected so far, oldest first.
    public private(set) var history: [InjectedFault] = []

    /// Creates a plan.
    /// - Parameters:
    ///   - seed: the generator's seed; equal seeds give equal fault sequences.
    ///   - rules: the faults and when they apply.
    public init(seed: UInt64 = 0, rules: [FaultRule]) {
        self.seed = seed
        self.rules = rules
        self.random = SplitMix64(seed: seed)
    }

    /// How many faults of `kind` were injected.
    /// - Parameter kind: the kind.
    /// - Returns: the count.
    public func count(of kind: FaultKind) -> Int { history.count { $0.kind == kind } }

    /// The number of faults injected, by kind (kinds never injected are absent).
    public var counts: [FaultKind: Int] {
        history.reduce(into: [:]) { $0[$1.kind, default: 0] += 1 }
    }

    // MARK: - Decisions the buses ask for

    /// Whether a rule of `kind` is active for `site` now; records the injection when one is.
    func inject(_ kind: FaultKind, at site: FaultSite, _ moment: FaultMoment) -> Bool {
        guard activeRules(site, moment).contains(where: { $0.fault.kind == kind }) else { return false }
        record(kind, site, moment)
        return true
    }

    /// Whether a bus-error rule for `site` matches the first written byte; records the injection.
    func injectBusError(at site: FaultSite, firstByte: UInt8, _ moment: FaultMoment) -> Bool {
        for rule in activeRules(site, moment) {
            if case .busError(let register) = rule.fault, register == firstByte {
                record(.busError, site, moment)
                return true
            }
        }
        return false
    }

    /// Flips one random bit of `bytes` for each active bit-flip rule whose draw falls under its probability.
    func injectBitFlips(at site: FaultSite, into bytes: inout [UInt8], _ moment: FaultMoment) {
        guard !bytes.isEmpty else { return }
        for rule in activeRules(site, moment) {
            guard case .bitFlips(let probability) = rule.fault else { continue }
            guard random.nextUnit() < probability else { continue }
            let bit = random.next(below: bytes.count * 8)
            bytes[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
            record(.bitFlip, site, moment, bit: bit)
        }
    }

    // MARK: - Helpers

    private func activeRules(_ site: FaultSite, _ moment: FaultMoment) -> [FaultRule] {
        rules.filter { $0.site.matches(site) && $0.window.contains(moment) }
    }

    private func record(_ kind: FaultKind, _ site: FaultSite, _ moment: FaultMoment, bit: Int? = nil) {
        history.append(
            InjectedFault(kind: kind, site: site, transaction: moment.transaction, time: moment.time, bit: bit))
    }
}
