// SensorGate — Gateway: the streams that carry readings taken on request (downlink `read`).

import Board

extension StreamPlan {
    /// The stream ID of the on-demand companion of the device stream `id`: 2000 + `id` (device streams
    /// are 1 and up, the edge's 1000 … 1999).
    static func onDemandStreamID(of id: UInt32) -> UInt32 { 2000 + id }

    /// The plan with an on-demand companion for every device stream the sampler feeds: the same
    /// channels, explicit timestamps, event priority, named `<label>.read`. A reading taken on request
    /// goes there alone, in its own batch sealed at once; the device's own stream keeps its grid. A
    /// companion costs nothing until used: its schema goes out with its first batch.
    func withOnDemandStreams() -> StreamPlan {
        var plan = self
        let fed = Set(routes.flatMap { $0.compactMap { $0 } })
        for index in streams.indices where fed.contains(index) {
            let source = streams[index]
            plan.onDemand[index] = plan.streams.count
            plan.streams.append(
                GatewayStream(
                    id: Self.onDemandStreamID(of: source.id), name: source.name + ".read", channels: source.channels,
                    rate: source.rate, timestamps: .explicit, interval: source.interval, priority: .event))
        }
        return plan
    }
}
