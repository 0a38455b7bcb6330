// SensorGate — HIL: a gateway run whose uplink goes through the board's simulated modem.

import Board
import Gateway
import HAL
import Uplink

extension ScenarioRunner {
    /// The broker address the gateway is given: on the simulated module's network it reaches the
    /// in-process ``HILBroker``; nothing is dialled on the host.
    static let brokerURL = "mqtt://127.0.0.1:1883"

    /// `settings` with MQTT delivery through the board's simulated modem, as `sensorgate run` does for a
    /// board with `modem: {port: sim}` and an MQTT upstream.
    func modemSettings(_ settings: GatewaySettings, segment: Segment) throws(HILError) -> GatewaySettings {
        guard let modem = scenario.board.modem else { return settings }
        let url = try realBroker().map { "mqtt://\($0.host):\($0.port)" } ?? Self.brokerURL
        let broker: MQTTBrokerURL
        do { broker = try MQTTBrokerURL(parsing: url) } catch {
            throw HILError(.run, "\(url): \(error)")
        }
        var uplink = MQTTUplink(broker: broker)
        uplink.modemDialect = modem.dialect
        uplink.modemNetwork = modem.network.rawValue
        uplink.powerSaving = modem.psm.map(ModemPowerSaving.init)
        uplink.modemLines = MQTTUplink.lineWiring(modem, on: scenario.board)
        // A run cut by a power failure delivers nothing more; otherwise the end waits (wall time) for
        // the broker's acknowledgements as `run` does.
        uplink.drainTimeout = segment.cut ? .zero : .seconds(30)
        var settings = settings
        settings.delivery = .mqtt
        settings.mqtt = uplink
        return settings
    }

    /// Hooks the run's simulated module to the in-process broker in front of `upstream` (publishing the
    /// scenario operator's commands, `downlink`), and plans the scenario's modem faults that fall in the
    /// run on the module's clock.
    func carryThroughModem(
        _ runner: GatewayRunner, upstream: HILUpstream, segment: Segment, realHost: String?,
        downlink: OperatorDownlink? = nil
    ) {
        var broker: HILBroker?
        if let realHost {
            let factor: Double =
                switch settings.pacing {
                case .scaled(let factor): factor
                case .asFastAsPossible: 1
                }
            runner.hooks.modemNetwork = { GatedTransport(host: realHost, upstream: upstream, factor: factor) }
            runner.hooks.modemReady = { [scenario] module, _ in
                ModemFaults.schedule(scenario, on: module, from: segment.start, to: segment.end)
            }
            return
        }
        runner.hooks.modemNetwork = {
            let made = HILBroker(upstream: upstream, port: 1883, downlink: downlink)
            broker = made
            return made
        }
        runner.hooks.modemReady = { [scenario] module, clock in
            ModemFaults.schedule(scenario, on: module, from: segment.start, to: segment.end)
            let startS = seconds(segment.start)
            broker?.nowS = { startS + Double(clock.now().nanoseconds) / 1e9 }
        }
    }

    /// The real broker of `--broker HOST:PORT`, checked: the board's uplink goes through a simulated
    /// modem and the run is paced. Nil without one.
    /// - Throws: `HILError` (`.scenario`) with one line saying what to change.
    func realBroker() throws(HILError) -> (host: String, port: Int)? {
        guard let address = settings.broker else { return nil }
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
            (1...65_535).contains(port), colon > address.startIndex
        else {
            throw HILError(.scenario, "--broker \(address): expected HOST:PORT, such as 127.0.0.1:1883")
        }
        guard usesModemChain else {
            throw HILError(
                .scenario,
                "--broker \(address): \(scenario.file)'s board (\(scenario.board.file)) has no simulated modem; a real "
                    + "broker is reached through the simulated module's network: use a board with modem: {port: sim}")
        }
        guard settings.pacing != .asFastAsPossible else {
            throw HILError(
                .scenario,
                "--broker \(address): a real broker runs in real time; pace the run with --speed realtime or a factor "
                    + "such as --speed 20, not max")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" { host = "127.0.0.1" }
        return (host, port)
    }
}
