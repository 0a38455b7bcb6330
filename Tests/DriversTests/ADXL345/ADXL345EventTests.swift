// SensorGate — Drivers tests: the ADXL345 model's scheduler events are its pin changes, and samples
// taken in a batch at an event are the samples one update per sample gives.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct ADXL345EventTests {
    /// 312.5 µs: one output period at 3200 Hz (BW_RATE 0x0F).
    private let period = Duration.nanoseconds(312_500)

    /// 3200 Hz, full resolution ±16 g, stream mode with Samples 16, then Measure; `enable` into
    /// INT_ENABLE and `map` into INT_MAP.
    private func configure(_ rig: ADXL345Rig, enable: UInt8, map: UInt8) throws {
        try rig.write(0x2C, 0x0F)  // BW_RATE: 3200 Hz
        try rig.write(0x31, 0x0B)  // DATA_FORMAT: FULL_RES, ±16 g
        try rig.write(0x38, 0x90)  // FIFO_CTL: stream (10), Samples 16
        try rig.write(0x2F, map)  // INT_MAP
        try rig.write(0x2E, enable)  // INT_ENABLE
        try rig.write(0x2D, 0x08)  // POWER_CTL: Measure
    }

    @Test func aSchedulerIsCalledOnlyWhereAPinChanges() throws {
        let rig = ADXL345Rig()
        // DATA_READY (0x80) on INT2, Watermark (0x02) on INT1.
        try configure(rig, enable: 0x82, map: 0x80)
        var events: [MonotonicInstant] = []
        while rig.model.pinLevels["INT1"] == false, events.count < 100 {
            guard let next = rig.model.nextEventInstant else { break }
            events.append(next)
            rig.clock.advance(to: next)
            rig.model.update()
        }
        // Two events instead of 17: the first sample raises DATA_READY, the 17th (Entries 16) Watermark.
        #expect(events.count == 2)
        guard events.count == 2 else { return }
        #expect(events[1] - events[0] == period * 16)
        #expect(
            rig.edges == [
                PinEdge(pin: "INT2", level: true, time: events[0]), PinEdge(pin: "INT1", level: true, time: events[1]),
            ])
        #expect(rig.model.sampleCount == 17)

        // The first data read's pop (5 µs later) takes Entries below 16: an event, and INT1 falls then.
        let before = rig.clock.now()
        _ = try rig.readSample()
        let pop = try #require(rig.model.nextEventInstant)
        #expect(pop > before && pop <= rig.clock.now() + .microseconds(5))
        rig.run(until: pop)
        #expect(rig.edges.last == PinEdge(pin: "INT1", level: false, time: pop))
        // The next pops change no pin (DATA_READY stays set, Watermark stays clear): no events for them.
        _ = try rig.readSample()
        let next = try #require(rig.model.nextEventInstant)
        #expect(next > rig.clock.now() + .microseconds(5))
    }

    @Test func samplesTakenAtEventsEqualOneUpdatePerSample() throws {
        let vibration = Vibration(amplitude: 2 * 9.80665, frequency: 97)
        let batched = ADXL345Rig()
        let stepped = ADXL345Rig()
        for rig in [batched, stepped] {
            rig.model.noise = ADXL345Noise(seed: 3)
            rig.model.stimulus = vibration
            // DATA_READY on INT2; Watermark and Overrun on INT1.
            try configure(rig, enable: 0x83, map: 0x80)
        }
        // Drains 7 ms apart (22 samples), and once 15 ms (48: the 33-sample chip overruns in stream mode).
        for gapMs in [7, 7, 15, 3, 12, 7, 1, 7] {
            #expect(stepped.clock.now() == batched.clock.now())
            let target = batched.clock.now() + .milliseconds(gapMs)
            batched.run(until: target)
            var instant = stepped.clock.now()
            while instant + .microseconds(50) < target {
                instant = instant + .microseconds(50)
                stepped.clock.advance(to: instant)
                stepped.model.update()
            }
            stepped.clock.advance(to: target)
            stepped.model.update()
            #expect(batched.model.sampleCount == stepped.model.sampleCount)
            #expect(batched.model.pinLevels == stepped.model.pinLevels)
            let codes = try [batched, stepped].map { rig in
                let status = try rig.read(0x39)[0]  // FIFO_STATUS: Entries
                let source = try rig.read(0x30)[0]  // INT_SOURCE
                var samples = [[Int(status), Int(source)]]
                for _ in 0...Int(status & 0x3F) { samples.append(try rig.readSample()) }
                return samples
            }
            #expect(codes[0] == codes[1], "drain after \(gapMs) ms")
            #expect(codes[0].count > 1)
        }
    }
}
