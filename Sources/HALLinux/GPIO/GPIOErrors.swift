// SensorGate — HALLinux: the GPIO backend's errors, in the words of each step.

import Glibc
import HAL

/// Builds the `HALError`s of the GPIO backend. Kinds and hints come from ``HALError/linux(_:device:operation:deviceClass:hint:)``;
/// this adds what only the step that failed knows.
enum GPIOErrors {
    /// Opening `path` as a chip failed. ENODEV there means the path is some other device, not a chip
    /// that went away, so it is `.unsupported`.
    static func open(_ path: String, errno: Int32) -> HALError {
        var error = HALError.linux(Errno(errno), device: path, operation: "open", deviceClass: .gpio)
        if errno == ENODEV || errno == ENOTTY {
            error.kind = .unsupported
            error.hint = HALError.linux(Errno(ENOTTY), device: path, operation: "open", deviceClass: .gpio).hint
        }
        return error
    }

    /// Requesting a line failed.
    /// - Parameters:
    ///   - path: the chip's path.
    ///   - operation: for example `request line 17 as output`.
    ///   - errno: the error number.
    static func request(_ path: String, _ operation: String, errno: Int32) -> HALError {
        let hint: String? =
            switch errno {
            case EINVAL: "offset out of range, or a setting this chip rejects: compare with `gpioinfo`"
            case EOPNOTSUPP: "the GPIO driver or kernel does not support this bias, drive or debounce setting"
            default: nil
            }
        return .linux(Errno(errno), device: path, operation: operation, deviceClass: .gpio, hint: hint)
    }

    /// An operation on an open chip or requested line failed.
    static func io(_ path: String, _ operation: String, errno: Int32) -> HALError {
        .linux(Errno(errno), device: path, operation: operation, deviceClass: .gpio)
    }

    /// A line's event descriptor polled with an error instead of events (POLLERR, POLLHUP, POLLNVAL).
    /// - Parameters:
    ///   - path: the chip's path.
    ///   - operation: for example `wait for events on line gpiochip0:5`.
    ///   - revents: what poll reported.
    static func eventDescriptor(_ path: String, _ operation: String, revents: Int16) -> HALError {
        HALError(
            .disconnected, device: path, operation: operation,
            hint: "the line's event descriptor reported an error (revents \(revents)): has the GPIO chip gone away?")
    }
}
