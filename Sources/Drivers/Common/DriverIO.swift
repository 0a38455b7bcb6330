// SensorGate — Drivers: the plumbing every driver shares: bus I/O, waits, and errors naming the chip.

import HAL

/// What a driver needs to share the common I/O helpers: its clock and a flag that a bus error set.
protocol DriverIO: SensorDriver {
    /// The clock waits and timestamps come from.
    var clock: any MonotonicClock { get }
    /// Set by a bus error: the next read checks that the chip kept its configuration.
    var needsCheck: Bool { get set }
}

extension DriverIO {
    /// Runs bus (or clock) I/O, turning its error into `DriverError.bus` and flagging a check.
    func bus<T>(_ body: () throws(HALError) -> T) throws(DriverError) -> T {
        do {
            return try body()
        } catch {
            needsCheck = true
            throw failure(.bus(error))
        }
    }

    /// Waits on the clock for `duration`.
    func pause(_ duration: Duration) throws(DriverError) {
        try bus { () throws(HALError) in try clock.sleep(for: duration) }
    }

    /// Waits on the clock until `instant` (no wait when it has passed).
    func pause(until instant: MonotonicInstant) throws(DriverError) {
        guard clock.now() < instant else { return }
        try bus { () throws(HALError) in try clock.sleep(until: instant) }
    }

    /// An error naming the chip and where it sits.
    func failure(_ reason: DriverError.Reason) -> DriverError {
        DriverError(chip: part, location: location, reason: reason)
    }
}

/// A driver whose chip is reached through a ``RegisterInterface``.
protocol RegisterDriverIO: DriverIO {
    /// The chip's registers.
    var registers: any RegisterInterface { get }
}

extension RegisterDriverIO {
    /// Reads `count` registers from `register` into an inline buffer (no allocation): the sampling
    /// path's register read, its error turned into `DriverError.bus`.
    /// - Parameters:
    ///   - register: the first register.
    ///   - count: how many, 1 … ``RegisterBytes/capacity``.
    /// - Returns: the values.
    func readRegisters(_ register: UInt8, count: Int) throws(DriverError) -> RegisterBytes {
        var block = RegisterBytes()
        try bus { () throws(HALError) in try registers.read(register, count: count, into: &block) }
        return block
    }
}
