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
        let broker: MQTTBrokerURL
        do { broker = try MQTTBrokerURL(parsing: Self.brokerURL) } catch {
            throw HILError(.run, "\(Self.brokerURL): \(error)")
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

    /// Hooks the run's simulated module to the in-process broker in front of `upstream`, and plans the
    /// scenario's modem faults that fall in the run on the module's clock.
    func carryThroughModem(_ runner: GatewayRunner, upstream: HILUpstream, segment: Segment) {
        var broker: HILBroker?
        runner.hooks.modemNetwork = {
            let made = HILBroker(upstream: upstream, port: 1883)
            broker = made
            return made
        }
        runner.hooks.modemReady = { [scenario] module, clock in
            ModemFaults.schedule(scenario, on: module, from: segment.start, to: segment.end)
            let startS = seconds(segment.start)
            broker?.nowS = { startS + Double(clock.now().nanoseconds) / 1e9 }
        }
    }
}
