// SensorGate — command-line tests: a signed downlink command through a real Mosquitto to sensorgate run,
// verified, remembered across restarts and acknowledged with the device's signature.

import Envelope
import Foundation
import Testing

@Suite(.serialized) struct DownlinkCommandTests {
    @Test func aSignedCommandIsAcknowledgedAndItsReplayRefusedAfterARestart() throws {
        let broker = try Broker()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("downlink-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        defer { try? FileManager.default.removeItem(at: root) }
        let state = root.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let device = try sensorgate("keygen", "--out", state.appendingPathComponent("identity").path)
        let operatorKeys = try sensorgate("keygen", "--out", root.appendingPathComponent("operator").path)
        try #require(device.status == 0 && operatorKeys.status == 0)
        let deviceID = device.stdout.trimmingCharacters(in: .newlines)
        let command = root.appendingPathComponent("cmd.bin").path
        let signed = try sensorgate(
            "command", "sign", "--operator-key", root.appendingPathComponent("operator/device.key").path, "--device",
            deviceID, "--sequence", "5", "--expires", "10m", "--out", command, "set-rate", "barometer", "10")
        try #require(signed.status == 0, "\(signed.stderr)")
        // Retained: the broker hands it to the gateway when it subscribes, on every fresh session.
        let publisher = try Background(
            try tool("mosquitto_pub", package: "mosquitto-clients"),
            [
                "-h", "127.0.0.1", "-p", "\(broker.port)", "-t", "sensorgate/\(deviceID)/cmd", "-q", "1", "-r", "-f",
                command,
            ])
        #expect(publisher.wait().status == 0)
        let devicePublicKey = try DeviceIdentity.loadPublicKey(
            file: state.appendingPathComponent("identity/device.pub").path)

        func runOnce() throws -> [CommandAck.Outcome] {
            let watcher = try HexSubscriber(port: broker.port, filter: "sensorgate/\(deviceID)/ack")
            let run = try Background(
                try builtSensorgate().path,
                [
                    "run", "--board", "Boards/sim-power-cut.yaml", "--duration", "2s", "--speed", "realtime",
                    "--state-dir", state.path, "--upstream", "mqtt://127.0.0.1:\(broker.port)", "--operator-key",
                    root.appendingPathComponent("operator/device.pub").path,
                ]
            ).wait()
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("command"), "\(run.stderr)")
            return try watcher.messages().map { message in
                let ack = try CommandAck.verify(message.payload, devicePublicKey: devicePublicKey)
                #expect(ack.sequence == 5 && ack.deviceID.description == deviceID)
                return ack.outcome
            }
        }

        let first = try runOnce()
        // The barometer is polled at 50 Hz: 10 Hz is applied live.
        #expect(first == [.accepted, .applied], "\(first)")
        let remembered = try String(
            contentsOf: state.appendingPathComponent("commands-last-accepted"), encoding: .utf8)
        #expect(remembered == "5\n")
        // The same command again after a restart: refused as a replay, and the refusal is signed.
        let second = try runOnce()
        #expect(second == [.rejected(.replay)], "\(second)")
    }
}
