// SensorGate — Drivers tests: the LSM6DSO model's scheduler events are its INT1 changes, and ticks
// converted in a batch at an event are the ticks one update per tick gives.

import Drivers
import HAL
import HALSim
import Testing

#if canImport(Glibc)
    import Glibc
#else
    import Foundation
#endif

/// An LSM6DSO model on a simulated I2C bus without wire time (the test alone moves the clock), with its
/// INT1 edges recorded with their instants.
private final class LSM6DSOEventRig {
    /// INT1's edges: level and instant.
    final class EdgeLog {
        var edges: [(level: Bool, time: MonotonicInstant)] = []
    }

    let clock = VirtualClock()
    let bus = SimI2CBus()
    let model: LSM6DSOModel
    let log = EdgeLog()
    static let address = I2CAddress(0x6A)

    init(noiseSeed: UInt64?) {
        let clock = clock
        let log = log
        model = LSM6DSOModel(clock: clock, noiseSeed: noiseSeed) { _, level in
            log.edges.append((level, clock.now()))
        }
        bus.attach(model, at: Self.address)
    }

    var edges: [(level: Bool, time: MonotonicInstant)] { log.edges }

    func write(_ register: UInt8, _ value: UInt8) throws { try bus.write(Self.address, [register, value]) }
    func read(_ register: UInt8, _ count: Int = 1) throws -> [UInt8] {
        try bus.writeRead(Self.address, [register], count: count)
    }
    var int1: Bool { edges.last?.level ?? false }
}

@Suite struct LSM6DSOEventTests {
    /// 833 Hz: tick n of either sensor is at round(n × 10⁹ / 833) ns from power-on (the rig's clock 0).
    private static func tick(_ n: Int64) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: Int64((Double(n) * 1e9 / 833).rounded()))
    }

    /// Both sensors at 833 Hz (CTRL1_XL 0x70: ±2 g; CTRL2_G 0x70: 250 dps), both batched at 833 Hz
    /// (FIFO_CTRL3 0x77), continuous mode (FIFO_CTRL4 0x06), watermark 64 words, `routes` into INT1_CTRL.
    private func configure(_ rig: LSM6DSOEventRig, routes: UInt8) throws {
        try rig.write(0x07, 64)  // FIFO_CTRL1: WTM[7:0]
        try rig.write(0x09, 0x77)  // FIFO_CTRL3: BDR_GY, BDR_XL 833 Hz
        try rig.write(0x0A, 0x06)  // FIFO_CTRL4: continuous
        try rig.write(0x0D, routes)  // INT1_CTRL
        try rig.write(0x10, 0x70)  // CTRL1_XL: 833 Hz
        try rig.write(0x11, 0x70)  // CTRL2_G: 833 Hz
    }

    /// A world that moves: a 37 Hz swing on every axis of both sensors, 1 °C off room temperature.
    private func world() -> RecordingStimulus {
        RecordingStimulus { quantity, time in
            let phase = 2 * Double.pi * 37 * Double(time.nanoseconds) / 1e9
            switch quantity {
            case .accelMps2: return [3 * sin(phase), 2 * cos(phase), 9.80665 + sin(2 * phase)]
            case .gyroRadps: return [0.5 * cos(phase), -0.3 * sin(phase), 0.2]
            case .temperatureC: return [26]
            default: return nil
            }
        }
    }

    /// Runs a model by its events to `target`, as the virtual timebase does; returns how many there were.
    @discardableResult
    private func runByEvents(_ rig: LSM6DSOEventRig, until target: MonotonicInstant) -> Int {
        var count = 0
        while let next = rig.model.nextEventInstant, next <= target {
            rig.clock.advance(to: next)
            rig.model.update()
            count += 1
        }
        rig.clock.advance(to: target)
        return count
    }

    /// Runs a model with one update at every tick instant up to `target`, then one at `target`.
    private func runEveryTick(_ rig: LSM6DSOEventRig, until target: MonotonicInstant) {
        var n = Int64((Double(rig.clock.now().nanoseconds) * 833 / 1e9).rounded(.down))
        while true {
            let instant = Self.tick(n)
            n += 1
            if instant <= rig.clock.now() { continue }
            if instant > target { break }
            rig.clock.advance(to: instant)
            rig.model.update()
        }
        rig.clock.advance(to: target)
        rig.model.update()
    }

    @Test func aSchedulerIsCalledOnlyWhereINT1Changes() throws {
        let rig = LSM6DSOEventRig(noiseSeed: nil)
        try configure(rig, routes: 0x08)  // INT1_FIFO_TH
        // 64 words are 32 ticks of both sensors: one event at tick 32, where INT1 rises, not 32.
        let events = runByEvents(rig, until: Self.tick(40))
        #expect(events == 1)
        #expect(rig.edges.count == 1)
        #expect(rig.edges.first?.level == true)
        #expect(rig.edges.first?.time == Self.tick(32))
        // Ticks 33 to 40 wait for the next bus access.
        #expect(rig.model.conversionCount == 64)
        // Draining the FIFO takes INT1 down at once (a bus access); the next rise is 32 ticks later.
        let words = Int(try rig.read(0x3A)[0])
        #expect(words == 80)
        _ = try rig.read(0x78, 7 * words)
        #expect(rig.int1 == false)
        #expect(rig.model.nextEventInstant == Self.tick(72))
    }

    @Test func ticksTakenAtEventsEqualOneUpdatePerTick() throws {
        let lazy = LSM6DSOEventRig(noiseSeed: 3)
        let eager = LSM6DSOEventRig(noiseSeed: 3)
        let worlds = [world(), world()]
        for (rig, world) in zip([lazy, eager], worlds) {
            rig.model.stimulus = world
            // FIFO threshold, overrun and full on INT1.
            try configure(rig, routes: 0x38)
        }
        var events = 0
        // Drains 7 to 90 ms apart, and once 400 ms: 666 words overrun the 512-word FIFO.
        for gapMs in [38, 7, 90, 400, 3, 55, 38, 12] {
            let target = lazy.clock.now() + .milliseconds(gapMs)
            events += runByEvents(lazy, until: target)
            runEveryTick(eager, until: target)
            #expect(lazy.int1 == eager.int1)
            let drains = try [lazy, eager].map { rig in
                let status = try rig.read(0x1E)  // STATUS_REG
                let fifoStatus = try rig.read(0x3A, 2)  // FIFO_STATUS1, FIFO_STATUS2
                let words = Int(fifoStatus[1] & 0x03) << 8 | Int(fifoStatus[0])
                let output = try rig.read(0x20, 14)  // OUT_TEMP … OUTZ_H_A
                return [status, fifoStatus, output, try rig.read(0x78, 7 * words)]
            }
            #expect(drains[0] == drains[1], "drain after \(gapMs) ms")
            // The bus accesses caught the lazy model up: the same ticks converted.
            #expect(lazy.model.conversionCount == eager.model.conversionCount)
            #expect(drains[0][3].count > 7)
        }
        #expect(lazy.edges.map(\.level) == eager.edges.map(\.level))
        #expect(lazy.edges.map(\.time) == eager.edges.map(\.time))
        #expect(worlds[0].asked.map(\.time) == worlds[1].asked.map(\.time))
        #expect(lazy.edges.contains { $0.level })
        // One event per INT1 rise at most (a drain takes it down), not one per tick (540 ticks).
        #expect(events <= lazy.edges.count)
    }
}
