// SensorGate — Drivers tests: the ADXL345 model keeps its next event and its pins only while nothing
// they depend on changes; any register access, sample, pop or event between asks changes them as before.

import HAL
import HALSim
import Testing

@testable import Drivers

@Suite struct ADXL345EventCacheTests {
    /// A small deterministic generator for the script (the test's own, so that the model's noise
    /// generator is not disturbed).
    private struct Script {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// The pins as the datasheet defines them from INT_SOURCE, INT_ENABLE, INT_MAP and INT_INVERT.
    private func expectedPins(_ model: ADXL345Model) -> [String: Bool] {
        let active = model.interruptSource & model.interruptEnable
        let invert = model.dataFormat & 0x20 != 0
        return [
            "INT1": (active & ~model.interruptMap != 0) != invert, "INT2": (active & model.interruptMap != 0) != invert,
        ]
    }

    @Test func theKeptEventAndPinsFollowEveryChangeBetweenAsks() throws {
        let rig = ADXL345Rig()
        rig.model.noise = ADXL345Noise(seed: 5)
        rig.model.stimulus = Vibration(amplitude: 9.80665, frequency: 53)
        try rig.write(0x2C, 0x0F)  // BW_RATE: 3200 Hz
        try rig.write(0x31, 0x0B)  // DATA_FORMAT: FULL_RES, ±16 g
        try rig.write(0x38, 0x88)  // FIFO_CTL: stream, Samples 8
        try rig.write(0x2E, 0x80)  // INT_ENABLE: DATA_READY
        try rig.write(0x2D, 0x08)  // POWER_CTL: Measure
        var script = Script(state: 11)
        var changedEvents = 0
        var previous = rig.model.nextEventInstant
        for step in 0..<2_000 {
            switch script.next(12) {
            case 0, 1, 2:
                // Run to the next event as a scheduler would (or a little on when there is none).
                let next = rig.model.nextEventInstant ?? rig.clock.now() + .microseconds(700)
                rig.clock.advance(to: next)
                rig.model.update()
            case 3:
                // Time passes with no update: the next bus access catches up.
                rig.clock.advance(by: .microseconds(Int64(1 + script.next(2_000))))
            case 4:
                _ = try rig.readSample()  // a data read: a pop 5 µs after its end
            case 5:
                _ = try rig.read(0x30)  // INT_SOURCE: clears the event flags
            case 6:
                _ = try rig.read(0x39)  // FIFO_STATUS: changes nothing
            case 7:
                // INT_ENABLE: DATA_READY, Watermark, Overrun and the tap flags in any mix.
                try rig.write(0x2E, [0x00, 0x80, 0x02, 0x01, 0x83, 0x40, 0x82, 0xC3][script.next(8)])
            case 8:
                try rig.write(0x2F, [0x00, 0x80, 0x02, 0x41][script.next(4)])  // INT_MAP
            case 9:
                // FIFO_CTL: bypass, FIFO, stream or trigger, Samples 0…31.
                try rig.write(0x38, UInt8(script.next(4) << 6 | script.next(32)))
            case 10:
                try rig.write(0x31, script.next(2) == 0 ? 0x0B : 0x2B)  // DATA_FORMAT, INT_INVERT or not
            default:
                rig.model.signalEvents(0x40)  // SINGLE_TAP (and the trigger in trigger mode)
            }
            let kept = rig.model.nextEventInstant
            #expect(kept == rig.model.uncachedNextEvent, "step \(step)")
            #expect(rig.model.nextEventInstant == kept, "asking again gives the same (step \(step))")
            #expect(rig.model.pinLevels == expectedPins(rig.model), "step \(step)")
            if kept != previous { changedEvents += 1 }
            previous = kept
        }
        // The script moved the event often: a cache that never changed would not have passed.
        #expect(changedEvents > 500)
        #expect(rig.model.sampleCount > 1_000)
    }

    @Test func aWriteBetweenEventsMovesTheKeptEvent() throws {
        let rig = ADXL345Rig()
        try rig.write(0x2C, 0x0F)  // BW_RATE: 3200 Hz
        try rig.write(0x38, 0x90)  // FIFO_CTL: stream, Samples 16
        try rig.write(0x2D, 0x08)  // POWER_CTL: Measure
        // Nothing enabled: the only event is the catch-up bound, when the 32-entry FIFO would be full.
        let bound = try #require(rig.model.nextEventInstant)
        // Enabling DATA_READY makes the next sample the event: the kept one moves, sooner.
        try rig.write(0x2E, 0x80)
        let first = try #require(rig.model.nextEventInstant)
        #expect(first > rig.clock.now() && first < bound)
        rig.run(until: first)
        #expect(rig.model.pinLevels["INT1"] == true)
        // DATA_READY stays up until the FIFO empties: the event is the catch-up bound again, later.
        let after = try #require(rig.model.nextEventInstant)
        #expect(after > first && after == rig.model.uncachedNextEvent)
        // Watermark too: 16 more samples (Entries reaches 16) raise it, 312.5 µs each.
        try rig.write(0x2E, 0x82)
        let watermark = try #require(rig.model.nextEventInstant)
        let remaining = (watermark - rig.clock.now()).nanoseconds
        #expect(remaining > 0 && remaining <= 16 * 312_500)
    }
}
