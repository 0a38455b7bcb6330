// SensorGate — Operations tests: systemd's notify socket for real, and the watchdog keeper on a
// simulated watchdog and clock.

import Foundation
import Gateway
import HAL
import HALSim
import Operations
import Testing

/// A Unix datagram socket standing in for systemd's notify socket.
final class NotifySocket {
    let path: String
    private let fd: Int32

    init() throws {
        path = NSTemporaryDirectory() + "sg-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else { throw PythonFailure(description: "bind \(path): errno \(errno)") }
    }

    /// The next datagram (waits at most one second).
    func receive() -> String? {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 1000) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
    }

    deinit {
        close(fd)
        unlink(path)
    }
}

/// A wall clock the test moves.
final class ManualWallClock: MonotonicClock, @unchecked Sendable {
    var instant = MonotonicInstant.zero
    func now() -> MonotonicInstant { instant }
    func sleep(until deadline: MonotonicInstant) throws(HALError) { instant = max(instant, deadline) }
    func advance(_ duration: Duration) { instant = instant + duration }
}

@Suite struct SupervisionTests {
    @Test func systemdHearsReadyAliveAndStoppingOnItsSocket() throws {
        let socket = try NotifySocket()
        let notifier = try #require(
            SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "30000000"]))
        #expect(notifier.watchdogInterval == .seconds(30))
        #expect(notifier.ready(status: "sampling 9 sensors"))
        #expect(socket.receive() == "READY=1\nSTATUS=sampling 9 sensors")
        #expect(notifier.alive())
        #expect(socket.receive() == "WATCHDOG=1")
        #expect(notifier.stopping(status: "done"))
        #expect(socket.receive() == "STOPPING=1\nSTATUS=done")
    }

    @Test func withoutANotifySocketOrForAnotherPidThereIsNoNotifierOrNoWatchdog() throws {
        #expect(SystemdNotifier(environment: [:]) == nil)
        let other = SystemdNotifier(
            environment: ["NOTIFY_SOCKET": "@sg-test", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "1"])
        #expect(other != nil && other?.watchdogInterval == nil)
    }

    @Test func theKeeperKicksWhileBothThreadsProgressAndWithholdsWhenOneHangs() throws {
        let wall = ManualWallClock()
        let watchdog = SimWatchdog(timeout: .seconds(15), clock: wall)
        var settings = WatchdogKeeper.Settings()
        settings.stallTimeout = .seconds(10)
        let keeper = WatchdogKeeper(watchdog: watchdog, systemd: nil, clock: wall, settings: settings)
        var rounds = 0
        // 60 s of a healthy run: a status every second, both threads progressing. Kicks every 5 s.
        for second in 1...60 {
            wall.advance(.seconds(1))
            rounds += 3
            keeper.observe(
                GatewayMetricsTests.status(samples: second, misses: 0, rounds: rounds, depth: 0, linkUp: false))
        }
        #expect(keeper.counters.kicks == 12 && keeper.counters.withheld == 0)
        #expect(!watchdog.hasFired)
        // The sealing and delivery stage hangs: its rounds stop while the sampler goes on.
        for second in 61...90 {
            wall.advance(.seconds(1))
            keeper.observe(
                GatewayMetricsTests.status(samples: second, misses: 0, rounds: rounds, depth: 0, linkUp: false))
        }
        #expect(keeper.counters.withheld > 0)
        #expect(keeper.lastProblem?.contains("sealing and delivery stage") == true)
        #expect(watchdog.hasFired)
        // It fired no later than the stall timeout plus the watchdog's own timeout after the hang.
        let fired = try #require(watchdog.firedAt)
        #expect(fired <= MonotonicInstant.zero + .seconds(60 + 10 + 15))
    }

    @Test func anUplinkThatIsDownIsNotAHang() {
        let wall = ManualWallClock()
        let watchdog = SimWatchdog(timeout: .seconds(15), clock: wall)
        let keeper = WatchdogKeeper(watchdog: watchdog, systemd: nil, clock: wall)
        for second in 1...120 {
            wall.advance(.seconds(1))
            keeper.observe(
                GatewayMetricsTests.status(samples: second, misses: 0, rounds: second, depth: second, linkUp: false))
        }
        #expect(!watchdog.hasFired && keeper.counters.withheld == 0)
    }
}
