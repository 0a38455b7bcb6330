// SensorGate — HALLinux: a GPIO chip (/dev/gpiochipN) opened through libgpiod.

import Glibc
import HAL

/// A GPIO chip, open from init until deinit, that hands out requested lines.
///
/// Lines keep their chip alive (libgpiod v1 frees a chip's lines with it). Not thread-safe: use a chip
/// and its lines from one task at a time, like libgpiod's own objects.
public final class LinuxGPIOChip {
    /// The chip's device path, such as `/dev/gpiochip0`.
    public let path: String
    /// The chip's name for messages: the path's last component, such as `gpiochip0`.
    public let name: String
    /// The label the kernel driver gave the chip, such as `pinctrl-bcm2711`.
    public let label: String
    /// How many lines the chip has; offsets run from 0 to `lineCount - 1`.
    public let lineCount: Int
    /// The libgpiod API in use (tests exercise v1 rules under a v2 build and vice versa).
    let api: LinuxGPIO.API
    /// The facade's chip.
    let handle: GPIOChipHandle

    /// Opens the chip at `path`.
    /// - Parameter path: a GPIO character device, such as `/dev/gpiochip0`.
    /// - Throws: `HALError` with errno and a hint: `.notFound` (no such chip), `.permissionDenied`,
    ///   `.unsupported` (the path is not a GPIO chip).
    public convenience init(path: String) throws(HALError) {
        try self.init(OpenedGPIOChip(path: path), api: LinuxGPIO.api)
    }

    /// Opens a chip by name (`gpiochip0`, or just `0`), path (`/dev/gpiochip0`) or label (`pinctrl-bcm2711`).
    /// - Parameter name: the chip's name, number, path or label.
    /// - Throws: `HALError`; `.notFound` with the labels seen when no chip matches.
    public convenience init(named name: String) throws(HALError) {
        try self.init(OpenedGPIOChip(named: name), api: LinuxGPIO.api)
    }

    /// Takes over an opened chip, under `api`'s rules.
    init(_ opened: OpenedGPIOChip, api: LinuxGPIO.API) {
        path = opened.path
        name = opened.path.split(separator: "/").last.map(String.init) ?? opened.path
        label = opened.label
        lineCount = opened.lineCount
        handle = opened.handle
        self.api = api
    }

    deinit { system_gpiod_chip_close(handle) }

    /// The offset of the line the device tree or driver named `lineName`.
    /// - Parameter lineName: the line's name, as `gpioinfo` lists it.
    /// - Returns: the line's offset.
    /// - Throws: `HALError`; `.notFound` when the chip has no such line.
    public func lineOffset(named lineName: String) throws(HALError) -> UInt32 {
        switch valueOrErrno({ system_gpiod_chip_find_line(handle, lineName) }) {
        case .success(let offset):
            return UInt32(offset)
        case .failure(let error) where error.code == ENOENT:
            throw HALError(
                .notFound, device: path, operation: "find line \(lineName)", errno: error.code,
                hint: "no line named \(lineName) on \(name): list line names with `gpioinfo \(name)`")
        case .failure(let error):
            throw GPIOErrors.io(path, "find line \(lineName)", errno: error.code)
        }
    }
}
