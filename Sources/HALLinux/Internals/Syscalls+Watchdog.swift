// SensorGate — HALLinux: watchdog device calls, through the mocking seam.

import CLinuxIO
import Glibc

/// ioctl(WDIOC_SETTIMEOUT): mocked with the requested seconds as the argument and the driver's choice as
/// `outValue` (0 keeps the request).
func system_watchdog_set_timeout(_ fd: Int32, _ seconds: inout Int32) -> Int32 {
    #if ENABLE_MOCKING
        var chosen: Int64 = 0
        if let mocked = mockAnswer(
            MockedCall("ioctl(WDIOC_SETTIMEOUT)", [Int64(fd), Int64(seconds)]), outValue: { chosen = $0 })
        {
            if chosen != 0 { seconds = Int32(truncatingIfNeeded: chosen) }
            return mocked
        }
    #endif
    return CLinuxIO_watchdog_set_timeout(fd, &seconds)
}

/// ioctl(WDIOC_GETSUPPORT): the driver's options (WDIOF_*); mocked with the options as `outValue`.
func system_watchdog_options(_ fd: Int32, options: inout UInt32) -> Int32 {
    #if ENABLE_MOCKING
        var mocked: Int64 = 0
        if let result = mockAnswer(MockedCall("ioctl(WDIOC_GETSUPPORT)", [Int64(fd)]), outValue: { mocked = $0 }) {
            options = UInt32(truncatingIfNeeded: mocked)
            return result
        }
    #endif
    var info = watchdog_info()
    let result = CLinuxIO_watchdog_get_support(fd, &info)
    options = info.options
    return result
}

/// ioctl(WDIOC_KEEPALIVE).
func system_watchdog_keepalive(_ fd: Int32) -> Int32 {
    system_call("ioctl(WDIOC_KEEPALIVE)", [Int64(fd)]) { CLinuxIO_watchdog_keepalive(fd) }
}
