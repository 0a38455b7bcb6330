// SensorGate — HALLinux: which libgpiod this build uses.

import CGPIOD

/// Facts about the libgpiod the GPIO backend was built against.
public enum LinuxGPIO {
    /// The two libgpiod APIs the backend supports.
    public enum API: Sendable, Hashable {
        /// libgpiod 1.x (Debian 12): no debounce, no kernel sequence numbers.
        case v1
        /// libgpiod 2.x (Debian 13, Ubuntu 24.04).
        case v2
    }

    /// The API the facade was compiled against (from the libgpiod header).
    public static var api: API { apiMajor == 1 ? .v1 : .v2 }

    /// The API's major version, 1 or 2, from the header at compile time.
    public static var apiMajor: Int { Int(CGPIOD_API_MAJOR) }

    /// The linked library's version string, such as `1.6.3` or `2.3`.
    public static var apiVersion: String { system_gpiod_api_version() }
}
