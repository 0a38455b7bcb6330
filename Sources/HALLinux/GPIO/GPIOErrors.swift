// SensorGate — HALLinux: what a libgpiod errno means, and what a person can do about it.

import Glibc
import HAL

/// Builds the `HALError`s of the GPIO backend: kind from errno, device, operation and hint.
enum GPIOErrors {
    /// Hint for EACCES / EPERM.
    static let permissionHint = "add the user to group gpio or install the udev rule in Scripts/"
    /// Hint for ENOENT when opening a chip.
    static let noChipHint =
        "no such GPIO chip: list chips with `gpiodetect` (gpiod package); is the GPIO controller enabled in the device tree?"
    /// Hint for EBUSY when requesting a line.
    static let busyHint = "line is used by another consumer: see `gpioinfo`"
    /// Hint for ENOTTY / ENODEV when opening a path that is not a chip.
    static let notAChipHint = "not a GPIO chip: GPIO chips are /dev/gpiochipN character devices; list them with `gpiodetect`"

    /// The portable kind of a libgpiod or kernel errno.
    /// - Parameter errno: the error number.
    /// - Returns: ENOENT → `.notFound`, EACCES/EPERM → `.permissionDenied`, EBUSY → `.busy`,
    ///   EINVAL → `.invalidArgument`, EOPNOTSUPP → `.unsupported`, ENODEV/ENXIO → `.disconnected`,
    ///   ETIMEDOUT → `.timeout`, anything else → `.other`.
    static func kind(_ errno: Int32) -> HALErrorKind {
        switch errno {
        case ENOENT: .notFound
        case EACCES, EPERM: .permissionDenied
        case EBUSY: .busy
        case EINVAL: .invalidArgument
        case EOPNOTSUPP: .unsupported
        case ENODEV, ENXIO: .disconnected
        case ETIMEDOUT: .timeout
        default: .other
        }
    }

    /// Opening `path` as a chip failed with `errno`. ENOTTY/ENODEV (not a chip) are `.unsupported` here:
    /// the path exists but is some other device.
    static func open(_ path: String, errno: Int32) -> HALError {
        switch errno {
        case ENOENT: HALError(.notFound, device: path, operation: "open", errno: errno, hint: noChipHint)
        case EACCES, EPERM:
            HALError(.permissionDenied, device: path, operation: "open", errno: errno, hint: permissionHint)
        case ENOTTY, ENODEV: HALError(.unsupported, device: path, operation: "open", errno: errno, hint: notAChipHint)
        default: HALError(kind(errno), device: path, operation: "open", errno: errno)
        }
    }

    /// Requesting a line failed with `errno`.
    /// - Parameters:
    ///   - path: the chip's path.
    ///   - operation: for example `request line 17 as output`.
    ///   - errno: the error number.
    static func request(_ path: String, _ operation: String, errno: Int32) -> HALError {
        let hint: String? =
            switch errno {
            case EBUSY: busyHint
            case EACCES, EPERM: permissionHint
            case EINVAL: "offset out of range, or a setting this chip rejects: compare with `gpioinfo`"
            case EOPNOTSUPP: "the GPIO driver or kernel does not support this bias, drive or debounce setting"
            case ENODEV, ENXIO: "the GPIO chip went away: is its driver still bound?"
            default: nil
            }
        return HALError(kind(errno), device: path, operation: operation, errno: errno, hint: hint)
    }

    /// An operation on an open chip or requested line failed with `errno`.
    static func io(_ path: String, _ operation: String, errno: Int32) -> HALError {
        let hint: String? = errno == ENODEV || errno == ENXIO ? "the GPIO chip went away: is its driver still bound?" : nil
        return HALError(kind(errno), device: path, operation: operation, errno: errno, hint: hint)
    }
}
