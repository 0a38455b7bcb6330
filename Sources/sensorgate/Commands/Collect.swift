// SensorGate — sensorgate collect: the collector, on CoAP or on an MQTT subscription.

import ArgumentParser
import Collector
import Foundation
import HALLinux
import Logging
import Synchronization
import Uplink

/// Set by SIGINT or SIGTERM; the serve loop checks it every 200 ms.
private let stopRequested = Atomic<Bool>(false)

/// `sensorgate collect --coap HOST:PORT | --mqtt mqtt://HOST:PORT [--topic FILTER] --keys DIR --out FILE.jsonl [--csv DIR]
/// [--report FILE.json] [--samples]`.
struct Collect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Receive, verify, de-duplicate and decode batches sent by CoAP or MQTT, until SIGINT or SIGTERM.",
        discussion: """
            Listens for CoAP POST or PUT requests (whole or block-wise) on HOST:PORT over UDP, or subscribes \
            to an MQTT broker (QoS 1, persistent session under --client-id, default filter sensorgate/+/+; \
            the status, cmd and ack topics are skipped). Each request body or message is an envelope \
            (docs/envelope.md); schemas arrive on the control stream 0 \
            (docs/batch-format.md §11). Devices are the public keys in DIR (NAME.pub, with NAME.seal for a \
            sealing device, or keygen folders holding device.pub). Decoded batches are appended to FILE.jsonl \
            as JSON Lines (with --samples, one line per row with exact physical values). On SIGINT or SIGTERM \
            batches still waiting for a predecessor are reported undecodable, and the summary is printed and \
            written to --report. See docs/collector.md.
            """)

    @Option(help: ArgumentHelp("The UDP address to listen on for CoAP.", valueName: "HOST:PORT"))
    var coap: String?

    @Option(help: ArgumentHelp("The MQTT broker to subscribe to.", valueName: "mqtt://HOST:PORT"))
    var mqtt: String?

    @Option(help: ArgumentHelp("The MQTT topic filter (default: sensorgate/+/+).", valueName: "FILTER"))
    var topic = "sensorgate/+/+"

    @Option(
        help: ArgumentHelp(
            "The MQTT client ID: the broker keeps this collector's session (default: sensorgate-collector).",
            valueName: "ID"))
    var clientID = "sensorgate-collector"

    @Option(help: ArgumentHelp("The MQTT user name (the password from SENSORGATE_MQTT_PASSWORD).", valueName: "NAME"))
    var username: String?

    @Option(help: ArgumentHelp("The folder of device public keys.", valueName: "DIR"))
    var keys: String

    @Option(help: ArgumentHelp("The JSON Lines output file (created or truncated).", valueName: "FILE.jsonl"))
    var out: String

    @Option(
        help: ArgumentHelp(
            "Also write every sample as CSV, one file per device and stream: DIR/<device>/<stream>-<name>.csv.",
            valueName: "DIR"))
    var csv: String?

    @Option(help: ArgumentHelp("Write the summary as JSON here when stopping.", valueName: "FILE.json"))
    var report: String?

    @Flag(help: "Also write one line per sample with its codes and exact physical values.")
    var samples = false

    @Option(
        help: ArgumentHelp(
            "Keep the replay windows and schemas here across restarts (read at start, written every 30 s and at stop).",
            valueName: "FILE.json"))
    var state: String?

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard (coap == nil) != (mqtt == nil) else {
            throw ValidationError("give either --coap HOST:PORT or --mqtt mqtt://HOST:PORT")
        }
    }

    func run() throws {
        try reportingFailures {
            let log = try logging.bootstrap("collector")
            let registry = try KeyFolder.load(keys).registry
            var collector = Collector(registry: registry)
            if let state, FileManager.default.fileExists(atPath: state) {
                do {
                    let data = try Data(contentsOf: URL(fileURLWithPath: state))
                    try collector.restore(try JSONDecoder().decode(CollectorState.self, from: data))
                } catch {
                    throw Failure("\(state): not a collector state file (\(error)); move it away to start afresh")
                }
            }
            let output = try JSONLinesFile(path: out, includeSamples: samples)
            if let csv { output.csv = try CSVFolder(directory: csv) }
            signal(SIGINT) { _ in stopRequested.store(true, ordering: .relaxed) }
            signal(SIGTERM) { _ in stopRequested.store(true, ordering: .relaxed) }
            let summary: CollectorReport
            if let mqtt {
                summary = try collectMQTT(mqtt, collector: collector, output: output, devices: registry.count, log: log)
            } else {
                summary = try collectCoAP(
                    coap ?? "", collector: collector, output: output, devices: registry.count, log: log)
            }
            if let report { try JSONLinesFile.writeReport(summary, to: report) }
            print(
                "received \(summary.received), accepted \(summary.accepted), duplicates \(summary.duplicates), "
                    + "rejected \(summary.totalRejected), schemas \(summary.schemas), streams \(summary.streams.count)")
        }
    }

    private func collectMQTT(
        _ url: String, collector: Collector, output: JSONLinesFile, devices: Int, log: Logger
    ) throws -> CollectorReport {
        let broker: MQTTBrokerURL
        do throws(MQTTError) { broker = try MQTTBrokerURL(parsing: url) } catch {
            throw Failure("--mqtt \(error.description)")
        }
        if broker.usesTLS { throw Failure("--mqtt \(url): the collector subscribes over plain TCP (mqtt://) only") }
        var settings = MQTTCollectorSubscriber.settings(clientID: clientID, filters: [topic])
        if let username {
            let password = ProcessInfo.processInfo.environment["SENSORGATE_MQTT_PASSWORD"] ?? ""
            settings.credentials = .password(username: username, password: password)
        }
        let client: MQTTClient
        do throws(MQTTError) { client = try MQTTClient(settings: settings) } catch {
            throw Failure("--client-id/--topic: \(error.description)")
        }
        let connection = MQTTConnection(client: client, clock: LinuxMonotonicClock()) {
            () throws(MQTTError) -> any ByteStream in
            try TCPStream(host: broker.host, port: broker.port, timeout: .seconds(10))
        }
        let subscriber = MQTTCollectorSubscriber(connection: connection, collector: collector, output: output)
        subscriber.keyFolder = keys
        subscriber.logger = log
        log.notice("collecting from \(broker) on '\(topic)' as \(clientID) for \(devices) devices")
        let clock = ContinuousClock()
        var lastSave = clock.now
        subscriber.run {
            if let state, clock.now - lastSave >= .seconds(30) {
                lastSave = clock.now
                do { try Self.save(subscriber.collector.state, to: state) } catch { log.error("\(error)") }
            }
            return stopRequested.load(ordering: .relaxed)
        }
        if let state { try Self.save(subscriber.collector.state, to: state) }
        return subscriber.finish()
    }

    private func collectCoAP(
        _ coap: String, collector: Collector, output: JSONLinesFile, devices: Int, log: Logger
    ) throws -> CollectorReport {
        let address: UDPAddress
        let server: CoAPCollectorServer
        do throws(CoAPError) {
            address = try UDPAddress(parsing: coap)
        } catch {
            throw Failure("--coap \(coap): \(error.detail)")
        }
        do throws(CoAPError) {
            server = try CoAPCollectorServer(address: address, collector: collector, output: output)
        } catch {
            throw Failure("--coap \(coap): \(error.detail); is another process using the port?")
        }
        server.logger = log
        log.notice("collecting on coap://\(server.localAddress) from \(devices) devices")
        let clock = ContinuousClock()
        var lastSave = clock.now
        try server.run {
            if let state, clock.now - lastSave >= .seconds(30) {
                lastSave = clock.now
                do {
                    try Self.save(server.collector.state, to: state)
                } catch {
                    log.error("\(error)")
                }
            }
            return stopRequested.load(ordering: .relaxed)
        }
        if let state { try Self.save(server.collector.state, to: state) }
        return server.finish()
    }

    /// Writes the state atomically (a temporary file renamed into place).
    private static func save(_ collectorState: CollectorState, to path: String) throws {
        do {
            try JSONEncoder().encode(collectorState).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw Failure("\(path): cannot write the collector state (\(error.localizedDescription))")
        }
    }
}
