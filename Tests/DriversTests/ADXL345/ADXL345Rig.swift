// SensorGate — Drivers tests: an ADXL345 model on a simulated 5 MHz SPI bus, with its pins recorded.

import Drivers
import HAL
import HALSim

/// One change of an interrupt pin, as the model drove it.
struct PinEdge: Equatable, CustomStringConvertible {
    let pin: String
    let level: Bool
    let time: MonotonicInstant

    var description: String { "\(pin) \(level ? "high" : "low") at \(time.nanoseconds) ns" }
}

/// A model at chip select 0 of a mode-3 SPI bus at 5 MHz (the datasheet's maximum), its pin changes
/// recorded, and raw register access spelled with the datasheet's command bits.
final class ADXL345Rig {
    let clock = VirtualClock()
    let model: ADXL345Model
    let bus: SimSPIBus
    let device: SimSPIDevice
    private(set) var edges: [PinEdge] = []

    init(trims: ADXL345Trims = .nominal, speedHz: UInt32 = 5_000_000) {
        model = ADXL345Model(clock: clock, trims: trims)
        bus = SimSPIBus(name: "sim:spi0", clock: clock)
        bus.attach(model, chipSelect: 0)
        device = bus.device(chipSelect: 0, configuration: SPIConfiguration(mode: .mode3, speedHz: speedHz))
        let clock = clock
        model.interrupt = { [weak self] pin, level in
            self?.edges.append(PinEdge(pin: pin, level: level, time: clock.now()))
        }
    }

    /// Writes with command `register` (bit 7 clear), MB set for more than one byte.
    func write(_ register: UInt8, _ bytes: UInt8...) throws {
        try device.write([register | (bytes.count > 1 ? 0x40 : 0)] + bytes)
    }

    /// Reads with command `register | 0x80`, MB set for more than one byte.
    func read(_ register: UInt8, count: Int = 1) throws -> [UInt8] {
        try device.writeThenRead([register | 0x80 | (count > 1 ? 0x40 : 0)], count: count)
    }

    /// One FIFO entry: a multi-byte read of DATAX0…DATAZ1, as signed codes.
    func readSample() throws -> [Int] {
        let bytes = try read(0x32, count: 6)
        return stride(from: 0, to: 6, by: 2).map {
            Int(Int16(bitPattern: UInt16(bytes[$0 + 1]) << 8 | UInt16(bytes[$0])))
        }
    }

    /// Lets the model run on its own until `instant`, event by event, as a scheduler would.
    func run(until instant: MonotonicInstant) {
        while let next = model.nextEventInstant, next <= instant {
            clock.advance(to: next)
            model.update()
        }
        clock.advance(to: instant)
        model.update()
    }

    /// Runs the model event by event until `pin` reaches `level`; returns when it did.
    func run(untilPin pin: String, is level: Bool, limit: Int = 100_000) -> MonotonicInstant? {
        for _ in 0..<limit {
            if model.pinLevels[pin] == level { return clock.now() }
            guard let next = model.nextEventInstant else { return nil }
            clock.advance(to: next)
            model.update()
        }
        return nil
    }
}

/// A world whose X acceleration is the grid index of each sample in full-resolution LSBs (1/256 g),
/// so that a code names the sample it came from.
final class GridRamp: Stimulus {
    let origin: MonotonicInstant
    let period: Duration

    init(origin: MonotonicInstant, period: Duration) {
        self.origin = origin
        self.period = period
    }

    func value(_ quantity: Quantity, at time: MonotonicInstant) -> SensorComponents<Double>? {
        guard quantity == .accelMps2 else { return nil }
        let index = Double((time - origin).nanoseconds) / Double(period.nanoseconds)
        return [index * 9.80665 / 256, 0, 9.80665]
    }
}
