// SensorGate — HALLinux: the kernel watchdog device (/dev/watchdog), per the kernel's watchdog API.

import CLinuxIO
import Glibc
import HAL

/// A hardware watchdog through the kernel's watchdog character device
/// (Documentation/watchdog/watchdog-api.rst): opening it arms it; `WDIOC_SETTIMEOUT` asks for a
/// timeout and the driver answers with the one it chose; `WDIOC_KEEPALIVE` kicks; writing `V` before
/// closing disarms it when the driver supports magic close (`WDIOF_MAGICCLOSE`) and was not built with
/// `nowayout`.
public final class LinuxWatchdog: Watchdog {
    /// The device path.
    public let name: String
    /// The timeout the driver chose.
    public let timeout: Duration
    /// Whether the driver disarms on magic close.
    public let supportsMagicClose: Bool
    private var fd: Int32

    /// Opens and arms the watchdog and asks for `timeout` (whole seconds, at least 1).
    /// - Parameters:
    ///   - path: the device, usually `/dev/watchdog` (or `/dev/watchdogN`).
    ///   - timeout: the countdown to ask for; drivers that cannot set it keep their own.
    /// - Throws: `HALError` when the device cannot be opened (`busy` when another process holds it, as
    ///   systemd does when its RuntimeWatchdogSec is set).
    public init(path: String = "/dev/watchdog", timeout: Duration) throws(HALError) {
        name = path
        let fd = system_open(path, O_WRONLY | O_CLOEXEC)
        self.fd = fd
        guard fd >= 0 else {
            throw HALError.linux(
                Errno(errno), device: path, operation: "open the watchdog", deviceClass: .watchdog)
        }
        var options: UInt32 = 0
        if system_watchdog_options(fd, options: &options) != 0 { options = 0 }
        supportsMagicClose = options & CLinuxIO_WDIOF_MAGICCLOSE != 0
        var seconds = Int32(clamping: max(timeout.components.seconds, 1))
        if options & CLinuxIO_WDIOF_SETTIMEOUT != 0, system_watchdog_set_timeout(fd, &seconds) == 0 {
            self.timeout = .seconds(Int64(seconds))
        } else {
            var current: Int32 = 0
            let got = system_call("ioctl(WDIOC_GETTIMEOUT)", [Int64(fd)], out: &current) {
                CLinuxIO_watchdog_get_timeout(fd, &$0)
            }
            self.timeout = .seconds(Int64(got == 0 && current > 0 ? current : seconds))
        }
    }

    /// Kicks the watchdog.
    public func kick() throws(HALError) {
        guard fd >= 0 else {
            throw HALError(.disconnected, device: name, operation: "kick the watchdog", hint: "it was closed")
        }
        if system_watchdog_keepalive(fd) != 0 {
            throw HALError.linux(Errno(errno), device: name, operation: "kick the watchdog", deviceClass: .watchdog)
        }
    }

    /// Writes the magic `V` and closes: disarmed when the driver supports magic close, otherwise the
    /// reset follows after `timeout` unless another process kicks it.
    public func disarm() -> Bool {
        guard fd >= 0 else { return supportsMagicClose }
        let magic: [UInt8] = [UInt8(ascii: "V")]
        _ = magic.withUnsafeBytes { system_write(fd, $0) }
        _ = system_close(fd)
        fd = -1
        return supportsMagicClose
    }

    deinit {
        // Closing without the magic character leaves the watchdog armed: a crash still resets the system.
        if fd >= 0 { _ = system_close(fd) }
    }
}
