// SensorGate — HALLinux: opening a GPIO chip by path, name, number or label.

import Glibc
import HAL

/// A chip just opened, with the facts read from it; `LinuxGPIOChip` takes it over.
struct OpenedGPIOChip {
    /// The path opened.
    var path: String
    /// The facade's chip.
    var handle: GPIOChipHandle
    /// The chip's label.
    var label: String
    /// The chip's number of lines.
    var lineCount: Int

    /// Opens `path` and reads its label and line count; closes it again if that fails.
    init(path: String) throws(HALError) {
        guard let handle = system_gpiod_chip_open(path) else { throw GPIOErrors.open(path, errno: Glibc.errno) }
        guard let label = system_gpiod_chip_label(handle) else {
            let code = Glibc.errno
            system_gpiod_chip_close(handle)
            throw GPIOErrors.io(path, "read chip label", errno: code)
        }
        let count = system_gpiod_chip_num_lines(handle)
        guard count >= 0 else {
            let code = Glibc.errno
            system_gpiod_chip_close(handle)
            throw GPIOErrors.io(path, "read chip line count", errno: code)
        }
        self.path = path
        self.handle = handle
        self.label = label
        self.lineCount = Int(count)
    }

    /// Opens a chip by path (contains `/`), name (`gpiochip0`), number (`0`) or label.
    init(named name: String) throws(HALError) {
        if name.contains("/") {
            try self.init(path: name)
        } else if let number = Self.chipNumber(name) {
            try self.init(path: "/dev/gpiochip\(number)")
        } else {
            try self.init(label: name)
        }
    }

    /// Opens each /dev/gpiochipN in turn and keeps the first whose label is `label`.
    private init(label: String) throws(HALError) {
        guard let entries = system_list_directory("/dev") else {
            throw GPIOErrors.io("/dev", "list GPIO chips", errno: Glibc.errno)
        }
        let numbers = entries.compactMap { $0.hasPrefix("gpiochip") ? Self.chipNumber($0) : nil }.sorted()
        var seen: [String] = []
        var refused: HALError?
        for number in numbers {
            let path = "/dev/gpiochip\(number)"
            do {
                let chip = try OpenedGPIOChip(path: path)
                if chip.label == label {
                    self = chip
                    return
                }
                seen.append("gpiochip\(number) [\(chip.label)]")
                system_gpiod_chip_close(chip.handle)
            } catch {
                if error.kind == .permissionDenied { refused = refused ?? error }
            }
        }
        if let refused { throw refused }
        let found = seen.isEmpty ? "no chips could be opened" : "chips: " + seen.joined(separator: ", ")
        throw HALError(
            .notFound, device: label, operation: "find GPIO chip by label",
            hint: "no GPIO chip is labelled \(label) (\(found)): list chips with `gpiodetect`")
    }

    /// The N of `gpiochipN` or of `N`; nil for anything else.
    static func chipNumber(_ name: String) -> Int? {
        let digits = name.hasPrefix("gpiochip") ? name.dropFirst("gpiochip".count) : Substring(name)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int(digits)
    }
}
