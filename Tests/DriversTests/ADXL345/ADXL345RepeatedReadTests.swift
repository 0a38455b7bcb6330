// SensorGate — Drivers tests: the ADXL345 model's own path for a FIFO drained entry by entry gives the
// bytes, pin edges, times and FIFO state the bus's byte exchanges give.

import HAL
import HALSim
import Testing

@testable import Drivers

@Suite struct ADXL345RepeatedReadTests {
    /// Runs the model's events on the way whenever the clock moves, as the sampler's virtual timebase
    /// does, so that pins change at their own instants in the middle of a drain.
    private final class EventRunner: VirtualClockObserver {
        let clock: VirtualClock
        let model: ADXL345Model

        init(clock: VirtualClock, model: ADXL345Model) {
            self.clock = clock
            self.model = model
        }

        override func clockWillAdvance(to instant: MonotonicInstant) {
            while let next = model.nextEventInstant, next <= instant {
                clock.advance(to: next)
                model.update()
            }
        }
    }

    /// What one way of draining showed: every drain's bytes, the pin edges, FIFO_STATUS after each
    /// drain, the conversions and the clock at the end.
    private struct Transcript: Equatable {
        var bytes: [[UInt8]] = []
        var edges: [PinEdge] = []
        var statusAfter: [UInt8] = []
        var sampleCount = 0
        var endNanoseconds: Int64 = 0
    }

    /// Drains a noisy 3200 Hz stream-mode FIFO at each watermark edge, 40 times; `asSegments` runs each
    /// drain as its segments (select, command, data, deselect per entry through the byte exchanges).
    private func drain(asSegments: Bool) throws -> Transcript {
        let rig = ADXL345Rig()
        let runner = EventRunner(clock: rig.clock, model: rig.model)
        rig.clock.advanceObserver = runner
        defer { rig.clock.advanceObserver = nil }
        rig.model.noise = ADXL345Noise(seed: 9)
        rig.model.stimulus = Vibration(amplitude: 9.80665, frequency: 53)
        try rig.write(0x2C, 0x0F)  // BW_RATE: 3200 Hz
        try rig.write(0x31, 0x0B)  // DATA_FORMAT: FULL_RES, ±16 g
        try rig.write(0x38, 0x90)  // FIFO_CTL: stream, Samples 16
        try rig.write(0x2E, 0x03)  // INT_ENABLE: Watermark and Overrun, on INT1
        try rig.write(0x2D, 0x08)  // POWER_CTL: Measure
        var transcript = Transcript()
        for round in 0..<40 {
            guard rig.run(untilPin: "INT1", is: true) != nil else { break }
            // Late drains now and then, so that some find the FIFO full and some samples arrive mid-drain.
            if round % 7 == 3 { rig.clock.advance(by: .microseconds(4_000)) }
            let entries = Int(try rig.read(0x39)[0] & 0x3F) + 1
            var bytes: [UInt8]
            if asSegments {
                var segments = SPITransfer.repeatedRead([0xF2], length: 6, repeats: entries)
                try rig.device.transaction(&segments)
                bytes = stride(from: 1, to: segments.count, by: 2).flatMap { segments[$0].read }
            } else {
                bytes = try rig.device.writeThenReadRepeatedly([0xF2], count: 6, repeats: entries)
            }
            transcript.bytes.append(bytes)
            transcript.statusAfter.append(try rig.read(0x39)[0])
        }
        transcript.edges = rig.edges
        transcript.sampleCount = rig.model.sampleCount
        transcript.endNanoseconds = rig.clock.now().nanoseconds
        return transcript
    }

    @Test func aDrainServedByTheModelMatchesTheByteExchanges() throws {
        let served = try drain(asSegments: false)
        let exchanged = try drain(asSegments: true)
        #expect(served.bytes.count == 40)
        #expect(served.bytes == exchanged.bytes)
        #expect(served.edges == exchanged.edges)
        #expect(served.statusAfter == exchanged.statusAfter)
        #expect(served.sampleCount == exchanged.sampleCount)
        #expect(served.endNanoseconds == exchanged.endNanoseconds)
        // The drains were the interesting kind: the watermark fell in the middle of each (an edge per
        // drain) and the late ones found more than the watermark.
        #expect(served.edges.filter { !$0.level }.count >= 40)
        #expect(served.bytes.contains { $0.count > 17 * 6 })
    }

    @Test func otherCommandsAndThreeWireModeGoThroughTheByteExchanges() throws {
        let rig = ADXL345Rig()
        try rig.write(0x2D, 0x08)  // POWER_CTL: Measure
        var buffer = [UInt8](repeating: 0, count: 12)
        let timing = SPIRepeatedReadTiming(wireNanoseconds: 11_200, releaseNanoseconds: 10_000)
        // FIFO_STATUS twice, or the data registers without MB: not the model's path.
        for command: UInt8 in [0xB9, 0xB2] {
            let served = buffer.withUnsafeMutableBytes {
                rig.model.spiRepeatedRead([command], into: $0, length: 6, repeats: 2, timing: timing, clock: rig.clock)
            }
            #expect(!served, "command \(command)")
        }
        // In 3-wire mode SDO floats: the bus's path reads 0xFF.
        try rig.write(0x31, 0x40)  // DATA_FORMAT: SPI 3-wire
        let served = buffer.withUnsafeMutableBytes {
            rig.model.spiRepeatedRead([0xF2], into: $0, length: 6, repeats: 2, timing: timing, clock: rig.clock)
        }
        #expect(!served)
        #expect(
            try rig.device.writeThenReadRepeatedly([0xF2], count: 6, repeats: 2) == [UInt8](repeating: 0xFF, count: 12))
    }
}
