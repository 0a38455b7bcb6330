// SensorGate — Operations: kicks the watchdogs only while the sampler and the uplink stage make progress.

import Gateway
import HAL

/// Decides, from each status the run reports, whether the gateway is healthy, and only then kicks the
/// hardware watchdog (``Watchdog``) and systemd's (``SystemdNotifier/alive()``).
///
/// Healthy means both threads of the runtime make progress: the sampler (its virtual time advances:
/// the status itself comes from the sampling thread, so a hung sampler sends none) and the sealing and
/// delivery stage (its round counter advances). An upstream that is down is *not* unhealthy: the
/// gateway stores and forwards, and a reboot would help nothing. A thread stalled for longer than
/// ``Settings/stallTimeout`` withholds the kicks, and the watchdog resets the system.
public final class WatchdogKeeper {
    /// How the keeper decides.
    public struct Settings: Sendable {
        /// A thread that has not made progress for this long (wall time) counts as hung. Default 10 s.
        public var stallTimeout: Duration = .seconds(10)
        /// How often to kick: default a third of the shortest watchdog timeout (hardware or systemd).
        public var kickInterval: Duration?

        /// The defaults.
        public init() {}
    }

    /// What the keeper did.
    public struct Counters: Sendable, Equatable {
        /// Kicks sent (to every watchdog at once).
        public var kicks = 0
        /// Kicks withheld because a thread was stalled.
        public var withheld = 0
        /// Kicks the hardware watchdog refused.
        public var errors = 0
    }

    /// The hardware watchdog, if any.
    public let watchdog: (any Watchdog)?
    /// systemd's notify socket, if any.
    public let systemd: SystemdNotifier?
    /// The settings.
    public let settings: Settings
    /// What it did.
    public private(set) var counters = Counters()
    /// Why the last kick was withheld.
    public private(set) var lastProblem: String?
    private let clock: any MonotonicClock
    private let interval: Duration
    private var lastSimulated: Duration = .zero
    private var lastRounds = 0
    private var samplerProgress: MonotonicInstant
    private var pipelineProgress: MonotonicInstant
    private var lastKick: MonotonicInstant?

    /// A keeper for `watchdog` and `systemd` on the wall `clock`.
    public init(
        watchdog: (any Watchdog)?, systemd: SystemdNotifier?, clock: any MonotonicClock, settings: Settings = Settings()
    ) {
        self.watchdog = watchdog
        self.systemd = systemd
        self.clock = clock
        self.settings = settings
        let timeouts = [watchdog?.timeout, systemd?.watchdogInterval].compactMap { $0 }
        interval = settings.kickInterval ?? (timeouts.min().map { $0 / 3 } ?? .seconds(1))
        let now = clock.now()
        samplerProgress = now
        pipelineProgress = now
    }

    /// Takes a status from the run and kicks when due and healthy.
    public func observe(_ status: GatewayStatus) {
        let now = clock.now()
        if status.simulated > lastSimulated {
            lastSimulated = status.simulated
            samplerProgress = now
        }
        if status.pipeline.rounds > lastRounds {
            lastRounds = status.pipeline.rounds
            pipelineProgress = now
        }
        if let lastKick, now - lastKick < interval { return }
        lastKick = now
        if now - samplerProgress > settings.stallTimeout {
            withhold("the sampler has made no progress for \(now - samplerProgress)")
        } else if now - pipelineProgress > settings.stallTimeout {
            withhold("the sealing and delivery stage has made no progress for \(now - pipelineProgress)")
        } else {
            kick()
        }
    }

    private func kick() {
        counters.kicks += 1
        lastProblem = nil
        do { try watchdog?.kick() } catch { counters.errors += 1 }
        systemd?.alive()
    }

    private func withhold(_ problem: String) {
        counters.withheld += 1
        if lastProblem == nil { systemd?.notify(["STATUS=unhealthy: " + problem]) }
        lastProblem = problem
    }
}
