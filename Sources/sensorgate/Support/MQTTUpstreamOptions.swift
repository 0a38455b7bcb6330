// SensorGate — sensorgate run: the MQTT upstream from the command line and the board's `upstream:`.

import Board
import Foundation
import Gateway
import HAL
import HALLinux
import Logging
import Uplink

/// Builds the run's ``MQTTUplink`` from `--upstream`, `--modem`, `--username`, `--ca-file`, `--operator-key` and the
/// board's `upstream:` section (protocol mqtt).
enum MQTTUpstreamOptions {
    /// The upstream, or nil when the run delivers on loopback (no `--upstream`, and the board's upstream
    /// is absent or CoAP).
    /// - Throws: `Failure` with one line naming the option or the board's key.
    static func uplink(
        upstream: String?, board: BoardDescription, username: String?, modem: String?, caFile: String?,
        operatorKey: String?, drainTimeout: Duration?
    ) throws -> MQTTUplink? {
        let fromBoard = board.upstream.flatMap { $0.upstreamProtocol == .mqtt ? $0 : nil }
        guard let url = upstream ?? fromBoard?.url else {
            if modem != nil { throw Failure("--modem needs an MQTT upstream (--upstream mqtt://HOST:PORT)") }
            if let section = board.modem {
                throw Failure(
                    "\(section.location): the modem carries an MQTT upstream; add the board's upstream "
                        + "(protocol: mqtt) or pass --upstream mqtt://HOST:PORT")
            }
            return nil
        }
        let broker: MQTTBrokerURL
        do throws(MQTTError) { broker = try MQTTBrokerURL(parsing: url) } catch {
            let origin = upstream != nil ? "--upstream" : "\(fromBoard?.location.description ?? board.file): url"
            throw Failure("\(origin) \(error.description)")
        }
        var uplink = MQTTUplink(broker: broker)
        // --modem chooses the simulated module of a dialect; otherwise the board's `modem:` section, if any.
        if let modem {
            uplink.modemDialect = modem
        } else if let section = board.modem {
            uplink.modemDialect = section.dialect
            uplink.modemPort = section.isSimulated ? nil : section.port
            uplink.serialPorts = ModemSerialPorts(
                clock: LinuxMonotonicClock(),
                open: { (path: String) throws(HALError) -> any SerialPort in try TermiosSerialPort(path: path) },
                openLine: { (place: ModemLineWiring, initialActive: Bool) throws(HALError) -> any GPIOOutputLine in
                    var settings = GPIOLineSettings()
                    settings.activeLow = place.activeLow
                    return try LinuxGPIOChip(named: place.chipPath).requestOutput(
                        offset: place.offset, settings: settings, initialActive: initialActive)
                })
            uplink.modemLines = MQTTUplink.lineWiring(section, on: board)
            uplink.modemNetwork = section.network.rawValue
            uplink.powerSaving = section.psm.map(ModemPowerSaving.init)
        }
        uplink.operatorKeyFile = operatorKey ?? fromBoard?.operatorKeyFile
        uplink.caFile = caFile ?? fromBoard?.caFile
        if let drainTimeout { uplink.drainTimeout = drainTimeout }
        if let user = username ?? fromBoard?.username {
            uplink.credentials = .password(username: user, password: try password(fromBoard?.password))
        }
        uplink.logger = Logger(label: "sensorgate.mqtt")
        return uplink
    }

    /// The password from the board's source, or SENSORGATE_UPSTREAM_PASSWORD (empty when neither is set).
    private static func password(_ source: SecretSource?) throws -> String {
        switch source {
        case .file(let path):
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw Failure("\(path): cannot read the upstream password file")
            }
            return text.hasSuffix("\n") ? String(text.dropLast()) : text
        case .environment(let name):
            guard let value = ProcessInfo.processInfo.environment[name] else {
                throw Failure("the board's upstream password-env \(name) is not set in the environment")
            }
            return value
        case nil:
            return ProcessInfo.processInfo.environment["SENSORGATE_UPSTREAM_PASSWORD"] ?? ""
        }
    }
}
