// SensorGate — Gateway: which sampler output goes to which stream.

import Board
import Codec
import Drivers
import Sampling
import Store

/// The streams of a board and the route from each sampled sensor (group, index) to its stream.
public struct StreamPlan: Sendable {
    /// The data streams, in board order.
    public internal(set) var streams: [GatewayStream]
    /// `routes[group][index]`: the stream (index into ``streams``) of each sensor, or nil.
    public let routes: [[Int?]]
    /// Devices sampled whose driver states no channels (they are sampled and counted, not batched).
    public let unbatched: [String]
    /// The on-demand companion (index into ``streams``) of a device stream, when downlink commands are
    /// on (``withOnDemandStreams()``).
    public internal(set) var onDemand: [Int: Int] = [:]

    /// Plans the streams of `board` for the sampler's `groups`.
    /// - Parameters:
    ///   - board: the board description (batching per device, device order for stream IDs).
    ///   - groups: the rate groups the sampler runs.
    /// - Returns: the plan.
    public static func make(board: BoardDescription, groups: [RateGroupDefinition]) -> StreamPlan {
        var streams: [GatewayStream] = []
        var routes: [[Int?]] = []
        var unbatched: [String] = []
        var byLabel: [String: (group: RateGroupDefinition, driver: any SensorDriver)] = [:]
        for group in groups {
            for sensor in group.sensors { byLabel[sensor.label] = (group, sensor.driver) }
        }
        var streamOfLabel: [String: Int] = [:]
        for (position, device) in board.streamDevices.enumerated() {
            guard let (group, driver) = byLabel[device.label] else { continue }
            guard let described = driver as? any ChannelDescribing, !described.channels.isEmpty else {
                unbatched.append(device.label)
                continue
            }
            let explicit: Bool
            let rate: SamplingRate
            switch group.trigger {
            case .polled:
                explicit = false
                rate = group.rate
            case .dataReady:
                explicit = true
                rate = group.rate
            case .fifo:
                explicit = true
                rate = driver.outputDataRateHz.flatMap { SamplingRate(hertz: $0) } ?? group.rate
            }
            streamOfLabel[device.label] = streams.count
            streams.append(
                GatewayStream(
                    id: UInt32(position + 1), name: device.label, channels: described.channels, rate: rate,
                    timestamps: explicit ? .explicit : .uniform, interval: device.batching.interval,
                    priority: BatchPriority(device.batching.priority)))
        }
        for group in groups { routes.append(group.sensors.map { streamOfLabel[$0.label] }) }
        return StreamPlan(streams: streams, routes: routes, unbatched: unbatched)
    }
}
