// SensorGate — Drivers tests: the ADXL345 driver draining its model's FIFO, samples dated exactly.

import Drivers
import Foundation
import HAL
import HALSim
import Testing

/// A vibration: X and Y a sine and cosine of `amplitude` at `frequency`, Z at 1 g.
final class Vibration: Stimulus {
    let amplitude: Double
    let frequency: Double

    init(amplitude: Double, frequency: Double) {
        self.amplitude = amplitude
        self.frequency = frequency
    }

    func acceleration(at time: MonotonicInstant) -> [Double] {
        let phase = 2 * Double.pi * frequency * Double(time.nanoseconds) / 1e9
        return [amplitude * sin(phase), amplitude * cos(phase), 9.80665]
    }

    func value(_ quantity: Quantity, at time: MonotonicInstant) -> SensorComponents<Double>? {
        quantity == .accelMps2 ? SensorComponents(acceleration(at: time)) { $0 } : nil
    }
}

@Suite struct ADXL345FIFOTests {
    /// The vibration: 2 g at 97 Hz moves 1.2 g per millisecond, so a sample dated one 312.5 µs period off
    /// would be hundreds of LSBs away from the sine at its timestamp.
    private let vibration = Vibration(amplitude: 2 * 9.80665, frequency: 97)
    /// One full-resolution LSB at 1600/3200 Hz, where the LSB is always 0: rounding to even codes is
    /// within one 1/256 g LSB.
    private let tolerance = 9.80665 / 256 + 1e-9

    /// A driver on the rig's SPI device with the multiple-byte bit, started with `settings`; returns the
    /// instant of the first sample (1.1 ms + 1/ODR after the Measure write, which ends bring-up).
    private func bringUp(_ rig: ADXL345Rig, _ settings: ADXL345Settings) throws -> (ADXL345, MonotonicInstant) {
        let sensor = ADXL345(
            registers: SPIRegisters(device: rig.device, multipleBit: 0x40), clock: rig.clock, settings: settings)
        try sensor.bringUp()
        return (sensor, rig.clock.now() + .microseconds(1100) + settings.dataRate.period)
    }

    /// Checks that readings are the grid samples `first…` at their exact instants, each matching the sine there.
    private func expectOnGrid(
        _ readings: [SensorReading], from index: Int64, origin: MonotonicInstant, period: Duration,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (offset, reading) in readings.enumerated() {
            let instant = origin + period * (index + Int64(offset))
            #expect(reading.timestamp == instant, "sample \(index + Int64(offset))", sourceLocation: sourceLocation)
            let truth = vibration.acceleration(at: instant)
            for (axis, value) in (reading.values[.accelMps2] ?? []).enumerated() {
                #expect(
                    abs(value - truth[axis]) <= tolerance,
                    "sample \(index + Int64(offset)) axis \(axis): \(value) vs \(truth[axis])",
                    sourceLocation: sourceLocation)
            }
        }
    }

    @Test func aFIFOEntryReadInOneSegmentOrInPiecesGivesTheSameBytes() throws {
        // DATAX0…DATAZ1, FIFO_CTL and FIFO_STATUS in one multiple-byte read: as one 8-byte segment (the
        // model's burst path) and as segments of 3 and 5 bytes (byte by byte), right- and left-justified.
        for dataFormat: UInt8 in [0x0B, 0x0F] {
            var reads: [[UInt8]] = []
            for pieces in [[8], [3, 5]] {
                let rig = ADXL345Rig()
                rig.model.stimulus = vibration
                _ = try bringUp(rig, .vibration)
                try rig.write(0x31, dataFormat)  // full resolution, ±16 g; 0x0F: left-justified
                rig.run(until: rig.clock.now() + .milliseconds(3))
                var bytes: [UInt8] = []
                for _ in 0..<4 {
                    var segments = [SPITransfer(write: [0xF2])] + pieces.map { SPITransfer(readCount: $0) }
                    try rig.device.transaction(&segments)
                    bytes += segments.dropFirst().flatMap(\.read)
                    rig.run(until: rig.clock.now() + .microseconds(5))
                }
                reads.append(bytes)
            }
            #expect(reads[0] == reads[1], "DATA_FORMAT \(Hex.byte(dataFormat))")
            #expect(Set(stride(from: 0, to: 32, by: 8).map { reads[0][$0..<$0 + 6] }).count == 4, "four samples")
            #expect(stride(from: 6, to: 32, by: 8).allSatisfy { reads[0][$0] == 0x90 }, "FIFO_CTL: stream, 16")
        }
    }

    @Test func a3200HzSineDrainsOnEachWatermarkAtItsExactInstants() throws {
        let rig = ADXL345Rig()
        rig.model.stimulus = vibration
        let (sensor, origin) = try bringUp(rig, .vibration)
        var drained: [SensorReading] = []
        var drains: [Int] = []
        for _ in 0..<12 {
            let raised = try #require(rig.run(untilPin: "INT1", is: true), "no watermark interrupt")
            let transactions = rig.bus.transactionCount
            let batch = try sensor.drainFIFO()
            drains.append(batch.count)
            // FIFO_STATUS, then every entry in one message (chip select released between the reads).
            #expect(rig.bus.transactionCount - transactions == 2)
            #expect(rig.model.pinLevels["INT1"] == false, "drained below the watermark")
            #expect(batch.last.map { raised - $0.timestamp < Duration.microseconds(313) } == true)
            drained += batch
        }
        // 17 samples at each watermark (16 entries and the output); the first drain waits for no more.
        #expect(drains.allSatisfy { $0 >= 17 }, "\(drains)")
        expectOnGrid(drained, from: 0, origin: origin, period: .nanoseconds(312_500))
        #expect(Set(drained.compactMap { $0.raw["accel_x"]?.first }).count > 50, "a moving signal, not a copy")
        #expect(drained.allSatisfy { ($0.raw["accel_x"]?.first ?? 1) % 2 == 0 }, "the LSB is 0 at 3200 Hz")
    }

    @Test func an800HzDrainOverI2CAt400kHz() throws {
        // 800 Hz is the highest rate the datasheet recommends for 400 kHz; a drain of 17 samples takes
        // almost three output periods on the wire, and the samples written meanwhile stay in the FIFO.
        let clock = VirtualClock()
        let bus = SimI2CBus(clock: clock, clockHz: 400_000)
        let model = ADXL345Model(clock: clock)
        model.stimulus = vibration
        bus.attach(model, at: I2CAddress(0x1D))
        let settings = ADXL345Settings(dataRate: .hz800)
        let sensor = ADXL345(
            registers: I2CRegisters(bus: bus, address: I2CAddress(0x1D)), clock: clock, settings: settings)
        try sensor.bringUp()
        let origin = clock.now() + .microseconds(1100) + settings.dataRate.period
        var drained: [SensorReading] = []
        for round in 1...8 {
            clock.advance(to: origin + settings.dataRate.period * Int64(20 * round))
            drained += try sensor.drainFIFO()
        }
        #expect(drained.count > 150)
        expectOnGrid(drained, from: 0, origin: origin, period: settings.dataRate.period)
    }

    @Test func aFullFIFOInFIFOModeHoldsTheOldestThirtyThree() throws {
        let rig = ADXL345Rig()
        rig.model.stimulus = vibration
        var settings = ADXL345Settings.vibration
        settings.fifoMode = .fifo
        let (sensor, origin) = try bringUp(rig, settings)
        let period = settings.dataRate.period
        rig.run(until: origin + period * 100)
        let full = try sensor.drainFIFO()
        #expect(full.count == 33)
        expectOnGrid(full, from: 0, origin: origin, period: period)
        // It collected again once the first entry was read; the next drain starts after the gap.
        rig.run(until: origin + period * 120)
        let next = try sensor.drainFIFO()
        let firstIndex = Int64(100 - next.count + 20 + 1)
        #expect((17...21).contains(next.count))
        expectOnGrid(next, from: firstIndex, origin: origin, period: period)
    }

    @Test func afterAStreamOverflowTheNextDrainsAreExactAgain() throws {
        let rig = ADXL345Rig()
        rig.model.stimulus = vibration
        let (sensor, origin) = try bringUp(rig, .vibration)
        let period = ADXL345Settings.vibration.dataRate.period
        rig.run(until: origin + period * 200)  // long past full: the FIFO kept the latest 33
        // The FIFO kept samples 168…200; the driver has read none, so its count disagrees with the drain
        // time and it dates the newest at the last grid instant before FIFO_STATUS was read.
        let late = try sensor.drainFIFO()
        #expect(late.count == 33)
        expectOnGrid(late, from: 168, origin: origin, period: period)
        // Samples 0…167 were overwritten unread: lost, and counted as such, none invented.
        #expect(sensor.fifoLostSamples == 168)
        var drained: [SensorReading] = []
        for _ in 0..<4 {
            _ = try #require(rig.run(untilPin: "INT1", is: true))
            drained += try sensor.drainFIFO()
        }
        let start = (drained.first?.timestamp ?? origin) - origin
        let index = start.nanoseconds / period.nanoseconds
        expectOnGrid(drained, from: index, origin: origin, period: period)
        #expect(index > 200)
        // Drains in time lose nothing: every sample written so far was delivered or counted lost.
        #expect(sensor.fifoLostSamples == 168)
        #expect(Int64(late.count + drained.count + sensor.fifoLostSamples) == index + Int64(drained.count))
    }

    @Test func readReturnsTheNewestSampleAndWaitsWhenNoneIsNew() throws {
        let rig = ADXL345Rig()
        rig.model.stimulus = vibration
        let settings = ADXL345Settings(dataRate: .hz400, fifoMode: .stream)
        let (sensor, origin) = try bringUp(rig, settings)
        rig.run(until: origin + settings.dataRate.period * 10)
        let reading = try sensor.read()
        expectOnGrid([reading], from: 10, origin: origin, period: settings.dataRate.period)
        // Nothing new yet: read() waits for the next grid instant and returns that sample.
        let next = try sensor.read()
        expectOnGrid([next], from: 11, origin: origin, period: settings.dataRate.period)
    }

    @Test func bypassReadsDateTheLatestSample() throws {
        let rig = ADXL345Rig()
        rig.model.stimulus = vibration
        let settings = ADXL345Settings(dataRate: .hz200, fifoMode: .bypass)
        let (sensor, origin) = try bringUp(rig, settings)
        let period = settings.dataRate.period
        rig.clock.advance(to: origin + period * 7 + .microseconds(100))
        expectOnGrid([try sensor.read()], from: 7, origin: origin, period: period)
        #expect(try sensor.drainFIFO().isEmpty, "no new sample yet")
        rig.clock.advance(by: period * 3)
        expectOnGrid(try sensor.drainFIFO(), from: 10, origin: origin, period: period)
    }
}
