// SensorGate — Uplink tests: our CoAP client against libcoap's server (Debian libcoap3-bin).

import Foundation
import Testing
import Uplink

/// A running `coap-server-notls` on a free loopback port, stopped on deinit.
final class LibcoapServer {
    let process = Process()
    let address: UDPAddress

    init(arguments: [String] = []) throws {
        let binary = "/usr/bin/coap-server-notls"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw CoAPError(.io, "\(binary) is missing: run Scripts/setup (Debian package libcoap3-bin)")
        }
        let port = try UDPSocket(bindTo: UDPAddress(host: 0x7F00_0001, port: 0)).localAddress.port
        address = UDPAddress(host: 0x7F00_0001, port: port)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-A", "127.0.0.1", "-p", "\(port)", "-d", "10"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try waitUntilAnswering()
    }

    deinit {
        // coap-server-notls 4.3.1 keeps running after SIGTERM while it has resources; SIGKILL is certain.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Sends CoAP pings (Empty CON) until the server resets one, for at most 5 s.
    private func waitUntilAnswering() throws {
        let probe = try UDPSocket(bindTo: UDPAddress(host: 0, port: 0))
        let ping = try CoAPMessage(type: .confirmable, code: .empty, messageID: 1).encoded()
        let clock = ContinuousClock()
        let end = clock.now + .seconds(5)
        while clock.now < end {
            try probe.send(ping, to: address)
            if let (bytes, _) = try probe.receive(timeout: .milliseconds(50)),
                (try? CoAPMessage.decode(bytes))?.type == .reset
            {
                return
            }
        }
        throw CoAPError(.timeout, "coap-server-notls did not answer a ping on \(address) within 5 s")
    }
}

/// Runs `coap-client-notls` with `arguments` and returns its exit status.
func runLibcoapClient(_ arguments: [String]) throws -> Int32 {
    let binary = "/usr/bin/coap-client-notls"
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        throw CoAPError(.io, "\(binary) is missing: run Scripts/setup (Debian package libcoap3-bin)")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

@Suite(.serialized) struct CoAPLibcoapTests {
    private let payload: [UInt8] = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ $0 >> 8) }

    @Test func ourClientPutsFiveKilobytesBlockwiseAndLibcoapStoresThemIntact() throws {
        let server = try LibcoapServer()
        let client = try CoAPUDPClient(server: server.address, settings: CoAPSettings(blockSize: 512), seed: 1)
        let response = try client.request(.put, path: "sensorgate/upload", payload: payload)
        #expect(response.code == .created || response.code == .changed)
        // Read it back with libcoap's own client (Block2), a peer that we did not write.
        let file = NSTemporaryDirectory() + "coap-get-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let status = try runLibcoapClient([
            "-m", "get", "-b", "1024", "-o", file, "coap://\(server.address)/sensorgate/upload",
        ])
        #expect(status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data(payload))
    }

    @Test func ourClientRetransmitsThroughAServerThatDropsAnswers() throws {
        // libcoap's -l drops the listed datagrams it sends: the first ping's RST is spared, two ACKs are lost.
        let server = try LibcoapServer(arguments: ["-l", "3,5"])
        let settings = CoAPSettings(ackTimeout: .milliseconds(100), blockSize: 1024)
        let client = try CoAPUDPClient(server: server.address, settings: settings, seed: 2)
        let response = try client.request(.post, path: "lossy", payload: payload)
        #expect(response.code.codeClass == 2)
        #expect(client.datagramsSent > 5)  // five blocks of 1024, and at least one retransmission
        let file = NSTemporaryDirectory() + "coap-get-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(try runLibcoapClient(["-m", "get", "-o", file, "coap://\(server.address)/lossy"]) == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data(payload))
    }
}
