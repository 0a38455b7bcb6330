// SensorGate — Gateway: which edge computations a board asks for, on which sampled devices, into which streams.

import Board
import Drivers
import Edge
import Sampling
import SensorMath
import Store

/// The board's edge processing resolved against its sampled devices and streams: the extended stream
/// plan (processed device streams, derived streams, the events stream) and each computation's inputs.
struct EdgePlan {
    /// A device whose channels go through `processing:` blocks; its stream carries the processed values.
    struct Processed {
        /// The device's stream (index into the plan).
        var stream: Int
        /// The stream's envelope ID (the events' `source`).
        var streamID: UInt32
        /// Per column: where the value is in a reading, and its settings (the defaults where the
        /// board names none for that channel).
        var columns: [(channel: ChannelDescriptor, settings: ChannelSettings)]
    }

    /// An accelerometer with a `vibration:` block.
    struct Vibration {
        /// The features stream.
        var stream: Int
        /// The device's stream ID (the events' `source`).
        var sourceID: UInt32
        /// Axes analysed.
        var axes: [Int]
        /// The analyzer settings (validated).
        var settings: VibrationSettings
        /// Whether the anomaly detector runs.
        var anomaly: Bool
        /// Bands and defect bands in the stream.
        var bands: Int
        /// Whether the envelope defect bands are in the stream.
        var defects: Bool
    }

    /// `edge: orientation:` resolved.
    struct Orientation {
        var stream: Int
        var imu: String
        var imuAxes: Quaternion
        var magnetometer: String?
        var magnetometerAxes: Quaternion
        var magCalibration: MagnetometerCalibration
        var filter: OrientationFilterKind
        var periodNs: Int64
    }

    /// `edge: altitude:` resolved.
    struct Altitude {
        var stream: Int
        var barometer: String
        var settings: AltitudeFilter.Settings
        var periodNs: Int64
    }

    /// The stream plan with the edge's streams.
    var plan: StreamPlan
    var processed: [String: Processed] = [:]
    var vibration: [String: Vibration] = [:]
    var orientation: Orientation?
    var altitude: Altitude?
    /// The events stream, when anything can raise an event.
    var events: Int?

    /// Whether anything is computed.
    var isEmpty: Bool { processed.isEmpty && vibration.isEmpty && orientation == nil && altitude == nil }

    /// A plan with nothing computed: the raw streams only.
    init(plan: StreamPlan) { self.plan = plan }

    /// Resolves `board`'s edge processing against `base`, the plan of its raw streams.
    /// - Throws: `GatewayError` (configuration) naming the board file's line when a block names a channel the
    ///   device does not have, a device without the quantities it needs, or settings its rate cannot meet.
    static func make(board: BoardDescription, base: StreamPlan) throws(GatewayError) -> EdgePlan {
        var streams = base.streams
        var routes = base.routes
        var edge = EdgePlan(plan: base)
        let byName = Dictionary(base.streams.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        func stream(of device: DeviceDescription) throws(GatewayError) -> Int {
            guard let index = byName[device.label] else {
                throw GatewayError(
                    .configuration,
                    "\(device.location): '\(device.label)' has no channels to process (it is not sampled)")
            }
            return index
        }
        var raisesEvents = false
        for (position, device) in board.devices.enumerated() {
            if !device.processing.isEmpty {
                let index = try stream(of: device)
                let source = streams[index]
                var columns: [(ChannelDescriptor, ChannelSettings)] = source.channels.map { ($0, ChannelSettings()) }
                for block in device.processing {
                    guard let column = source.channels.firstIndex(where: { $0.name == block.channel }) else {
                        let names = source.channels.map(\.name).joined(separator: ", ")
                        throw GatewayError(
                            .configuration,
                            "\(block.location): '\(device.label)' has no channel '\(block.channel)'; its channels are \(names)"
                        )
                    }
                    columns[column].1 = block.settings
                    raisesEvents =
                        raisesEvents || block.settings.highLimit != nil || block.settings.lowLimit != nil
                        || block.settings.rateLimitPerS != nil
                }
                streams[index] = GatewayStream(
                    id: source.id, name: source.name, channels: source.channels, rate: source.rate,
                    timestamps: .explicit, interval: source.interval, priority: source.priority)
                edge.processed[device.label] = Processed(stream: index, streamID: source.id, columns: columns)
                // The raw readings no longer go to the batcher; the edge stage writes the processed rows.
                routes = routes.map { group in group.map { $0 == index ? nil : $0 } }
            }
            if let block = device.vibration {
                let index = try stream(of: device)
                let source = streams[index]
                guard source.channels.contains(where: { $0.quantity == .accelMps2 }) else {
                    throw GatewayError(
                        .configuration,
                        "\(block.location): 'vibration' needs an accelerometer; '\(device.label)' has none")
                }
                let rateHz = Double(source.rate.milliHertz) / 1000
                let settings = block.settings(sampleRateHz: rateHz)
                do { try settings.validate() } catch {
                    throw GatewayError(
                        .configuration,
                        "\(block.location): '\(device.label)' at \(rateHz) Hz: \(error.setting): \(error.problem)")
                }
                let defects = settings.bearing != nil && settings.shaftHz > 0
                edge.vibration[device.label] = Vibration(
                    stream: streams.count, sourceID: source.id, axes: block.axes, settings: settings,
                    anomaly: block.anomaly, bands: settings.bandsHz.count, defects: defects)
                raisesEvents = raisesEvents || block.anomaly
                streams.append(
                    derived(
                        DerivedChannels.vibrationStreamID(devicePosition: position), "\(device.label).vibration",
                        DerivedChannels.vibration(axes: block.axes, bands: settings.bandsHz.count, defects: defects),
                        rateHz: rateHz / Double(settings.hopLength), interval: block.interval))
            }
        }
        if let block = board.edge.orientation {
            let imu = try requireDevice(block.imu, in: board, base, with: [.accelMps2, .gyroRadps], at: block.location)
            var magnetometerAxes = Quaternion.identity
            if let label = block.magnetometer {
                magnetometerAxes = try requireDevice(label, in: board, base, with: [.magUT], at: block.location).axes
            }
            edge.orientation = Orientation(
                stream: streams.count, imu: block.imu, imuAxes: imu.axes, magnetometer: block.magnetometer,
                magnetometerAxes: magnetometerAxes, magCalibration: block.magCalibration, filter: block.filter,
                periodNs: Int64((1e9 / block.rateHz).rounded()))
            streams.append(
                derived(
                    DerivedChannels.orientationStreamID, "orientation", DerivedChannels.orientation,
                    rateHz: block.rateHz,
                    interval: block.interval))
        }
        if let block = board.edge.altitude {
            _ = try requireDevice(block.barometer, in: board, base, with: [.pressurePa], at: block.location)
            edge.altitude = Altitude(
                stream: streams.count, barometer: block.barometer, settings: block.settings,
                periodNs: Int64((1e9 / block.rateHz).rounded()))
            streams.append(
                derived(
                    DerivedChannels.altitudeStreamID, "altitude", DerivedChannels.altitude, rateHz: block.rateHz,
                    interval: block.interval))
        }
        if raisesEvents {
            edge.events = streams.count
            streams.append(
                derived(
                    DerivedChannels.eventsStreamID, "events", DerivedChannels.events, rateHz: 1, interval: .seconds(1),
                    priority: .alarm))
        }
        edge.plan = StreamPlan(streams: streams, routes: routes, unbatched: base.unbatched)
        let withheld = Set(
            board.devices.filter { !$0.batching.raw && $0.processing.isEmpty }.compactMap { byName[$0.label] })
        if !withheld.isEmpty { edge.withhold(withheld) }
        return edge
    }

    /// Drops the raw streams at `indices` (devices with `batch: raw: false`): their readings still feed
    /// the edge computations, and every stream index the plan holds is renumbered.
    private mutating func withhold(_ indices: Set<Int>) {
        var renumbered: [Int?] = []
        var next = 0
        for index in plan.streams.indices {
            renumbered.append(indices.contains(index) ? nil : next)
            if !indices.contains(index) { next += 1 }
        }
        func move(_ index: Int) -> Int { renumbered[index] ?? index }
        plan = StreamPlan(
            streams: plan.streams.enumerated().filter { !indices.contains($0.offset) }.map(\.element),
            routes: plan.routes.map { group in group.map { $0.flatMap { renumbered[$0] } } },
            unbatched: plan.unbatched + indices.sorted().map { plan.streams[$0].name })
        processed = processed.mapValues { entry in
            var entry = entry
            entry.stream = move(entry.stream)
            return entry
        }
        vibration = vibration.mapValues { entry in
            var entry = entry
            entry.stream = move(entry.stream)
            return entry
        }
        if let index = orientation?.stream { orientation?.stream = move(index) }
        if let index = altitude?.stream { altitude?.stream = move(index) }
        events = events.map(move)
    }

    /// A stream computed at the edge: explicit timestamps, nominal `rateHz` (at least 1 mHz).
    private static func derived(
        _ id: UInt32, _ name: String, _ channels: [ChannelDescriptor], rateHz: Double, interval: Duration,
        priority: BatchPriority = .bulk
    ) -> GatewayStream {
        GatewayStream(
            id: id, name: name, channels: channels,
            rate: SamplingRate(hertz: rateHz).map { $0.milliHertz > 0 ? $0 : SamplingRate(milliHertz: 1) }
                ?? SamplingRate(milliHertz: 1),
            timestamps: .explicit, interval: interval, priority: priority)
    }

    /// The device `label`, which must be sampled into a stream that has every one of `quantities`.
    private static func requireDevice(
        _ label: String, in board: BoardDescription, _ base: StreamPlan, with quantities: [Quantity],
        at location: SourceLocation
    ) throws(GatewayError) -> DeviceDescription {
        guard let device = board.devices.first(where: { $0.label == label }),
            let stream = base.streams.first(where: { $0.name == label })
        else {
            throw GatewayError(.configuration, "\(location): '\(label)' is not sampled, so it has no values to use")
        }
        for quantity in quantities where !stream.channels.contains(where: { $0.quantity == quantity }) {
            throw GatewayError(
                .configuration, "\(location): '\(label)' has no \(quantity.rawValue) channel; choose another device")
        }
        return device
    }
}
