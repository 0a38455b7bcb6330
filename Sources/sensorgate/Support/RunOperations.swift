// SensorGate — sensorgate run: the metrics endpoint, systemd notify and the watchdogs around a run.

import Board
import Foundation
import Gateway
import HAL
import HALLinux
import Logging
import Operations

/// What watches a run: the Prometheus endpoint (board `metrics:` or `--metrics-listen`), systemd's
/// notify socket when systemd started the process, and the hardware watchdog (board `watchdog:` or
/// `--watchdog`), kicked only while the runtime is healthy.
final class RunOperations {
    private let metrics: GatewayMetrics?
    private let server: MetricsHTTPServer?
    private let keeper: WatchdogKeeper?
    private let systemd: SystemdNotifier?
    private var announcedReady = false
    private let log: Logger
    private var events: StatusEvents

    /// Starts what the board and the options ask for.
    /// - Throws: `Failure` naming the address or device when the endpoint or watchdog cannot be opened.
    init(board: BoardDescription, metricsListen: String?, watchdogDevice: String?, log: Logger) throws {
        self.log = log
        events = StatusEvents(logger: log)
        let listen = metricsListen ?? board.metrics?.listen
        if let listen {
            var description = MetricsDescription()
            description.listen = listen
            let metrics = GatewayMetrics()
            do {
                server = try MetricsHTTPServer(
                    host: description.host, port: description.port, registry: metrics.registry)
            } catch {
                throw Failure("metrics on \(listen): \(error); choose another address with --metrics-listen")
            }
            self.metrics = metrics
            log.notice("metrics on http://\(server?.address ?? listen)/metrics")
        } else {
            metrics = nil
            server = nil
        }
        systemd = board.watchdog.systemd ? SystemdNotifier() : nil
        var watchdog: (any Watchdog)?
        if let device = watchdogDevice ?? board.watchdog.device {
            do {
                let opened = try LinuxWatchdog(path: device, timeout: board.watchdog.timeout)
                log.notice("watchdog \(device) armed, timeout \(opened.timeout)")
                watchdog = opened
            } catch {
                server?.stop()
                throw Failure("\(error)")
            }
        }
        if watchdog != nil || systemd?.watchdogInterval != nil {
            var settings = WatchdogKeeper.Settings()
            settings.stallTimeout = board.watchdog.stallTimeout
            keeper = WatchdogKeeper(
                watchdog: watchdog, systemd: systemd, clock: LinuxMonotonicClock(), settings: settings)
        } else {
            keeper = nil
        }
    }

    /// Called with each status of the run (on the sampling thread).
    func observe(_ status: GatewayStatus) {
        if !announcedReady {
            announcedReady = true
            systemd?.ready(status: "sampling \(status.groups.count) rate groups")
        }
        events.observe(status)
        metrics?.update(status)
        if let keeper {
            keeper.observe(status)
            metrics?.update(keeper.counters)
        }
    }

    /// Ends watching: tells systemd, disarms the watchdog where the driver allows it, closes the endpoint.
    func finish(summary: String) {
        systemd?.stopping(status: summary)
        if let watchdog = keeper?.watchdog, !watchdog.disarm() {
            log.warning(
                "\(watchdog.name) cannot be disarmed (no magic close, or nowayout): it resets the system unless kicked")
        }
        server?.stop()
    }
}
