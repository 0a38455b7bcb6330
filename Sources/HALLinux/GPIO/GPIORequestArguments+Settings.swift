// SensorGate — HALLinux: GPIOLineSettings turned into the facade's request arguments, checked per API.

import CGPIOD
import HAL

extension GPIORequestArguments {
    /// Arguments for requesting `offset` as an output.
    /// - Throws: `.invalidArgument` for edges or debounce (input settings) on an output.
    init(output offset: UInt32, _ settings: GPIOLineSettings, device: String, operation: String) throws(HALError) {
        guard settings.edges == .none, settings.debounceMicroseconds == 0 else {
            throw HALError(
                .invalidArgument, device: device, operation: operation,
                hint: "edge detection and debounce apply to input lines; request an input instead")
        }
        self.init(
            offset: offset, consumer: settings.consumer, bias: Self.bias(settings.bias),
            drive: Self.drive(settings.drive), activeLow: settings.activeLow, edges: Int32(CGPIOD_EDGE_NONE),
            debounceMicroseconds: 0)
    }

    /// Arguments for requesting `offset` as an input under `api`.
    /// - Throws: `.unsupported` for a non-zero debounce under v1; `.invalidArgument` for an output drive.
    init(
        input offset: UInt32, _ settings: GPIOLineSettings, api: LinuxGPIO.API, device: String, operation: String
    ) throws(HALError) {
        guard settings.drive == .pushPull else {
            throw HALError(
                .invalidArgument, device: device, operation: operation,
                hint: "open-drain and open-source drive apply to output lines; use .pushPull for an input")
        }
        guard api == .v2 || settings.debounceMicroseconds == 0 else {
            throw HALError(
                .unsupported, device: device, operation: operation,
                hint: "debounce needs libgpiod v2 (Debian 13, Ubuntu 24.04); this build uses v1: "
                    + "set debounceMicroseconds to 0 and debounce in software")
        }
        self.init(
            offset: offset, consumer: settings.consumer, bias: Self.bias(settings.bias),
            drive: Int32(CGPIOD_DRIVE_PUSH_PULL), activeLow: settings.activeLow, edges: Self.edges(settings.edges),
            debounceMicroseconds: settings.debounceMicroseconds)
    }

    private static func bias(_ bias: GPIOBias) -> Int32 {
        switch bias {
        case .asIs: Int32(CGPIOD_BIAS_AS_IS)
        case .disabled: Int32(CGPIOD_BIAS_DISABLED)
        case .pullUp: Int32(CGPIOD_BIAS_PULL_UP)
        case .pullDown: Int32(CGPIOD_BIAS_PULL_DOWN)
        }
    }

    private static func drive(_ drive: GPIODrive) -> Int32 {
        switch drive {
        case .pushPull: Int32(CGPIOD_DRIVE_PUSH_PULL)
        case .openDrain: Int32(CGPIOD_DRIVE_OPEN_DRAIN)
        case .openSource: Int32(CGPIOD_DRIVE_OPEN_SOURCE)
        }
    }

    private static func edges(_ edges: GPIOEdgeDetection) -> Int32 {
        switch edges {
        case .none: Int32(CGPIOD_EDGE_NONE)
        case .rising: Int32(CGPIOD_EDGE_RISING)
        case .falling: Int32(CGPIOD_EDGE_FALLING)
        case .both: Int32(CGPIOD_EDGE_BOTH)
        }
    }
}
