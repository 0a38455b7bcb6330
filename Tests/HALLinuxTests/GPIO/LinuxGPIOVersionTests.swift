// SensorGate — HALLinux tests: the linked libgpiod is the one the facade was compiled for.

import Glibc
import Testing

@testable import HALLinux

@Suite struct LinuxGPIOVersionTests {
    /// Fails when the header's API (`apiMajor`, the shim's CGPIOD_API_MAJOR) and the linked library's
    /// version string disagree, and, when SENSORGATE_EXPECT_GPIOD_MAJOR is set (Scripts/test-gpiod-v2
    /// sets 2), when the build is not that API.
    @Test func linkedLibraryMatchesTheHeaderAndTheExpectedMajor() throws {
        let version = LinuxGPIO.apiVersion
        let major = LinuxGPIO.apiMajor
        #expect(version.hasPrefix("\(major)."), "libgpiod \(version) linked, header is v\(major)")
        #expect(LinuxGPIO.api == (major == 1 ? .v1 : .v2))
        if let expected = getenv("SENSORGATE_EXPECT_GPIOD_MAJOR").map({ String(cString: $0) }) {
            #expect("\(LinuxGPIO.apiMajor)" == expected, "expected libgpiod v\(expected), built against \(version)")
        }
    }
}
