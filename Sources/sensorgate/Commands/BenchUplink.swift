// SensorGate — sensorgate bench uplink: bytes on the wire per sample, and gateways per process.

import ArgumentParser
import Foundation
import Uplink

/// `sensorgate bench uplink [--board FILE] [--duration D] [--broker mqtt://HOST:PORT --gateways N
/// --fleet-duration D] [--json]`.
struct BenchUplink: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uplink",
        abstract: "Bytes on the wire per sample over MQTT and CoAP against JSON per reading; gateways per process.",
        discussion: """
            Runs the board offline in virtual time (default Boards/sim-reference.yaml, 10 minutes at its own \
            batch intervals), then costs every stored envelope: the exact MQTT PUBLISH our client sends with its \
            PUBACK, the CoAP exchanges of our client and server endpoints (block-wise above 1024 bytes), and \
            IPv4 + TCP (52 bytes a segment, timestamps on, MSS 1448) or IPv4 + UDP (28) headers; and the same \
            readings as one JSON message per reading over MQTT QoS 1, as common gateways send them. With \
            --broker, N gateways (one MQTT connection each, one thread) publish one batch interval's \
            envelopes of the board every interval for --fleet-duration of real time, and the acknowledgement \
            lag is measured. Scripts/bench-uplink starts a Mosquitto and runs both.
            """)

    @Option(help: ArgumentHelp("The board.", valueName: "FILE"))
    var board = "Boards/sim-reference.yaml"

    @Option(help: "Simulated time to run the board for the byte counts (default 10m).")
    var duration: DurationArgument?

    @Option(help: ArgumentHelp("A running broker for the fleet part.", valueName: "mqtt://HOST:PORT"))
    var broker: String?

    @Option(help: "Gateways in the fleet part (default 1000).")
    var gateways = 1000

    @Option(help: "Real time the fleet part runs (default 60s).")
    var fleetDuration: DurationArgument?

    @Flag(help: "Print JSON.")
    var json = false

    struct Result: Codable {
        var wire: UplinkWireResult
        var fleet: UplinkFleetResult?
        var commands: [String]
    }

    func run() throws {
        try reportingFailures {
            let (wire, round) = try UplinkWireBytes.measure(
                board: board, duration: duration?.duration ?? .seconds(600))
            var fleet: UplinkFleetResult?
            if let broker {
                let url: MQTTBrokerURL
                do throws(MQTTError) { url = try MQTTBrokerURL(parsing: broker) } catch {
                    throw Failure("--broker \(error.description)")
                }
                fleet = try UplinkFleetBenchmark.run(
                    broker: url, gateways: gateways, duration: fleetDuration?.duration ?? .seconds(60),
                    envelopes: round)
            }
            let result = Result(wire: wire, fleet: fleet, commands: CommandLine.arguments)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } else {
                print(Self.text(result))
            }
        }
    }

    static func text(_ result: Result) -> String {
        let wire = result.wire
        var lines = [
            "\(wire.board): \(wire.samples) readings in \(wire.dataBatches) batches + \(wire.schemas) schemas "
                + String(
                    format: "over %.0f s simulated; codec %d bytes, envelopes %d bytes", wire.simulatedS,
                    wire.codecBytes, wire.envelopeBytes)
        ]
        for (name, cost) in [
            ("MQTT", wire.mqtt), ("CoAP", wire.coap), ("JSON per reading, MQTT", wire.jsonPerReadingMQTT),
        ] {
            lines.append(
                String(
                    format: "  %@ %10d bytes on the wire, %.3f bytes/reading (%d messages; protocol %d, headers %d)",
                    name.padding(toLength: 24, withPad: " ", startingAt: 0), cost.wireBytes, cost.bytesPerSample,
                    cost.messages, cost.protocolBytes, cost.headerBytes))
        }
        lines.append(
            String(
                format: "  above the codec: MQTT %+.1f %% (protocol + headers %.1f %%), CoAP %+.1f %% (%.1f %%)",
                wire.mqttOverheadOfCodec * 100, wire.mqttProtocolShareOfCodec * 100, wire.coapOverheadOfCodec * 100,
                wire.coapProtocolShareOfCodec * 100))
        lines.append(String(format: "  JSON per reading: %.1f× MQTT, %.1f× CoAP", wire.jsonOverMQTT, wire.jsonOverCoAP))
        if let fleet = result.fleet {
            lines.append(
                String(
                    format:
                        "fleet: %d gateways × %d streams (%.0f batches/s, %.2f MB/s) for %.0f s: %d of %d acknowledged, "
                        + "lag p50 %.1f ms, p99 %.1f ms, max %.1f ms; CPU %.2f s (%.0f %% of one core); %@",
                    fleet.gateways, fleet.streamsPerGateway, fleet.batchesPerS, fleet.envelopeBytesPerS / 1e6,
                    fleet.wallS, fleet.acknowledged,
                    fleet.due, fleet.lagP50Ms, fleet.lagP99Ms, fleet.lagMaxMs, fleet.cpuS, fleet.cpuShare * 100,
                    fleet.realTime ? "real time" : "NOT real time"))
        }
        return lines.joined(separator: "\n")
    }
}
