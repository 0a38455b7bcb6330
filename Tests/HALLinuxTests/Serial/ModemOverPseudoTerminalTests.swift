// SensorGate — HALLinux tests: the modem driver over a real pseudo-terminal to the modem simulator.

import Foundation
import HAL
import Modem
import ModemSim
import Synchronization
import Testing

@testable import HALLinux

/// The simulator's side of the link, served on its own thread until stopped.
private final class SimulatorThread: @unchecked Sendable {
    let runner: ModemSimRunner
    let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private var joined = false
    private(set) var failure: HALError?

    init(runner: ModemSimRunner) { self.runner = runner }

    /// Starts serving; the thread touches the runner and its modem only until `stop()` is seen.
    func start() {
        let thread = Thread { [self] in
            do throws(HALError) {
                try runner.run(until: { stopped.load(ordering: .acquiring) })
            } catch {
                failure = error
            }
            finished.signal()
        }
        thread.start()
    }

    /// Asks the thread to stop and joins it (it checks at least every 20 ms).
    func stop() {
        guard !joined else { return }
        joined = true
        stopped.store(true, ordering: .releasing)
        finished.wait()
    }
}

@Suite struct ModemOverPseudoTerminalTests {
    /// A network that registers in 200 ms and answers in 5 ms, so the test runs in real time quickly;
    /// the modem keeps its default byte-level quirks (echo back on after boot, the first command lost,
    /// stray URCs).
    private func fastNetwork() -> NetworkProfile {
        var profile = NetworkProfile.cat1
        profile.registrationDelay = .milliseconds(200)
        profile.registrationJitter = .zero
        profile.latency = .milliseconds(5)
        profile.latencyJitter = .zero
        profile.lossRate = 0
        return profile
    }

    @Test(arguments: ["bc66", "sim7080g", "eg915u"])
    func driverBringsTheModemOnlineThroughTheTermiosPortAndEchoesBytes(_ name: String) throws {
        let dialect = try #require(ModemDialect.named(name))
        let pty = try PseudoTerminal()
        let clock = LinuxMonotonicClock()
        var quirks = ModemQuirks.default
        quirks.slowBoot = .zero
        let modem = SimModem(
            dialect: dialect, profile: fastNetwork(), transport: VirtualServer(ports: [7000]), quirks: quirks, seed: 3)
        let runner = ModemSimRunner(modem: modem, port: pty.controller, clock: clock)
        modem.powerOn(at: runner.now)
        let simulator = SimulatorThread(runner: runner)
        simulator.start()
        defer { simulator.stop() }

        let path = pty.terminalPath
        let driver = ModemDriver(
            dialect: dialect, clock: clock,
            openPort: { () throws(HALError) -> any SerialPort in
                try TermiosSerialPort(path: path, settings: SerialSettings(baudRate: 115_200))
            })
        try driver.start()
        #expect(driver.state == .online)
        let id = try driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        // Bytes that look like AT results must cross the real line discipline untouched.
        let message = Array("sensor batch\r\nOK\r\n+CME ERROR: 4\r\n".utf8) + (0...255).map { UInt8($0) }
        try driver.send(message, on: id)
        var received: [UInt8] = []
        let limit = clock.now() + .seconds(20)
        while received.count < message.count && clock.now() < limit {
            try driver.idle(for: .milliseconds(50))
            received += try driver.receive(from: id)
        }
        #expect(received == message)
        try driver.close(id)
        #expect(driver.socketState(id) == .closed)
        simulator.stop()
        #expect(simulator.failure == nil)
        #expect(modem.bootCount == 1)
    }
}
