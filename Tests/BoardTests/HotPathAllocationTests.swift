// SensorGate — BoardTests: the sampling hot path, once running, makes no heap allocation.

import Board
import CAllocationCounter
import Drivers
import HAL
import HALSim
import Sampling
import Testing

/// Counts the calling thread's heap allocations (malloc and friends, through the CAllocationCounter
/// shim linked into the tests) while the real sampler runs in virtual time, after a warm-up.
@Suite struct HotPathAllocationTests {
    /// Counts what the sampler hands on, without allocating.
    final class CountingSink: SampleSink {
        var readings = 0
        var missing = 0
        var componentSum = 0.0
        func deliver(_ reading: SensorReading, from sensor: SensorTag) {
            readings += 1
            // Read the reading as a consumer does, by quantity and by raw name.
            if let accel = reading.values[.accelMps2] { componentSum += accel[2] }
            if let temperature = reading.values[.temperatureC] { componentSum += temperature[0] }
            if let code = reading.raw[.adc] { componentSum += Double(code[0]) }
        }
        func missing(from sensor: SensorTag, at instant: MonotonicInstant, count: Int) {
            missing += count
        }
    }

    /// A FIFO chip without a bus: each drain appends the samples written since the last one, dated on
    /// its output grid, as the real FIFO drivers do.
    final class GridFIFOSensor: FIFOSensorDriver {
        let part = "GRID"
        let location = "test"
        let outputDataRateHz: Double? = 1000
        let clock: VirtualClock
        private var drainedUpTo: Int64 = 0
        private(set) var fifoOverflows = 0
        private(set) var fifoLostSamples = 0
        let fifoWatermarkSamples: Int? = nil
        let fifoCapacitySamples = 64
        init(clock: VirtualClock) { self.clock = clock }
        func bringUp() throws(DriverError) { drainedUpTo = clock.now().nanoseconds / 1_000_000 }
        func read() throws(DriverError) -> SensorReading { SensorReading(timestamp: clock.now()) }
        func drainFIFO(into readings: inout [SensorReading]) throws(DriverError) {
            let written = clock.now().nanoseconds / 1_000_000
            while drainedUpTo < written {
                drainedUpTo += 1
                var reading = SensorReading(timestamp: MonotonicInstant(nanoseconds: drainedUpTo * 1_000_000))
                reading.values[.accelMps2] = SensorComponents(0.5, -9.80665, Double(drainedUpTo % 7))
                reading.raw[.accel] = SensorComponents(1, -2000, drainedUpTo % 7)
                readings.append(reading)
            }
        }
    }

    /// A polled chip without a bus.
    final class ConstantSensor: SensorDriver {
        let part = "CONST"
        let location = "test"
        let outputDataRateHz: Double? = nil
        let clock: VirtualClock
        private var reads: Int64 = 0
        init(clock: VirtualClock) { self.clock = clock }
        func bringUp() throws(DriverError) {}
        func read() throws(DriverError) -> SensorReading {
            reads += 1
            var reading = SensorReading(timestamp: clock.now())
            reading.values[.temperatureC] = SensorComponents(21.5)
            reading.values[.pressurePa] = SensorComponents(101_325)
            reading.raw[.adc] = SensorComponents(reads)
            return reading
        }
    }

    /// Runs `scheduler` for `warmUp`, then for `measured` with counting on.
    /// - Returns: the allocations and the readings delivered while counting.
    private func allocations(
        _ scheduler: SamplingScheduler, _ readings: () -> Int, warmUp: Duration, measured: Duration
    ) throws -> (allocations: UInt64, readings: Int) {
        scheduler.start()
        let start = try #require(scheduler.startInstant)
        // The warm-up goes through the same code as the measurement, so that type metadata the
        // runtime instantiates on first use is in place before counting starts.
        _ = try run(scheduler, until: start + warmUp)
        let before = readings()
        let counted = try run(scheduler, until: start + warmUp + measured)
        return (counted, readings() - before)
    }

    /// Runs `scheduler` until `end` with the calling thread's allocations counted.
    private func run(_ scheduler: SamplingScheduler, until end: MonotonicInstant) throws -> UInt64 {
        var failure: HALError?
        sg_allocation_counting_begin()
        do throws(HALError) { try scheduler.run(until: end) } catch { failure = error }
        let counted = sg_allocation_counting_end()
        if let failure { throw failure }
        return counted
    }

    @Test func theCounterSeesAnAllocationOnThisThread() {
        let count = Int.random(in: 10...20)
        sg_allocation_counting_begin()
        let array = [Int](repeating: 7, count: count)
        let counted = sg_allocation_counting_end()
        #expect(array.count == count)
        #expect(counted >= 1, "the malloc shim is not in effect: no measurement below would mean anything")
    }

    @Test func theSamplerAndItsReadingsAllocateNothingOnceRunning() throws {
        // Polled groups at 100 Hz and 1 Hz and a FIFO group drained at 50 Hz (20 samples a drain), on
        // the same scheduler, rate groups, slots, reused drain buffers and reading type as a gateway.
        let clock = VirtualClock()
        let sink = CountingSink()
        let groups = [
            RateGroupDefinition(
                name: "fast", rate: SamplingRate(milliHertz: 100_000),
                sensors: [SampledSensor(label: "a", driver: ConstantSensor(clock: clock))]),
            RateGroupDefinition(
                name: "slow", rate: SamplingRate(milliHertz: 1_000),
                sensors: [SampledSensor(label: "b", driver: ConstantSensor(clock: clock))]),
            RateGroupDefinition(
                name: "fifo", rate: SamplingRate(milliHertz: 50_000), trigger: .fifo(watermark: nil),
                sensors: [SampledSensor(label: "c", driver: GridFIFOSensor(clock: clock))]),
        ]
        let scheduler = SamplingScheduler(
            groups: groups, timebase: VirtualTimebase(clock: clock, models: []), sink: sink)
        let (counted, delivered) = try allocations(
            scheduler, { sink.readings }, warmUp: .seconds(2), measured: .seconds(10))
        #expect(delivered == 10 * (100 + 1 + 1000), "\(delivered) readings")
        #expect(sink.missing == 0)
        #expect(counted == 0, "\(counted) allocations for \(delivered) readings")
    }
}
