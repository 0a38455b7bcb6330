// SensorGate — tests: MQTT over TLS (the system OpenSSL through memory BIOs) to a real Mosquitto TLS
// listener, with a CA and a server certificate made by the openssl command in the test.

import Foundation
import HAL
import Testing
import Uplink

#if canImport(Glibc)
    import Glibc
#endif

/// A CA, a server certificate it signed for 127.0.0.1 and localhost, and an unrelated second CA.
private struct Certificates {
    let folder: URL
    var ca: String { folder.appendingPathComponent("ca.pem").path }
    var otherCA: String { folder.appendingPathComponent("other-ca.pem").path }
    var serverCert: String { folder.appendingPathComponent("server.pem").path }
    var serverKey: String { folder.appendingPathComponent("server.key").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        let openssl = try requireTool("openssl", package: "openssl")
        func run(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: openssl)
            process.arguments = arguments
            process.currentDirectoryURL = folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try launch(process)
            process.waitUntilExit()
            try #require(process.terminationStatus == 0, "openssl \(arguments.joined(separator: " ")) failed")
        }
        for name in ["ca", "other-ca"] {
            try run([
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                "\(name).key", "-out", "\(name).pem", "-days", "2", "-subj", "/CN=SensorGate test \(name)",
            ])
        }
        try run([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key",
            "-out", "server.csr", "-subj", "/CN=localhost",
        ])
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\n".write(
            to: folder.appendingPathComponent("san.ext"), atomically: true, encoding: .utf8)
        try run([
            "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
            "server.pem", "-days", "2", "-extfile", "san.ext",
        ])
        // Readable by the broker, which drops to the mosquitto user when started as root.
        for file in ["server.key", "server.pem", "ca.pem"] {
            chmod(folder.appendingPathComponent(file).path, 0o644)
        }
    }
}

/// Mosquitto with one TLS listener on a free loopback port.
private final class TLSBroker {
    let port: Int
    private let process = Process()

    init(_ certificates: Certificates) throws {
        port = try freeLoopbackPort()
        let config = [
            "listener \(port) 127.0.0.1", "allow_anonymous true", "cafile \(certificates.ca)",
            "certfile \(certificates.serverCert)", "keyfile \(certificates.serverKey)", "log_dest stderr",
            "log_type error", "log_type warning", "log_type notice", "log_type information",
        ]
        let file = certificates.folder.appendingPathComponent("mosquitto.conf")
        try (config.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: try requireTool("mosquitto", package: "mosquitto"))
        process.arguments = ["-c", file.path]
        let output = Pipe()
        process.standardError = output
        process.standardOutput = FileHandle.nullDevice
        try launch(process)
        var log = ""
        while !log.contains(" running") {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { throw BrokerFailure("mosquitto (TLS) exited before running:\n\(log)") }
            log += String(decoding: data, as: UTF8.self)
        }
        output.fileHandleForReading.readabilityHandler = { _ = $0.availableData }
    }

    deinit {
        guard process.isRunning else { return }
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

@Suite struct MQTTTLSTests {
    @Test func publishesOverTLSVerifiedAgainstTheCAAreAcknowledged() throws {
        let certificates = try Certificates()
        defer { try? FileManager.default.removeItem(at: certificates.folder) }
        let broker = try TLSBroker(certificates)
        let clock = WallClock()
        var protocolVersion = ""
        let settings = MQTTSettings(deviceID: "gw-tls")
        let peer = Peer(
            MQTTConnection(client: try MQTTClient(settings: settings), clock: clock) {
                () throws(MQTTError) -> any ByteStream in
                let tcp = try TCPStream(host: "127.0.0.1", port: broker.port, timeout: .seconds(2))
                let tls = try TLSStream(over: tcp, host: "127.0.0.1", caFile: certificates.ca, clock: clock)
                protocolVersion = tls.protocolVersion
                return tls
            })
        var next = 0
        let done = drive(
            [peer],
            feed: {
                while next < 20 && peer.isConnected && peer.connection.client.canPublish {
                    _ = try? peer.connection.publish(
                        topic: "sensorgate/gw-tls/data", payload: Array(repeating: UInt8(next), count: 3000),
                        tag: UInt64(next))
                    next += 1
                }
            }, until: { peer.acknowledged.count == 20 })
        #expect(done, "\(peer.acknowledged.count) of 20; \(peer.disconnects)")
        #expect(peer.acknowledged.sorted() == (0..<20).map(UInt64.init))
        #expect(peer.disconnects.isEmpty)
        #expect(protocolVersion.hasPrefix("TLSv1."))
    }

    @Test func aBrokerCertificateFromAnotherCAIsRefusedWithAClearError() throws {
        let certificates = try Certificates()
        defer { try? FileManager.default.removeItem(at: certificates.folder) }
        let broker = try TLSBroker(certificates)
        let tcp = try TCPStream(host: "127.0.0.1", port: broker.port, timeout: .seconds(2))
        let error = #expect(throws: MQTTError.self) {
            _ = try TLSStream(over: tcp, host: "127.0.0.1", caFile: certificates.otherCA, clock: WallClock())
        }
        #expect(error?.kind == .transport)
        #expect(error?.description.contains("the broker's TLS certificate was refused") == true)
        #expect(
            error?.description.contains("self-signed certificate in certificate chain") == true,
            "\(error?.description ?? "")")
    }

    @Test func aCertificateForAnotherHostIsRefused() throws {
        let certificates = try Certificates()
        defer { try? FileManager.default.removeItem(at: certificates.folder) }
        let broker = try TLSBroker(certificates)
        let tcp = try TCPStream(host: "127.0.0.1", port: broker.port, timeout: .seconds(2))
        let error = #expect(throws: MQTTError.self) {
            _ = try TLSStream(over: tcp, host: "broker.example.net", caFile: certificates.ca, clock: WallClock())
        }
        #expect(error?.description.contains("hostname mismatch") == true)
    }

    @Test func aMissingCAFileIsNamed() throws {
        let certificates = try Certificates()
        defer { try? FileManager.default.removeItem(at: certificates.folder) }
        let broker = try TLSBroker(certificates)
        let tcp = try TCPStream(host: "127.0.0.1", port: broker.port, timeout: .seconds(2))
        let error = #expect(throws: MQTTError.self) {
            _ = try TLSStream(over: tcp, host: "127.0.0.1", caFile: "/nonexistent/ca.pem", clock: WallClock())
        }
        #expect(error?.description.hasPrefix("/nonexistent/ca.pem: not a readable CA certificate file") == true)
    }
}
