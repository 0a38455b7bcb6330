// SensorGate — HALLinux tests: a fake libgpiod behind the mocking seam, for GPIO tests without a chip.

import Glibc
import HAL
import Testing

@testable import HALLinux

/// Fake handles and answers of the fake libgpiod.
enum FakeGPIOD {
    /// The handle a mocked `gpiod_chip_open` returns.
    static let chip: Int64 = 0x1000
    /// The handle a mocked request returns.
    static let line: Int64 = 0x2000
    /// The event descriptor a mocked `gpiod_line_event_fd` returns.
    static let eventFD: Int32 = 9
    /// The label of the fake chip.
    static let label = "gpio-sim-test"

    /// A script in which every libgpiod call succeeds with a fake answer; queue outcomes to change one.
    /// Never lets a real call through: the fake handles must not reach libgpiod.
    static func script() -> SyscallScript {
        SyscallScript { call in
            switch call.name {
            case "gpiod_chip_open": .returns(Int32(chip))
            case "gpiod_chip_label": .returns(0, readData: Array(label.utf8))
            case "gpiod_chip_num_lines": .returns(32)
            case "gpiod_request_output", "gpiod_request_input": .returns(Int32(line))
            case "gpiod_line_event_fd": .returns(eventFD)
            default: .returns(0)
            }
        }
    }

    /// A chip at /dev/gpiochip0 opened under `api`'s rules; call inside `MockingDriver.run`.
    static func openChip(api: LinuxGPIO.API = LinuxGPIO.api) throws(HALError) -> LinuxGPIOChip {
        try LinuxGPIOChip(OpenedGPIOChip(path: "/dev/gpiochip0"), api: api)
    }
}

/// Checks that `body` throws a `HALError` and returns it (nil, with a recorded issue, when it does not).
func halError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> HALError? {
    do {
        try body()
        Issue.record("expected a HALError", sourceLocation: sourceLocation)
        return nil
    } catch let error as HALError {
        return error
    } catch {
        Issue.record("expected a HALError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

extension [MockedCall] {
    /// The calls named `name`.
    func named(_ name: String) -> [MockedCall] { filter { $0.name == name } }
}
