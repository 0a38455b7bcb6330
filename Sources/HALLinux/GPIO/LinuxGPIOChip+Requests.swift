// SensorGate — HALLinux: requesting a chip's lines as outputs or inputs.

import Glibc
import HAL

extension LinuxGPIOChip {
    /// Requests the line at `offset` as an output.
    /// - Parameters:
    ///   - offset: the line's offset on this chip.
    ///   - settings: consumer, bias, drive, active low (edges and debounce must be off).
    ///   - initialActive: the logical level the line starts at.
    /// - Returns: the line, released when it is deinitialised.
    /// - Throws: `HALError`; `.busy` with a hint when another consumer holds the line.
    public func requestOutput(
        offset: UInt32, settings: GPIOLineSettings = .default, initialActive: Bool = false
    ) throws(HALError) -> LinuxGPIOOutputLine {
        try requestOutput(offset, lineName: "\(offset)", settings: settings, initialActive: initialActive)
    }

    /// Requests the line named `name` (as `gpioinfo` lists it) as an output.
    /// - Parameters:
    ///   - name: the line's name.
    ///   - settings: consumer, bias, drive, active low (edges and debounce must be off).
    ///   - initialActive: the logical level the line starts at.
    /// - Returns: the line, released when it is deinitialised.
    /// - Throws: `HALError`; `.notFound` when the chip has no such line, `.busy` when it is held.
    public func requestOutput(
        name: String, settings: GPIOLineSettings = .default, initialActive: Bool = false
    ) throws(HALError) -> LinuxGPIOOutputLine {
        try requestOutput(lineOffset(named: name), lineName: name, settings: settings, initialActive: initialActive)
    }

    /// Requests the line at `offset` as an input.
    /// - Parameters:
    ///   - offset: the line's offset on this chip.
    ///   - settings: consumer, bias, active low, edges, debounce (v2 only).
    /// - Returns: the line, released when it is deinitialised.
    /// - Throws: `HALError`; `.busy` when another consumer holds the line, `.unsupported` for debounce on v1.
    public func requestInput(offset: UInt32, settings: GPIOLineSettings = .default) throws(HALError)
        -> LinuxGPIOInputLine
    {
        try requestInput(offset, lineName: "\(offset)", settings: settings)
    }

    /// Requests the line named `name` (as `gpioinfo` lists it) as an input.
    /// - Parameters:
    ///   - name: the line's name.
    ///   - settings: consumer, bias, active low, edges, debounce (v2 only).
    /// - Returns: the line, released when it is deinitialised.
    /// - Throws: `HALError`; `.notFound` when the chip has no such line, `.busy` when it is held.
    public func requestInput(name: String, settings: GPIOLineSettings = .default) throws(HALError) -> LinuxGPIOInputLine
    {
        try requestInput(lineOffset(named: name), lineName: name, settings: settings)
    }

    private func requestOutput(
        _ offset: UInt32, lineName: String, settings: GPIOLineSettings, initialActive: Bool
    ) throws(HALError) -> LinuxGPIOOutputLine {
        let operation = "request line \(Self.describe(offset, lineName)) as output"
        let arguments = try GPIORequestArguments(output: offset, settings, device: path, operation: operation)
        guard let handle = system_gpiod_request_output(self.handle, arguments, initialValue: initialActive ? 1 : 0)
        else { throw GPIOErrors.request(path, operation, errno: Glibc.errno) }
        return LinuxGPIOOutputLine(chip: self, offset: offset, name: "\(name):\(lineName)", handle: handle)
    }

    private func requestInput(
        _ offset: UInt32, lineName: String, settings: GPIOLineSettings
    ) throws(HALError) -> LinuxGPIOInputLine {
        let operation = "request line \(Self.describe(offset, lineName)) as input"
        let arguments = try GPIORequestArguments(input: offset, settings, api: api, device: path, operation: operation)
        guard let handle = system_gpiod_request_input(self.handle, arguments) else {
            throw GPIOErrors.request(path, operation, errno: Glibc.errno)
        }
        var eventDescriptor: Int32?
        if settings.edges != .none {
            let fd = system_gpiod_line_event_fd(handle)
            guard fd >= 0 else {
                let code = Glibc.errno
                system_gpiod_line_release(handle)
                throw GPIOErrors.io(path, "get event descriptor of line \(lineName)", errno: code)
            }
            eventDescriptor = fd
        }
        return LinuxGPIOInputLine(
            chip: self, offset: offset, name: "\(name):\(lineName)", handle: handle, eventDescriptor: eventDescriptor)
    }

    /// `17`, or `MODEM_PWRKEY (17)` for a line requested by name.
    private static func describe(_ offset: UInt32, _ lineName: String) -> String {
        lineName == "\(offset)" ? lineName : "\(lineName) (\(offset))"
    }
}
