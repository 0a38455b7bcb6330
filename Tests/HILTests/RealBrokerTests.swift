// SensorGate — HIL tests: a scenario delivering to a real Mosquitto (`--broker`), paced, the collector's
// side subscribed to the same broker.

import Board
import Foundation
import HIL
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A Mosquitto on a free loopback port, started by the test and killed when released.
final class RealMosquitto {
    let port: Int
    private let folder: URL
    private let process = Process()

    init() throws {
        let folders = ["/usr/sbin", "/usr/bin", "/usr/local/sbin"]
        let tool = try #require(
            folders.map { "\($0)/mosquitto" }.first { FileManager.default.isExecutableFile(atPath: $0) },
            "mosquitto is not installed: run Scripts/setup (Debian package mosquitto)")
        port = try Self.freePort()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hil-mosquitto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = folder.appendingPathComponent("mosquitto.conf")
        try "listener \(port) 127.0.0.1\nallow_anonymous true\nlog_dest stderr\nlog_type all\n"
            .write(to: config, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-c", config.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait on the port: connection attempts (each one the condition itself) for at most 10 s of wall time.
        let deadline = ContinuousClock.now + .seconds(10)
        var listening = false
        while !listening, process.isRunning, ContinuousClock.now < deadline { listening = Self.accepts(port) }
        try #require(listening, "mosquitto did not listen on 127.0.0.1:\(port)")
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Whether a TCP connection to 127.0.0.1:`port` is accepted.
    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// A port on 127.0.0.1 that was free a moment ago (the kernel's pick for a bind to port 0).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        try #require(bound, "cannot bind a socket on 127.0.0.1")
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func loopback(_ port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }
}

@Suite(.serialized) struct RealBrokerTests {
    /// Two minutes of the cellular board (three sensors at 1 Hz, 60 s batches) with the broker away from
    /// 40 s to 60 s: the first batches wait for it in the store.
    static let text = """
        scenario: {name: real-broker}
        board: ../sim-cellular.yaml
        duration: 2m
        faults:
          - {kind: broker-down, at: 40s, for: 20s}
        expect:
          - {check: samples-lost, name: nothing lost}
        """

    @Test func aPacedRunDeliversThroughARealMosquittoAndTheSubscriptionVerifiesEverySample() throws {
        let broker = try RealMosquitto()
        var settings = HILSettings()
        settings.broker = "127.0.0.1:\(broker.port)"
        settings.pacing = .scaled(factor: 20)
        let scenario = try parseScenario(Self.text)
        let result = try ScenarioRunner(scenario: scenario, settings: settings, wallClock: WallClock()).run()
        FileHandle.standardError.write(
            Data("real-broker: 120 s simulated in \(String(format: "%.1f", result.wallS)) s wall\n".utf8))
        for outcome in result.results { #expect(outcome.passed, "\(outcome.name): \(outcome.message)") }
        // Every sample the sensors gave reached the subscription through Mosquitto: 3 sensors × 1 Hz × 120 s.
        let verified = result.accounts.reduce(0) { $0 + $1.verified }
        #expect((360...363).contains(verified), "\(result.accounts)")
        #expect(result.accounts.allSatisfy { $0.verified == $0.readings && $0.lostOutside == 0 })
        #expect(result.givenUp.isEmpty)
        // The gateway's retained status came through the broker too.
        #expect(result.statuses.first == "online", "\(result.statuses)")
        // Paced at 20×: two simulated minutes take at least six seconds of wall time.
        #expect(result.wallS >= 6)
    }

    @Test func aRealBrokerNeedsAPacedRunAndASimulatedModemAndSaysSoInOneLine() throws {
        var settings = HILSettings()
        settings.broker = "127.0.0.1:1883"
        let fast = ScenarioRunner(scenario: try parseScenario(Self.text), settings: settings, wallClock: WallClock())
        #expect(throws: HILError.self) { try fast.checkSupported() }
        do { try fast.checkSupported() } catch {
            #expect(error.kind == .scenario)
            #expect(
                error.message
                    == "--broker 127.0.0.1:1883: a real broker runs in real time; pace the run with --speed realtime "
                    + "or a factor such as --speed 20, not max")
        }
        settings.pacing = .scaled(factor: 20)
        let noModem = Self.text.replacingOccurrences(of: "sim-cellular", with: "sim-power-cut")
        let direct = ScenarioRunner(scenario: try parseScenario(noModem), settings: settings, wallClock: WallClock())
        do {
            try direct.checkSupported()
            Issue.record("a board without a simulated modem was accepted")
        } catch {
            #expect(error.message.contains("has no simulated modem"))
            #expect(error.message.hasSuffix("use a board with modem: {port: sim}"))
        }
        settings.broker = "localhost"
        let bad = ScenarioRunner(scenario: try parseScenario(Self.text), settings: settings, wallClock: WallClock())
        do {
            try bad.checkSupported()
            Issue.record("an address without a port was accepted")
        } catch {
            #expect(error.message == "--broker localhost: expected HOST:PORT, such as 127.0.0.1:1883")
        }
    }

    @Test func nothingListeningAtTheBrokerIsOneLineNamingIt() throws {
        var settings = HILSettings()
        let port = try RealMosquitto.freePort()
        settings.broker = "127.0.0.1:\(port)"
        settings.pacing = .scaled(factor: 20)
        let runner = ScenarioRunner(scenario: try parseScenario(Self.text), settings: settings, wallClock: WallClock())
        do {
            _ = try runner.run()
            Issue.record("the run went on without a broker")
        } catch {
            #expect(error.kind == .run)
            #expect(error.message.hasPrefix("--broker 127.0.0.1:\(port): no subscription within 10.0 s"))
            #expect(error.message.hasSuffix("is an MQTT broker listening there (mosquitto -p \(port))?"))
        }
    }
}
