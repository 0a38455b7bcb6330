// SensorGate — command-line tests: gpio-check and modem-check, and modem-sim on a Unix socket (the VM test's UART).

import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP echo server on 127.0.0.1 with a kernel-chosen port, serving one connection on its own thread.
private final class EchoServer: Sendable {
    let port: Int
    private let listener: Int32

    init() throws {
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listener = listener
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 1) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        try #require(bound, "cannot listen on 127.0.0.1")
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { break }
                _ = buffer.withUnsafeBytes { send(connection, $0.baseAddress, count, Int32(MSG_NOSIGNAL)) }
            }
            close(connection)
        }
    }

    deinit { close(listener) }
}

/// The built binary, as `sensorgate(...)` finds it.
private func binaryURL() throws -> URL {
    let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [folder, folder.deletingLastPathComponent()].map { $0.appendingPathComponent("sensorgate") }
    return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) })
}

@Suite struct CheckCommandTests {
    @Test func gpioCheckOnAMissingChipIsOneLineNamingIt() throws {
        let run = try sensorgate("gpio-check", "--chip", "/dev/gpiochip99", "--output", "0", "--input", "1")
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("sensorgate: /dev/gpiochip99: ") == true)
    }

    @Test func gpioCheckRefusesTheSameLineTwiceAndBadExpectations() throws {
        let same = try sensorgate("gpio-check", "--chip", "0", "--output", "1", "--input", "1")
        #expect(same.status != 0 && same.stderr.contains("--output and --input must be different lines"))
        let expect = try sensorgate("gpio-check", "--chip", "0", "--output", "0", "--input", "1", "--expect", "2=high")
        #expect(expect.status != 0 && expect.stderr.contains("--expect 2=high: use OFFSET=0 or OFFSET=1"))
    }

    @Test func modemCheckRefusesUnknownDialectsAndEndpoints() throws {
        let dialect = try sensorgate("modem-check", "--port", "/dev/ttyS1", "--dialect", "sim800", "--echo", "h:7")
        #expect(dialect.status != 0 && dialect.stderr.contains("--dialect sim800: unknown module"))
        let echo = try sensorgate("modem-check", "--port", "/dev/ttyS1", "--dialect", "bg96", "--echo", "nowhere")
        #expect(echo.status != 0 && echo.stderr.contains("--echo nowhere: use HOST:PORT"))
    }

    /// The whole exchange against the simulator on a pseudo-terminal (which has no modem control lines).
    @Test func modemCheckBringsTheSimulatedModuleOnlineAndGetsItsBytesBack() throws {
        let echo = try EchoServer()
        let simulator = Process()
        simulator.executableURL = try binaryURL()
        simulator.arguments = [
            "modem-sim", "--dialect", "bg96", "--link", "pty", "--network", "cat1", "--upstream-host", "127.0.0.1",
            "--no-quirks", "--duration", "60s",
        ]
        let output = Pipe()
        simulator.standardOutput = output
        try simulator.run()
        defer { simulator.terminate() }
        var announced = Data()
        while !announced.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            try #require(!chunk.isEmpty, "modem-sim ended before announcing its terminal")
            announced += chunk
        }
        let first = String(decoding: announced, as: UTF8.self).split(separator: "\n").first ?? ""
        let terminal = try #require(first.split(separator: " ").last.map(String.init))
        let run = try sensorgate(
            "modem-check", "--port", terminal, "--dialect", "bg96", "--echo", "echo.example.net:\(echo.port)",
            "--bytes", "600")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("modem-check: \(terminal) has no modem control lines"))
        #expect(run.stdout.contains("modem-check: bg96 online on \(terminal)"))
        #expect(run.stdout.contains("modem-check: 600 bytes sent and echoed intact"))
        let strict = try sensorgate(
            "modem-check", "--port", terminal, "--dialect", "bg96", "--echo", "echo.example.net:\(echo.port)",
            "--modem-lines")
        #expect(strict.status == 1 && strict.stderr.hasPrefix("sensorgate: \(terminal): "))
    }

    /// modem-sim connects to a Unix socket (QEMU's end of a guest UART) and the module's boot line arrives there.
    @Test func modemSimServesAUnixSocket() throws {
        let path = "/tmp/sg-modem-\(getpid()).sock"
        unlink(path)
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer {
            close(listener)
            unlink(path)
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0 && listen(listener, 1) == 0
            }
        }
        try #require(bound)
        let simulator = Process()
        simulator.executableURL = try binaryURL()
        simulator.arguments = [
            "modem-sim", "--dialect", "bg96", "--link", "unix:\(path)", "--network", "cat1", "--no-quirks",
            "--duration", "4s",  // the BG96 model prints RDY 2.5 s after power-on
        ]
        let output = Pipe()
        simulator.standardOutput = output
        try simulator.run()
        let connection = accept(listener, nil, nil)
        try #require(connection >= 0)
        defer { close(connection) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while !String(decoding: received, as: UTF8.self).contains("RDY") {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += buffer[0..<count]
        }
        simulator.waitUntilExit()
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(String(decoding: received, as: UTF8.self).contains("RDY"))
        #expect(stdout.hasPrefix("modem-sim: bg96 (cat1) on unix:\(path)"))
        #expect(simulator.terminationStatus == 0)
    }

    @Test func modemSimOnAMissingUnixSocketIsOneLine() throws {
        let run = try sensorgate(
            "modem-sim", "--dialect", "bg96", "--link", "unix:/nonexistent/modem.sock", "--network", "cat1")
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(run.stderr.hasPrefix("sensorgate: /nonexistent/modem.sock: connect: "))
    }
}
