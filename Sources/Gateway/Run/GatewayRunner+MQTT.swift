// SensorGate — Gateway: the MQTT and harness-link upstreams of a run, and their downlink commands.

import Envelope
import Sampling
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

extension GatewayRunner {
    /// The delivery through the harness's link (``GatewayHooks/upstream``), with the downlink command
    /// handler when ``GatewayHooks/upstreamOperatorKeyFile`` is set (held in step with the simulated
    /// time by `simulatedElapsed`, on a fully simulated board).
    /// - Throws: `GatewayError` (`.configuration`) when the key or the command state cannot be read.
    func makeHookedDelivery(
        link: any UpstreamLink, identity: DeviceIdentity, store: BatchStore, stateDirectory: String,
        applier: CommandApplier, simulatedElapsed: (() -> Duration)?
    ) throws(GatewayError) -> HookedDelivery {
        let delivery = HookedDelivery(link: link, store: store)
        delivery.simulatedElapsed = simulatedElapsed
        if let keyFile = hooks.upstreamOperatorKeyFile {
            let commands = try DownlinkCommands(
                identity: identity, operatorKeyFile: keyFile, stateDirectory: stateDirectory)
            commands.apply = applier.apply
            delivery.commands = commands
        }
        return delivery
    }

    /// What applies downlink commands: the sampler's mailboxes, and the edge stage's altitude (its
    /// `set-qnh`, kept in `seaLevelPressureFile`) when the board computes one.
    func applier(
        _ mailboxes: [SamplingMailbox], _ edgeStage: EdgeStage?, _ hasAltitude: Bool, _ seaLevelPressureFile: String
    ) -> CommandApplier {
        CommandApplier(
            mailboxes: mailboxes, seaLevelPressure: hasAltitude ? edgeStage?.seaLevelPressure : nil,
            seaLevelPressureFile: seaLevelPressureFile)
    }
}
