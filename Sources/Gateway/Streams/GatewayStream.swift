// SensorGate — Gateway: one data stream: a device's channels, batched at one interval and priority.

import Board
import Codec
import Drivers
import Sampling
import Store

/// One data stream of the gateway: every channel of one device, one row per reading.
///
/// A stream's ID is its device's place in the board file (1 for the first device with channels), so
/// it is the same on every start of the same board; 0 is the control stream that carries schemas.
public struct GatewayStream: Sendable {
    /// The envelope stream ID, 1 and up.
    public let id: UInt32
    /// The device label.
    public let name: String
    /// The channels, in column order.
    public let channels: [ChannelDescriptor]
    /// The nominal sample rate.
    public let rate: SamplingRate
    /// Uniform for polled devices (the sampler's deadlines are the grid); explicit for data-ready and
    /// FIFO devices, whose chip oscillator sets the pace and whose FIFO dates are back-dated.
    public let timestamps: TimestampMode
    /// The time one batch covers.
    public let interval: Duration
    /// The store's priority of its batches.
    public let priority: BatchPriority

    /// The stream's schema for batches from `firstSequence` on, with its epoch in UTC µs.
    /// - Parameters:
    ///   - epochMicros: the UTC time of uniform index 0 and of explicit time 0.
    ///   - firstSequence: the first data batch's sequence number coded with it.
    /// - Returns: the schema.
    /// - Throws: `CodecError` when a channel's LSB or offset exceeds the schema's limits.
    public func schema(epochMicros: Int64, firstSequence: UInt64) throws(CodecError) -> StreamSchema {
        var columns: [StreamSchema.Channel] = []
        for channel in channels {
            columns.append(
                StreamSchema.Channel(
                    name: channel.name, unit: channel.unit,
                    lsb: try ExactRational(numerator: channel.lsb.numerator, denominator: channel.lsb.denominator),
                    offset: try ExactRational(
                        numerator: channel.offset.numerator, denominator: channel.offset.denominator)))
        }
        return try StreamSchema(
            streamID: id, name: name, rateMilliHz: UInt64(rate.milliHertz), timestamps: timestamps,
            epochMicros: epochMicros, firstSequence: firstSequence, channels: columns)
    }

    /// The same stream at another rate (a live rate change).
    /// - Parameter rate: the new rate.
    /// - Returns: the stream at `rate`.
    public func with(rate: SamplingRate) -> GatewayStream {
        GatewayStream(
            id: id, name: name, channels: channels, rate: rate, timestamps: timestamps, interval: interval,
            priority: priority)
    }

    /// The envelope priority (0 … 7) of the stream's batches: bulk 0, event 4, alarm 7.
    public var envelopePriority: UInt8 {
        switch priority {
        case .bulk: 0
        case .event: 4
        case .alarm: 7
        }
    }
}

extension BatchPriority {
    /// The store priority of a board file's `batch: priority:`.
    /// - Parameter kind: the board's value.
    public init(_ kind: BatchPriorityKind) {
        switch kind {
        case .bulk: self = .bulk
        case .event: self = .event
        case .alarm: self = .alarm
        }
    }
}
