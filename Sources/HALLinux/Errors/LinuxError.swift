// SensorGate — HALLinux: errno to portable kinds and to hints a person can act on.

import Glibc
import HAL

/// What kind of device an error came from, which decides the kernel's meaning of an errno and the hint.
enum LinuxDeviceClass: Sendable {
    case i2c
    case spi
    case serial
    case gpio
    case clock
    case watchdog
}

extension HALError {
    /// Builds an error from a failed system call on a Linux device.
    ///
    /// The errno meanings follow the kernel's I2C fault codes (Documentation/i2c/fault-codes.rst):
    /// ENXIO and EREMOTEIO are a missing acknowledge, EAGAIN lost arbitration, EIO a bus error.
    /// - Parameters:
    ///   - errno: the failed call's error.
    ///   - device: the device path.
    ///   - operation: what was being done.
    ///   - deviceClass: the kind of device.
    ///   - hint: a hint that overrides the default one for this errno.
    static func linux(
        _ errno: Errno, device: String, operation: String, deviceClass: LinuxDeviceClass, hint: String? = nil
    ) -> HALError {
        HALError(
            kind(errno.code, deviceClass), device: device, operation: operation, errno: errno.code,
            hint: hint ?? defaultHint(errno.code, device: device, deviceClass: deviceClass))
    }

    private static func kind(_ code: Int32, _ deviceClass: LinuxDeviceClass) -> HALErrorKind {
        switch code {
        case ENXIO where deviceClass == .i2c: .noAcknowledge(.address)
        case EREMOTEIO: .noAcknowledge(.unknown)
        case ENODEV where deviceClass == .i2c: .noAcknowledge(.data)
        case EAGAIN where deviceClass == .i2c: .arbitrationLoss
        case EIO where deviceClass == .serial: .disconnected
        case EIO, EPROTO, EBADMSG: .bus
        case ETIMEDOUT: .timeout
        case EBUSY: .busy
        case ENOENT, ENOTDIR: .notFound
        case EACCES, EPERM, EROFS: .permissionDenied
        case EOPNOTSUPP, ENOTTY, ENOSYS: .unsupported
        case EINVAL, ERANGE, EMSGSIZE: .invalidArgument
        case ENXIO, ENODEV, ESHUTDOWN, EPIPE, EBADF: .disconnected
        case EOVERFLOW: .overrun
        default: .other
        }
    }

    private static func defaultHint(_ code: Int32, device: String, deviceClass: LinuxDeviceClass) -> String? {
        switch (code, deviceClass) {
        case (ENOENT, .i2c):
            return "no such I2C adapter: is i2c-dev loaded (modprobe i2c-dev) and I2C enabled in the device tree "
                + "(dtparam=i2c_arm=on on a Raspberry Pi)? List adapters with `i2cdetect -l`"
        case (ENOENT, .spi):
            return "no such spidev device: is SPI enabled in the device tree (dtparam=spi=on on a Raspberry Pi) "
                + "and spidev bound to the chip select? List them with `ls /dev/spidev*`"
        case (ENOENT, .serial):
            return "no such serial port: is the modem plugged in and powered? Prefer the stable names in "
                + "/dev/serial/by-id/"
        case (EACCES, .i2c), (EPERM, .i2c):
            return "add the user to group i2c, or install Scripts/udev/99-sensorgate.rules"
        case (EACCES, .spi), (EPERM, .spi):
            return "add the user to group spi, or install Scripts/udev/99-sensorgate.rules"
        case (ENOENT, .gpio):
            return "no such GPIO chip: list chips with `gpiodetect` (gpiod package); "
                + "is the GPIO controller enabled in the device tree?"
        case (EACCES, .gpio), (EPERM, .gpio):
            return "add the user to group gpio, or install Scripts/udev/99-sensorgate.rules"
        case (EBUSY, .watchdog):
            return "another process holds the watchdog (systemd with RuntimeWatchdogSec=, or watchdogd): "
                + "leave it to that one and use systemd's watchdog (WatchdogSec= in the unit) instead"
        case (ENOENT, .watchdog):
            return "no watchdog device: load the SoC's watchdog driver (or softdog for testing)"
        case (EACCES, .watchdog), (EPERM, .watchdog):
            return "add the user to group watchdog, or install Scripts/udev/99-sensorgate.rules"
        case (ENOTTY, .gpio):
            return "not a GPIO chip: GPIO chips are /dev/gpiochipN character devices; list them with `gpiodetect`"
        case (EBUSY, .gpio):
            return "line is used by another consumer: see `gpioinfo`"
        case (ENODEV, .gpio), (ENXIO, .gpio):
            return "the GPIO chip went away: is its driver still bound?"
        case (EACCES, .serial), (EPERM, .serial):
            return "add the user to group dialout, or install Scripts/udev/99-sensorgate.rules"
        case (EBUSY, .serial):
            return "the port is opened exclusively by another program (ModemManager? see docs/modem-ports.md)"
        case (EBUSY, .i2c):
            return "the address is held by a kernel driver (i2cdetect shows UU): unbind the driver or use it"
        case (ENXIO, .i2c), (EREMOTEIO, .i2c):
            return "no device acknowledged: check wiring, power, pull-ups and the address pin"
        case (ENOTTY, .i2c):
            return "\(device) is not an I2C adapter"
        case (ENOTTY, .spi):
            return "\(device) is not a spidev device"
        case (ETIMEDOUT, .i2c), (EAGAIN, .i2c):
            return "the bus is stuck or shared: check for a target holding SDA low, and pull-up strength"
        case (EIO, .serial):
            return "the other end hung up or the USB adapter was unplugged"
        default:
            return nil
        }
    }
}
