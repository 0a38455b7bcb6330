// SensorGate — Gateway: the MQTT upstream of a run, and its downlink commands.

import Envelope
import Store

extension GatewayRunner {
    /// The MQTT delivery of ``GatewaySettings/mqtt``, with the downlink command handler when an
    /// operator key is configured: `set-rate` and `read` go to the sampler (`applier`), `rotate-key`
    /// replaces the identity in `identityKeyFile`'s folder.
    /// - Throws: `GatewayError` (`.configuration`) when the upstream is missing or cannot be set up.
    func makeMQTTDelivery(
        identity: DeviceIdentity, store: BatchStore, stateDirectory: String, applier: CommandApplier,
        identityKeyFile: String,
        simulatedElapsed: (() -> Duration)?
    ) throws(GatewayError) -> MQTTDelivery {
        guard let uplink = settings.mqtt else {
            throw GatewayError(.configuration, "MQTT delivery needs a broker (--upstream mqtt://HOST:PORT)")
        }
        let delivery = try MQTTDelivery(
            identity: identity, store: store, uplink: uplink, wallClock: wallClock, modemNetwork: hooks.modemNetwork)
        if let (module, clock) = delivery.simulatedModem { hooks.modemReady?(module, clock) }
        delivery.simulatedElapsed = simulatedElapsed
        if let keyFile = uplink.operatorKeyFile {
            let commands = try DownlinkCommands(
                identity: identity, operatorKeyFile: keyFile, stateDirectory: stateDirectory)
            commands.apply = applier.apply
            commands.keyRotation = KeyRotation(keyFile: identityKeyFile)
            delivery.commands = commands
        }
        return delivery
    }
}
