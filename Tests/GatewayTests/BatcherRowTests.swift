// SensorGate — GatewayTests: the batcher writes each reading's values into its stream's columns, and drops a
// reading that lacks a channel's value instead of writing part of it.

import Board
import Drivers
import Foundation
import HAL
import Sampling
import Testing

@testable import Gateway

@Suite struct BatcherRowTests {
    /// An LSM6DSO polled with its FIFO bypassed: accel x, y, z, gyro x, y, z and temperature in one stream.
    static let boardYAML = """
        board: {name: batcher-row-test}
        buses:
          spi0: {type: spi, path: sim:spi0}
        devices:
          imu:
            compatible: st,lsm6dso
            bus: spi0
            chip-select: 0
            settings: {odr-hz: 104}
            sample: {rate-hz: 100}
        """

    /// A batcher for the board, its only stream's channels, and the instant of its epoch.
    static func batcher() throws -> (Batcher, [ChannelDescriptor], MonotonicInstant) {
        let board = try BoardLoader.parse(boardYAML, file: "batcher-row-test.yaml")
        let bound = BoardBinder(backend: nil).bind(board)
        let plan = StreamPlan.make(board: board, groups: try bound.samplingGroups())
        let channels = try #require(plan.streams.first?.channels)
        let epoch = bound.clock.now()
        return (Batcher(plan: plan, epoch: epoch, queue: WindowQueue()), channels, epoch)
    }

    /// A distinct SI value per channel: quantity runs and components must each land in their own column.
    static func value(_ channel: ChannelDescriptor) -> Double {
        switch channel.quantity {
        case .accelMps2: [1.5, -2.25, 9.81][channel.component]
        case .gyroRadps: [0.125, -0.5, 0.0625][channel.component]
        default: 31.5
        }
    }

    static func reading(_ channels: [ChannelDescriptor], at instant: MonotonicInstant, leaving omitted: Quantity? = nil)
        -> SensorReading
    {
        var reading = SensorReading(timestamp: instant)
        for quantity in Set(channels.map(\.quantity)) where quantity != omitted {
            let mine = channels.filter { $0.quantity == quantity }.sorted { $0.component < $1.component }
            reading.values[quantity] = SensorComponents(mine.map(value), { $0 })
        }
        return reading
    }

    static let imu = SensorTag(group: 0, index: 0, label: "imu")

    @Test func everyChannelsValueLandsInItsOwnColumn() throws {
        let (batcher, channels, epoch) = try Self.batcher()
        #expect(channels.map(\.name) == ["accel_x", "accel_y", "accel_z", "gyro_x", "gyro_y", "gyro_z", "temperature"])
        batcher.deliver(Self.reading(channels, at: epoch), from: Self.imu)
        let window = batcher.open[0]
        #expect(window.count == 1 && batcher.samples == [1])
        for (column, channel) in channels.enumerated() {
            let expected = try #require(channel.code(ofSI: Self.value(channel)))
            #expect(window.codes[column * window.capacity] == expected, "\(channel.name)")
        }
        #expect(batcher.drops.isEmpty)
    }

    @Test func aReadingWithoutOneOfItsQuantitiesIsDroppedWhole() throws {
        let (batcher, channels, epoch) = try Self.batcher()
        // The gyroscope's run of columns comes after the accelerometer's: the reading is refused, not half written.
        batcher.deliver(Self.reading(channels, at: epoch, leaving: .gyroRadps), from: Self.imu)
        batcher.deliver(Self.reading(channels, at: epoch, leaving: .accelMps2), from: Self.imu)
        #expect(batcher.open[0].count == 0 && batcher.samples == [0])
        #expect(batcher.drops[.incompleteReading] == 2)
        // A quantity with too few components is refused too.
        var short = Self.reading(channels, at: epoch)
        short.values[.gyroRadps] = SensorComponents([0.125, -0.5], { $0 })
        batcher.deliver(short, from: Self.imu)
        #expect(batcher.drops[.incompleteReading] == 3 && batcher.samples == [0])
        // The next whole reading is written as the first row.
        batcher.deliver(Self.reading(channels, at: epoch), from: Self.imu)
        #expect(batcher.open[0].count == 1 && batcher.samples == [1])
    }

    @Test func aValueWhoseCodeIsNotAnInt32IsDroppedAndCounted() throws {
        let (batcher, channels, epoch) = try Self.batcher()
        let column = try #require(channels.firstIndex { $0.name == "temperature" })
        let temperature = channels[column]
        // Values one code inside and one code beyond each end of the Int32 range, and not finite.
        func celsius(_ code: Double) -> Double { temperature.offset.value + code * temperature.lsb.value }
        let values = [
            celsius(2_147_483_647), celsius(2_147_483_648), celsius(-2_147_483_648), celsius(-2_147_483_649),
            .nan, .infinity, -.infinity, 31.5,
        ]
        for (row, value) in values.enumerated() {
            var reading = Self.reading(channels, at: epoch + .milliseconds(10 * row))
            reading.values[.temperatureC] = SensorComponents(value)
            batcher.deliver(reading, from: Self.imu)
        }
        #expect(batcher.drops[.codeOutOfRange] == 5)
        let window = batcher.open[0]
        // The kept rows are the first, third and last; a dropped reading leaves a gap in the grid, so
        // each kept one after a drop opens a new window: only the last is open.
        #expect(batcher.samples == [3] && window.count == 1)
        #expect(window.codes[column * window.capacity] == (try #require(temperature.code(ofSI: 31.5))))
    }

    @Test func aDrainHandedOnInOneCallIsBatchedExactlyAsReadingByReading() throws {
        let (oneCall, channels, epoch) = try Self.batcher()
        let queue = WindowQueue()
        let plan = oneCall.plan
        let byReading = Batcher(plan: plan, epoch: epoch, queue: queue)
        // 15 s at 100 Hz, with one reading short of its gyroscope: hand-overs at the gap it leaves in the
        // grid and at the 10 s interval.
        var readings = (0..<1500).map { Self.reading(channels, at: epoch + .milliseconds(10 * $0)) }
        readings[700] = Self.reading(channels, at: epoch + .milliseconds(7000), leaving: .gyroRadps)
        readings.withUnsafeBufferPointer { oneCall.deliver(contentsOf: $0, from: Self.imu) }
        for reading in readings { byReading.deliver(reading, from: Self.imu) }
        #expect(oneCall.samples == [1499] && oneCall.samples == byReading.samples)
        #expect(oneCall.drops == byReading.drops && oneCall.drops[.incompleteReading] == 1)
        #expect(oneCall.windowsHandedOver == 2 && byReading.windowsHandedOver == 2)
        let (a, b) = (oneCall.open[0], byReading.open[0])
        #expect(a.count == 500 && a.count == b.count && a.firstIndex == b.firstIndex)
        #expect(Array(a.codes[0..<(a.capacity * channels.count)]) == Array(b.codes[0..<(b.capacity * channels.count)]))
        // A sensor the plan does not route is counted once per reading, whichever way it comes.
        let stranger = SensorTag(group: 3, index: 0, label: "stranger")
        readings.prefix(4).withUnsafeBufferPointer { oneCall.deliver(contentsOf: $0, from: stranger) }
        #expect(oneCall.unbatchedReadings == 4)
    }
}
