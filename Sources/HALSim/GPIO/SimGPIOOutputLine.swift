// SensorGate — HALSim: a simulated GPIO line the gateway drives.

import HAL

/// A line of a ``SimGPIOChip`` requested as an output: the gateway drives it, models observe it.
///
/// The logical level maps to the physical one through `activeLow`; the chip records every physical
/// change with its virtual time and tells the observers registered with ``SimGPIOChip/onChange(of:_:)``.
public final class SimGPIOOutputLine: GPIOOutputLine {
    /// The chip the line belongs to.
    public let chip: SimGPIOChip
    /// The line's offset on its chip.
    public let offset: UInt32
    /// The line's name, `CHIP:LINE`.
    public let name: String
    /// The settings it was requested with.
    public let settings: GPIOLineSettings
    private var released = false

    init(chip: SimGPIOChip, offset: UInt32, name: String, settings: GPIOLineSettings) {
        self.chip = chip
        self.offset = offset
        self.name = name
        self.settings = settings
    }

    /// A line dropped without ``release()`` is given back too, as closing a line request's file does.
    deinit { release() }

    /// Sets the logical level.
    /// - Parameter active: true for the active level.
    /// - Throws: `HALError` with kind `.invalidArgument` after ``release()``.
    public func set(_ active: Bool) throws(HALError) {
        guard !released else {
            throw HALError(.invalidArgument, device: name, operation: "set", hint: "the line was released")
        }
        chip.drive(offset, to: active != settings.activeLow)
    }

    /// The logical level the line is at.
    public var isActive: Bool { chip.level(at: offset) != settings.activeLow }

    /// The physical level changes, oldest first, with their virtual times.
    public var history: [GPIOLevelChange] { chip.history(at: offset) }

    /// Gives the line back to the chip; the level stays where it was.
    public func release() {
        guard !released else { return }
        released = true
        chip.release(offset)
    }
}
