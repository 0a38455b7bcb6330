// SensorGate — HIL: the gateway's own edge streams as the upstream decoded them.

import Collector

/// One derived stream the collector decoded (orientation 1001, altitude 1002, events 1000, vibration
/// features 1100 + device position): its channel names and every row, on the scenario's virtual time.
public struct DeliveredStream: Sendable {
    /// The channel names, in row order (`qw`, `altitude`, `env_bpfo_x`, …).
    public var names: [String]
    /// Each row's time: seconds of virtual time from the start of the scenario.
    public var timesS: [Double] = []
    /// Each row's values, in the channels' units.
    public var rows: [[Double]] = []

    /// The column of `name`, if the stream has it.
    /// - Parameter name: a channel name.
    /// - Returns: its index.
    public func column(_ name: String) -> Int? { names.firstIndex(of: name) }

    /// The rows in time order (batches arrive out of order: events go first, a power cut reorders).
    func sorted() -> DeliveredStream {
        let order = timesS.indices.sorted { timesS[$0] < timesS[$1] }
        var copy = self
        copy.timesS = order.map { timesS[$0] }
        copy.rows = order.map { rows[$0] }
        return copy
    }
}

/// The derived streams an upstream decoded, by stream ID.
struct DeliveredStreams: Sendable {
    /// Stream IDs at and above this are computed by the gateway's edge stage (docs/gateway.md).
    static let firstDerivedID: UInt32 = 1000
    private(set) var streams: [UInt32: DeliveredStream] = [:]

    /// Keeps the rows of `batch` when it is a derived stream's.
    /// - Parameters:
    ///   - batch: a decoded batch.
    ///   - virtualS: virtual seconds of a UTC µs time.
    mutating func add(_ batch: CollectedBatch, virtualS: (Int64) -> Double) {
        let id = batch.header.streamID
        guard id >= Self.firstDerivedID else { return }
        let channels = batch.schema.channels.count
        var stream = streams[id] ?? DeliveredStream(names: batch.schema.channels.map(\.name))
        for row in 0..<batch.rows where row < batch.timesMicros.count {
            stream.timesS.append(virtualS(batch.timesMicros[row]))
            stream.rows.append((0..<channels).map { batch.value(channel: $0, row: row).doubleValue })
        }
        streams[id] = stream
    }

    /// Every stream with its rows in time order.
    func sorted() -> [UInt32: DeliveredStream] { streams.mapValues { $0.sorted() } }
}
