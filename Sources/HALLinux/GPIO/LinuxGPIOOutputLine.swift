// SensorGate — HALLinux: a requested output line.

import HAL

/// An output line requested from a `LinuxGPIOChip`; released when deinitialised.
public final class LinuxGPIOOutputLine: GPIOOutputLine {
    /// `gpiochip0:17`, or `gpiochip0:MODEM_PWRKEY` for a line requested by name.
    public let name: String
    /// The line's offset on its chip.
    public let offset: UInt32
    private let chip: LinuxGPIOChip
    private let handle: GPIOLineHandle

    init(chip: LinuxGPIOChip, offset: UInt32, name: String, handle: GPIOLineHandle) {
        self.chip = chip
        self.offset = offset
        self.name = name
        self.handle = handle
    }

    deinit { system_gpiod_line_release(handle) }

    /// Sets the logical level (inverted by the kernel for an active-low line).
    /// - Parameter active: true for the active level.
    /// - Throws: `HALError` with errno when the kernel refuses.
    public func set(_ active: Bool) throws(HALError) {
        if case .failure(let error) = valueOrErrno({ system_gpiod_line_set_value(handle, offset, active ? 1 : 0) }) {
            throw GPIOErrors.io(chip.path, "set line \(name)", errno: error.code)
        }
    }
}
