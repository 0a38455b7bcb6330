// SensorGate — sensorgate bench store: the batch rate of a board, the store's reference load.

import Board
import Gateway

/// How many batches a second a board's gateway commits: one per batched device per `batch: interval:`,
/// plus at most one drop notice a minute.
struct ReferenceBatchRate {
    /// Batches per second.
    var batchesPerSecond: Double
    /// How it was derived, for the report.
    var description: String

    /// The rate of the board file at `path`.
    /// - Throws: the board loader's error (file:line:column), or a failure when nothing is batched.
    static func of(board path: String) throws -> ReferenceBatchRate {
        let board = try BoardLoader.load(path: path)
        let groups = try BoardBinder(backend: nil).bind(board).samplingGroups()
        let streams = StreamPlan.make(board: board, groups: groups).streams
        guard !streams.isEmpty else { throw Failure("\(path): no device is batched, so there is no batch rate") }
        let data = streams.reduce(0.0) { $0 + 1e9 / Double(max($1.interval.nanoseconds, 1)) }
        let rate = data + 1.0 / 60
        let text =
            "\(path): \(streams.count) streams, "
            + streams.map { "\($0.name) every \(Double($0.interval.nanoseconds) / 1e9) s" }.joined(separator: ", ")
            + ", plus one drop notice a minute"
        return ReferenceBatchRate(batchesPerSecond: rate, description: text)
    }
}
