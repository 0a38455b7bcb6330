// SensorGate — command-line tests: real Mosquitto, mosquitto_sub and sensorgate processes for the uplink tests.

import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// An executable of the Debian packages, or a failure telling the reader to run Scripts/setup.
func tool(_ name: String, package: String) throws -> String {
    let folders =
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        + ["/usr/sbin", "/usr/bin"]
    let found = folders.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    return try #require(found, "\(name) is not installed: run Scripts/setup (Debian package \(package))")
}

/// The built sensorgate binary beside the test bundle.
func builtSensorgate() throws -> URL {
    let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [folder, folder.deletingLastPathComponent()].map { $0.appendingPathComponent("sensorgate") }
    return try #require(
        candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
        "build the sensorgate product first (swift build; Scripts/test does)")
}

/// A process started in the background with SIGTERM, SIGINT and SIGHUP unblocked (the test runner's
/// threads block them, and children inherit the mask), its output collected.
final class Background {
    let process = Process()
    private let out = Pipe()
    private let err = Pipe()

    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = out
        process.standardError = err
        var unblock = sigset_t()
        var previous = sigset_t()
        sigemptyset(&unblock)
        for number in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&unblock, number) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try process.run()
    }

    /// Reads standard output until `marker` appears (or the process ends); returns what was read.
    func readOutput(until marker: String) -> String {
        var text = ""
        while !text.contains(marker) {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        return text
    }

    /// Reads standard error until `marker` appears (or the process ends).
    func readError(until marker: String) -> String {
        var text = ""
        while !text.contains(marker) {
            let data = err.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        return text
    }

    /// Keeps reading standard error in the background and drops it (a chatty process never blocks on it).
    func discardErrors() {
        err.fileHandleForReading.readabilityHandler = { _ = $0.availableData }
    }

    /// Sends `signal` (default SIGINT), waits for the exit, returns the status and the rest of the output.
    func stop(_ number: Int32 = SIGINT) -> Run {
        if process.isRunning { _ = kill(process.processIdentifier, number) }
        return wait()
    }

    /// Waits for the exit; returns the status and the rest of the output.
    func wait() -> Run {
        err.fileHandleForReading.readabilityHandler = nil
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    deinit {
        if process.isRunning {
            _ = kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
        }
    }
    try #require(bound, "cannot bind a socket on 127.0.0.1")
    return Int(UInt16(bigEndian: address.sin_port))
}

/// A real Mosquitto on a free loopback port with its own folder.
final class Broker {
    let port: Int
    let folder: URL
    private var process: Background?

    init(persistence: Bool = false, passwords: [String: String] = [:]) throws {
        port = try freePort()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("uplink-broker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        var config = [
            "listener \(port) 127.0.0.1", "log_dest stderr", "log_type error", "log_type warning", "log_type notice",
            "log_type information", "persistence \(persistence)",
            "persistence_location \(folder.path)/", "autosave_interval 1", "max_queued_messages 100000",
        ]
        if passwords.isEmpty {
            config.append("allow_anonymous true")
        } else {
            let file = folder.appendingPathComponent("passwords").path
            _ = FileManager.default.createFile(atPath: file, contents: nil)
            for (user, password) in passwords {
                let setter = try Background(
                    try tool("mosquitto_passwd", package: "mosquitto"), ["-b", file, user, password])
                _ = setter.wait()
            }
            config += ["allow_anonymous false", "password_file \(file)"]
        }
        try (config.joined(separator: "\n") + "\n").write(
            to: folder.appendingPathComponent("mosquitto.conf"), atomically: true, encoding: .utf8)
        try start()
    }

    /// Starts (again) on the same port; returns once the broker says it runs.
    func start() throws {
        let broker = try Background(
            try tool("mosquitto", package: "mosquitto"), ["-c", folder.appendingPathComponent("mosquitto.conf").path])
        let log = broker.readError(until: " running")
        try #require(log.contains(" running"), "mosquitto did not start:\n\(log)")
        broker.discardErrors()
        process = broker
    }

    /// Stops it with SIGTERM (it saves its persistence file) and waits.
    func terminate() { _ = process?.stop(SIGTERM) }

    deinit {
        process = nil
        try? FileManager.default.removeItem(at: folder)
    }
}

/// `mosquitto_sub`, a client no one here wrote: subscribed at QoS 1, printing `topic hex-payload` lines.
final class HexSubscriber {
    private let process: Background

    init(port: Int, filter: String) throws {
        process = try Background(
            try tool("stdbuf", package: "coreutils"),
            [
                "-oL", try tool("mosquitto_sub", package: "mosquitto-clients"), "-h", "127.0.0.1", "-p", "\(port)",
                "-t", filter, "-q", "1", "-d", "-F", "%t %x",
            ])
        let text = process.readOutput(until: "received SUBACK")
        try #require(text.contains("received SUBACK"), "mosquitto_sub did not subscribe:\n\(text)")
    }

    /// Stops it and returns the messages as (topic, payload bytes).
    func messages() -> [(topic: String, payload: [UInt8])] {
        let run = process.stop(SIGTERM)
        return run.stdout.split(separator: "\n").filter { !$0.hasPrefix("Client ") }.compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 2 else { return nil }
            var bytes: [UInt8] = []
            var index = parts[1].startIndex
            while index < parts[1].endIndex {
                let next = parts[1].index(index, offsetBy: 2, limitedBy: parts[1].endIndex) ?? parts[1].endIndex
                guard let byte = UInt8(parts[1][index..<next], radix: 16) else { return nil }
                bytes.append(byte)
                index = next
            }
            return (String(parts[0]), bytes)
        }
    }
}
