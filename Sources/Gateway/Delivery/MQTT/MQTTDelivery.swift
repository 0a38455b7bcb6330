// SensorGate — Gateway: delivery over MQTT 3.1.1, QoS 1: the PUBACK deletes the batch from the store.

import Collector
import Envelope
import Foundation
import HAL
import HALSim
import Logging
import ModemSim
import Store
import Uplink

/// Publishes each pending batch at QoS 1 on `<prefix>/<device>/<stream>` (docs/uplink.md) through an
/// ``MQTTConnection`` over a TCP socket of the host or a socket of the simulated modem, and deletes a
/// batch from the store when its PUBACK arrives — the broker's word that it holds the message. The
/// client's persistent session, window, DUP retransmission after a reconnect and back-off do the rest;
/// the collector (`sensorgate collect --mqtt`) verifies and de-duplicates at the other end.
///
/// Downlink: messages on `<prefix>/<device>/cmd` go to ``DownlinkCommands``; the signed
/// acknowledgements are published on `<prefix>/<device>/ack`.
final class MQTTDelivery: BatchDelivery {
    let mode = "mqtt"
    private(set) var counters = DeliveryCounters()
    /// The connection's own figures: connects, refusals, losses, commands.
    private(set) var link = MQTTLinkCounters()
    let store: BatchStore
    let uplink: MQTTUplink
    let settings: MQTTSettings
    private let connection: MQTTConnection
    private let transport: MQTTLink
    /// Downlink commands; nil when no operator key is configured (commands are then refused).
    var commands: DownlinkCommands?
    /// Command acknowledgements waiting for room in the window.
    private var queuedAcks: [[UInt8]] = []
    /// Tags of non-batch publishes (birth aside): command acknowledgements, the `offline` status.
    private static let controlTag: UInt64 = 1 << 63
    private var inFlight: [UInt64: (key: BatchKey, bytes: Int)] = [:]
    private var nextTag: UInt64 = 1
    private var lastLogged: String?
    /// The run's simulated time since its start; the simulated module's clock follows it, so the radio's
    /// idle, RRC tails and operator timeouts happen between batches as they would. Nil: the module's clock
    /// moves only while it works (the default, and always for a real module).
    var simulatedElapsed: (() -> Duration)?
    /// Told how far the simulated time has been handled after each round; nil: nobody waits for it.
    var lockstep: DeliveryLockstep?
    /// When the module's signal was last read (on the link's clock).
    private var signalReadAt: MonotonicInstant?
    private var modemStart: MonotonicInstant?
    /// PSM on the module and the upload schedule; nil: the connection stays up.
    let powerSaving: ModemPowerSaving?
    /// With PSM: the MQTT session is ended and the module left to sleep until ``nextUpload``.
    private var asleep = false
    /// With PSM: when the module is woken next for an upload (on the link's clock).
    private var nextUpload: MonotonicInstant?
    /// The run is ending: wake the module and deliver everything the store holds.
    private var draining = false
    /// With PSM: batches this upload still delivers: those the store held when the module woke; later
    /// ones wait for the next upload. Nil: no limit (PSM off, or the run is ending).
    private var burstLeft: Int?

    /// Prepares the connection; nothing is sent until the first ``deliverPending(limit:)``.
    /// - Parameters:
    ///   - identity: the device identity: the client ID and the `<device>` topic level.
    ///   - store: the store.
    ///   - uplink: the broker, credentials and link.
    ///   - wallClock: the real monotonic clock (a TCP link runs on it).
    ///   - modemNetwork: makes the simulated module's network (a harness's endpoint); nil: the loopback.
    /// - Throws: `GatewayError` (`.configuration`) for an unknown modem dialect or bad settings.
    init(
        identity: DeviceIdentity, store: BatchStore, uplink: MQTTUplink, wallClock: any MonotonicClock,
        modemNetwork: (() -> any NetworkTransport)? = nil
    ) throws(GatewayError) {
        if uplink.broker.usesTLS && uplink.caFile == nil {
            throw GatewayError(
                .configuration,
                "\(uplink.broker): mqtts:// needs a CA certificate: --ca-file FILE or the board's ca-file")
        }
        self.store = store
        self.uplink = uplink
        powerSaving = uplink.modemDialect == nil ? nil : uplink.powerSaving
        let device = identity.deviceID.description
        if let dialect = uplink.modemDialect {
            transport = try MQTTLink.modem(
                dialect: dialect, port: uplink.modemPort, network: uplink.modemNetwork, broker: uplink.broker,
                caFile: uplink.caFile, seed: Self.seed(device), serialPorts: uplink.serialPorts,
                transport: modemNetwork, psm: uplink.powerSaving?.timers, lines: uplink.modemLines)
        } else {
            transport = MQTTLink.tcp(uplink.broker, caFile: uplink.caFile, clock: wallClock)
        }
        var settings = MQTTSettings(deviceID: device)
        settings.credentials = uplink.credentials
        settings.topicPrefix = uplink.topicPrefix
        settings.reconnectInitialDelay = uplink.reconnectInitialDelay
        settings.reconnectMaxDelay = uplink.reconnectMaxDelay
        settings.seed = Self.seed(device)
        self.settings = settings
        let client: MQTTClient
        do { client = try MQTTClient(settings: settings) } catch {
            throw GatewayError(.configuration, "\(uplink.broker): \(error.description)")
        }
        connection = MQTTConnection(client: client, clock: transport.clock, openStream: transport.open)
    }

    /// Publishes what the window has room for, runs the connection for a moment, and deletes the
    /// batches the broker acknowledged.
    /// - Returns: batches published or acknowledged in this call (0: nothing moved).
    func deliverPending(limit: Int) throws(StoreError) -> Int {
        let clock = ContinuousClock()
        let start = clock.now
        defer { counters.timeNs += (clock.now - start).nanoseconds }
        // With PSM the module's clock catches up with the run only while it sleeps: awake, it moves by
        // the module's own work (each wait of the driver and the client on the link's clock), so the
        // radio's connected time is the upload's, not the host's delay of this thread (docs/hil.md).
        let handled = followSimulatedTime(startOnly: powerSaving != nil && !asleep)
        defer { if let handled { lockstep?.delivered(upTo: handled.nanoseconds / 1000) } }
        publishAppliedCommands()
        guard let powerSaving else { return try deliverRound(limit: limit, maxWait: .milliseconds(10)) }
        // An upload runs to its end on the link's clock (virtual for the simulated module, so it takes
        // no wall time), in slices of at most `uploadSlice`, so the sealing on this thread goes on.
        let sliceStart = transport.clock.now()
        var moved = 0
        while uploadWindowOpen(powerSaving) {
            moved += try deliverRound(limit: limit, maxWait: .milliseconds(100))
            if draining && store.count == 0 && inFlight.isEmpty && queuedAcks.isEmpty { break }
            if transport.clock.now() - sliceStart >= Self.uploadSlice { break }
        }
        return moved
    }

    /// The longest an upload keeps this thread in one ``deliverPending(limit:)`` (on the link's clock).
    static let uploadSlice: Duration = .seconds(60)

    /// Publishes what the window (and, with PSM, the upload) has room for, runs the connection for up to
    /// `maxWait`, and deletes the batches the broker acknowledged.
    /// - Returns: batches published or acknowledged.
    private func deliverRound(limit: Int, maxWait: Duration) throws(StoreError) -> Int {
        sendQueuedAcks()
        var moved = 0
        let room = settings.inFlightWindow - connection.client.windowUsed
        if room > 0, queuedAcks.isEmpty {
            let exclude = Set(inFlight.values.map { $0.key })
            let allowed = min(room, limit, burstLeft ?? Int.max)
            for batch in try store.pending(limit: allowed, excludingInFlight: exclude) {
                let tag = nextTag
                nextTag += 1
                do {
                    try connection.publish(
                        topic: settings.topic(Self.level(batch.streamName)), payload: batch.payload, tag: tag)
                } catch {
                    log(
                        .warning, "batch not published: \(error.description)",
                        ["stream": "\(batch.stream)", "sequence": "\(batch.sequence)"])
                    break
                }
                inFlight[tag] = (batch.key, batch.payload.count)
                burstLeft = burstLeft.map { $0 - 1 }
                moved += 1
            }
        }
        moved += try step(maxWait: maxWait)
        if connection.client.state == .connected { readSignal(force: false) }
        return moved
    }

    /// How often the module's signal is read while connected to the broker (on the link's clock),
    /// besides once at each connection: two AT commands, a few milliseconds of the serial link.
    static let signalInterval: Duration = .seconds(300)

    /// Reads the module's signal quality (`AT+CSQ` and the dialect's extended report) when the module is
    /// online and, unless `force`, ``signalInterval`` has passed since the last reading.
    private func readSignal(force: Bool) {
        guard let driver = transport.driver, driver.state == .online else { return }
        let now = transport.clock.now()
        if !force, let last = signalReadAt, now - last < Self.signalInterval { return }
        signalReadAt = now
        do { try driver.readSignal() } catch {
            log(.warning, "modem signal not read: \(error.description)")
        }
    }

    /// The module's state, registration, signal and counters; nil for a TCP link.
    var modemStatus: ModemStatus? { transport.driver.map(ModemStatus.init) }

    /// Waits (up to ``MQTTUplink/drainTimeout`` of real time) until the broker has acknowledged
    /// everything the store holds, then publishes `offline` and disconnects cleanly.
    func drain() {
        draining = true
        publishAppliedCommands()
        publishAppliedCommands(abandon: true)
        let clock = ContinuousClock()
        let deadline = clock.now + uplink.drainTimeout
        do {
            while clock.now < deadline {
                _ = try deliverPending(limit: 256)
                if inFlight.isEmpty && store.count == 0 && queuedAcks.isEmpty { break }
            }
        } catch {
            log(.error, "store: \(error)")
        }
        if !inFlight.isEmpty || store.count > 0 {
            log(
                .warning,
                "\(store.count) batches not acknowledged by \(uplink.broker) after \(uplink.drainTimeout); "
                    + "they stay in the store for the next run", ["pending": "\(store.count)"])
        }
        // The retained status says offline: a clean DISCONNECT makes the broker discard the will.
        if connection.client.state == .connected, settings.announcesStatus {
            _ = try? connection.publish(
                topic: settings.statusTopic, payload: Array("offline".utf8), retain: true, tag: Self.controlTag)
            let end = clock.now + .seconds(2)
            while clock.now < end, connection.client.inFlightCount > 0, connection.client.state == .connected {
                _ = try? step(maxWait: .milliseconds(20))
            }
        }
        connection.disconnect()
    }

    /// With PSM: whether the link is up for an upload. Asleep, the module is woken when the upload
    /// interval is up, the store's backlog reaches its threshold, a command acknowledgement waits, or
    /// the run ends. Awake, once the store is empty and the broker has acknowledged everything, the
    /// session ends with DISCONNECT (the broker keeps the persistent session and queues commands) and
    /// the module is left to enter PSM after its active time.
    private func uploadWindowOpen(_ saving: ModemPowerSaving) -> Bool {
        let now = transport.clock.now()
        let next = nextUpload ?? now + saving.uploadInterval
        if nextUpload == nil { burstLeft = store.count }  // the first upload: what the store held at the start
        nextUpload = next
        if draining { burstLeft = nil }
        if asleep {
            let waiting = store.count > 0 || !queuedAcks.isEmpty
            let due = waiting && (draining || now >= next || store.count >= saving.uploadBacklog || !queuedAcks.isEmpty)
            guard due else { return false }
            asleep = false
            burstLeft = draining ? nil : store.count
            link.wakes += 1
            nextUpload = now + saving.uploadInterval
            transport.noticeModem()
            connection.resume()
            return true
        }
        let delivered = store.count == 0 || burstLeft.map { $0 <= 0 } ?? false
        let idle = delivered && inFlight.isEmpty && queuedAcks.isEmpty && connection.client.inFlightCount == 0
        guard idle, !draining, connection.client.state == .connected else { return true }
        // The retained status says `asleep` before the session ends: a clean DISCONNECT keeps the will
        // from firing, so without it the broker would show `online` for the hours the module sleeps.
        // At QoS 0 on the same stream just before DISCONNECT: no round trip with the radio on, and
        // nothing to send again after the next connect, whose birth message says `online`.
        if settings.announcesStatus {
            _ = try? connection.publishAtMostOnce(
                topic: settings.statusTopic, payload: Array("asleep".utf8), retain: true)
        }
        connection.disconnect()
        asleep = true
        link.sleeps += 1
        return false
    }

    /// Moves the simulated module's clock up to the run's simulated time (never back); with
    /// `startOnly`, only notes where the module's clock started (the module's own work moves it).
    /// - Returns: the run's simulated time since the start this round has handled; nil when the module
    ///   has no clock to move.
    private func followSimulatedTime(startOnly: Bool = false) -> Duration? {
        guard let clock = transport.modemClock else { return nil }
        let start = modemStart ?? clock.now()
        modemStart = start
        guard let elapsed = simulatedElapsed?() else { return nil }
        guard !startOnly else { return elapsed }
        let target = start + elapsed
        if target > clock.now() { clock.advance(to: target) }
        return elapsed
    }

    /// The simulated module and its clock, when the link is one.
    var simulatedModem: (module: SimModem, clock: VirtualClock)? {
        guard let module = transport.modem, let clock = transport.modemClock else { return nil }
        return (module, clock)
    }

    /// What the simulated module's radio did and cost: nil for a TCP link or a real module.
    func radioReport() -> RadioReport? {
        guard let module = transport.modem, let clock = transport.modemClock else { return nil }
        let now = clock.now()
        module.advance(to: now)  // timers due by now (a PSM entry nobody has read yet) count
        let elapsed = now - (modemStart ?? now)
        let meter = module.meter
        let energy = meter.energyJoules(at: now, elapsed: elapsed, profile: module.profile)
        let seconds = { (duration: Duration) in Double(duration.nanoseconds) / 1e9 }
        return RadioReport(
            dialect: module.dialect.name, network: module.profile.name, bytesUp: meter.bytesUp,
            bytesDown: meter.bytesDown, elapsedS: seconds(elapsed), radioOnS: seconds(meter.radioOnTime(at: now)),
            psmS: seconds(meter.psmTime(at: now)), energyJ: energy,
            energyPerBatchJ: counters.envelopes > 0 ? energy / Double(counters.envelopes) : 0)
    }

    func finish() -> (report: CollectorReport, givenUp: [String]) {
        counters.datagramsSent = 0
        return (Collector(registry: DeviceRegistry()).report, [])
    }

    /// One turn of the connection; handles its events.
    /// - Returns: batches acknowledged.
    private func step(maxWait: Duration) throws(StoreError) -> Int {
        var acknowledged: [BatchKey] = []
        for event in connection.step(maxWait: maxWait) {
            switch event {
            case .published(_, let tag):
                guard let entry = inFlight.removeValue(forKey: tag) else { continue }
                acknowledged.append(entry.key)
                counters.envelopes += 1
                counters.bytes += entry.bytes
            case .connected(let sessionPresent):
                link.connects += 1
                lastLogged = nil
                readSignal(force: true)
                if link.connects == 1 || !sessionPresent {
                    log(
                        .info, "connected to \(uplink.summary)",
                        ["session": sessionPresent ? "resumed" : "new"])
                }
            case .disconnected(let reason, _):
                switch reason {
                case .requested: break
                case .refused(let code):
                    link.refusals += 1
                    log(
                        .warning,
                        "\(uplink.broker) refused the connection: \(MQTTConnectReturnCode.text(code)); retrying with back-off",
                        ["return-code": "\(code)"])
                default:
                    link.losses += 1
                    counters.failures += 1
                    log(.warning, "connection to \(uplink.broker) lost (\(reason)); reconnecting with back-off")
                }
            case .subscribed(let codes):
                if codes.contains(0x80) { log(.warning, "\(uplink.broker) refused the command subscription") }
            case .message(let message):
                handle(message)
            }
        }
        if !acknowledged.isEmpty { _ = try store.acknowledge(acknowledged) }
        return acknowledged.count
    }

    private func handle(_ message: MQTTPublish) {
        guard message.topic == settings.commandTopic else { return }
        link.commands += 1
        guard let commands else {
            log(
                .warning,
                "a command arrived on \(message.topic) but no operator key is configured (--operator-key); refused")
            return
        }
        let (acks, line) = commands.handle(message.payload)
        log(.notice, line)
        for ack in acks { publishAck(ack) }
    }

    /// Publishes the acknowledgements of commands the sampling thread has applied since the last call
    /// (or, with `abandon`, fails those still waiting: the run is ending).
    private func publishAppliedCommands(abandon: Bool = false) {
        guard let commands else { return }
        let done =
            abandon ? commands.abandonPending("the run ended before the sampler applied it") : commands.poll()
        for (ack, line) in done {
            log(.notice, line)
            publishAck(ack)
        }
    }

    /// Queues an acknowledgement; it goes out ahead of the next batches (``sendQueuedAcks()``).
    private func publishAck(_ ack: [UInt8]) {
        queuedAcks.append(ack)
        sendQueuedAcks()
    }

    /// Publishes the queued acknowledgements, in order, as the window has room: an acknowledgement is
    /// never dropped because batches fill the window, and one announcing a new key goes out before
    /// any batch signed with it.
    private func sendQueuedAcks() {
        while !queuedAcks.isEmpty, connection.client.windowUsed < settings.inFlightWindow {
            do {
                try connection.publish(topic: settings.topic("ack"), payload: queuedAcks[0], tag: Self.controlTag)
                queuedAcks.removeFirst()
            } catch {
                log(.warning, "command acknowledgement not sent yet: \(error.description)")
                return
            }
        }
    }

    /// Logs a message unless it repeats the previous one (a broker that keeps refusing says so once),
    /// with the broker in the metadata.
    private func log(_ level: Logger.Level, _ message: String, _ metadata: Logger.Metadata = [:]) {
        guard message != lastLogged else { return }
        lastLogged = message
        var metadata = metadata
        metadata["broker"] = "\(uplink.broker)"
        uplink.logger.log(level: level, "\(message)", metadata: metadata)
    }

    /// A topic level for a stream name: `/`, `+`, `#` replaced by `_`.
    static func level(_ name: String) -> String {
        String(name.map { "/+#".contains($0) ? "_" : $0 })
    }

    /// A per-device seed for the reconnect jitter (FNV-1a of the device ID), so a fleet does not
    /// reconnect in step.
    static func seed(_ device: String) -> UInt64 {
        device.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}

/// What the MQTT connection did over a run.
public struct MQTTLinkCounters: Sendable, Codable, Equatable {
    /// CONNACKs accepted.
    public var connects = 0
    /// CONNECTs refused (bad credentials, not authorised).
    public var refusals = 0
    /// Connections lost (stream closed, timeouts).
    public var losses = 0
    /// Messages received on the command topic.
    public var commands = 0
    /// With PSM: times the delivery ended the session to let the module sleep.
    public var sleeps = 0
    /// With PSM: times it woke the module to upload.
    public var wakes = 0
}
