// SensorGate — tests: a real Mosquitto broker on a free loopback port, started and stopped by the test.

import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Where an executable of the Debian packages is, or a failure telling the reader to run Scripts/setup.
func requireTool(_ name: String, package: String) throws -> String {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/bin", "/usr/local/sbin"]
    let found = folders.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    return try #require(found, "\(name) is not installed: run Scripts/setup (Debian package \(package))")
}

/// Starts `process` with SIGTERM, SIGINT and SIGHUP unblocked: the child inherits the signal mask of the
/// calling thread, and the test runner's threads block them (a broker would then ignore `terminate()`).
func launch(_ process: Process) throws {
    var unblock = sigset_t()
    var previous = sigset_t()
    sigemptyset(&unblock)
    for signal in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&unblock, signal) }
    pthread_sigmask(SIG_UNBLOCK, &unblock, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    try process.run()
}

/// A TCP port on 127.0.0.1 that was free a moment ago (the kernel's pick for a bind to port 0).
func freeLoopbackPort() throws -> Int {
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

/// A Mosquitto process with its own configuration and folder; killed when released.
final class MosquittoBroker {
    let port: Int
    let folder: URL
    private var process: Process?

    /// Starts a broker.
    /// - Parameters:
    ///   - port: the port (default: a free one).
    ///   - persistence: whether it keeps sessions and queued messages on disk across restarts.
    ///   - passwords: user → password; when given, anonymous clients are refused.
    init(port: Int? = nil, persistence: Bool = false, passwords: [String: String] = [:]) throws {
        self.port = try port ?? freeLoopbackPort()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mosquitto-\(UUID().uuidString)")
        // Writable for the broker, which drops to the `mosquitto` user when started as root.
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        try start(persistence: persistence, passwords: passwords)
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Starts the broker (again) on the same port; returns once it says it is running.
    func start(persistence: Bool, passwords: [String: String] = [:]) throws {
        let mosquitto = try requireTool("mosquitto", package: "mosquitto")
        var config = [
            "listener \(port) 127.0.0.1", "log_dest stderr", "log_type error", "log_type warning",
            "log_type notice", "log_type information", "persistence \(persistence)",
            "persistence_location \(folder.path)/", "autosave_interval 1", "max_queued_messages 10000",
        ]
        if passwords.isEmpty {
            config.append("allow_anonymous true")
        } else {
            let file = folder.appendingPathComponent("passwords").path
            _ = FileManager.default.createFile(atPath: file, contents: nil)
            for (user, password) in passwords {
                try run(try requireTool("mosquitto_passwd", package: "mosquitto"), ["-b", file, user, password])
            }
            config += ["allow_anonymous false", "password_file \(file)"]
        }
        let configFile = folder.appendingPathComponent("mosquitto.conf")
        try (config.joined(separator: "\n") + "\n").write(to: configFile, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mosquitto)
        process.arguments = ["-c", configFile.path]
        let output = Pipe()
        process.standardError = output
        process.standardOutput = FileHandle.nullDevice
        try launch(process)
        self.process = process
        // Synchronise on the broker's own word that it listens, then keep draining its log.
        var log = ""
        while !log.contains(" running") {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else {
                throw BrokerFailure("mosquitto exited before running on port \(port):\n\(log)")
            }
            log += String(decoding: data, as: UTF8.self)
        }
        output.fileHandleForReading.readabilityHandler = { _ = $0.availableData }
    }

    /// Freezes the broker (SIGSTOP): it reads nothing and acknowledges nothing.
    func pause() {
        guard let process, process.isRunning else { return }
        _ = Glibc.kill(process.processIdentifier, SIGSTOP)
    }

    /// Lets a frozen broker run again (SIGCONT).
    func resume() {
        guard let process, process.isRunning else { return }
        _ = Glibc.kill(process.processIdentifier, SIGCONT)
    }

    /// Kills the broker (SIGKILL) and waits for it: what it had not saved is gone.
    func kill() {
        guard let process, process.isRunning else { return }
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Stops the broker cleanly (SIGTERM: it saves its persistence file) and waits for it.
    func terminate() {
        guard let process, process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    private func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try launch(process)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BrokerFailure("\(tool) \(arguments) failed") }
    }
}

/// A failure of the test's broker set-up.
struct BrokerFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `mosquitto_sub`, a client no one here wrote, printing every message it receives as `topic payload`.
final class MosquittoSubscriber {
    private let process = Process()
    private let output = Pipe()
    private var buffer = ""

    /// Subscribes at QoS 1 and returns once the broker's SUBACK arrived.
    /// - Parameters:
    ///   - port: the broker's port.
    ///   - filter: the topic filter.
    ///   - count: the messages after which it exits.
    init(port: Int, filter: String, count: Int) throws {
        // stdbuf: line-buffered output, so that its SUBACK line reaches the pipe at once.
        process.executableURL = URL(fileURLWithPath: try requireTool("stdbuf", package: "coreutils"))
        process.arguments = [
            "-oL", try requireTool("mosquitto_sub", package: "mosquitto-clients"), "-h", "127.0.0.1", "-p", "\(port)",
            "-t", filter, "-q", "1", "-v", "-d", "-C", "\(count)", "-W", "60",
        ]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try launch(process)
        while !buffer.contains("received SUBACK") {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { throw BrokerFailure("mosquitto_sub exited before its SUBACK:\n\(buffer)") }
            buffer += String(decoding: data, as: UTF8.self)
        }
    }

    /// Waits for it to exit (after `count` messages, or its 60 s limit) and returns the messages as
    /// `(topic, payload)`; its debug lines are left out.
    func messages() -> [(topic: String, payload: String)] {
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        buffer += String(decoding: rest, as: UTF8.self)
        return buffer.split(separator: "\n").filter { !$0.hasPrefix("Client ") && !$0.hasPrefix("Subscribed (mid") }
            .compactMap { line in
                guard let space = line.firstIndex(of: " ") else { return nil }
                return (String(line[..<space]), String(line[line.index(after: space)...]))
            }
    }

    deinit {
        guard process.isRunning else { return }
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
