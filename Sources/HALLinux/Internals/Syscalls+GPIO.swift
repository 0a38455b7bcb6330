// SensorGate — HALLinux: libgpiod calls (through the CGPIOD facade), through the mocking seam.
//
// Each `system_gpiod_*` function makes one facade call or, in a debug build with a MockingDriver
// installed, records it and answers as the driver says. Handles appear in the trace as integers; a
// mocked open or request returns its `.returns` value as a fake handle (never dereferenced as long as
// the test also answers every call made with it), and `.fails(errno)` as NULL with errno set.

import CGPIOD
import Glibc

/// An open chip (`CGPIOD_chip *`).
struct GPIOChipHandle: Hashable {
    /// The facade's pointer.
    var raw: OpaquePointer
}

/// A requested line (`CGPIOD_line *`).
struct GPIOLineHandle: Hashable {
    /// The facade's pointer.
    var raw: OpaquePointer
}

/// One edge event as the facade reports it.
struct GPIORawEvent: Hashable {
    /// The line's offset.
    var offset: UInt32
    /// True for a rising edge.
    var rising: Bool
    /// The kernel's CLOCK_MONOTONIC timestamp.
    var timestampNanoseconds: UInt64
    /// The kernel's line sequence number (v2), 0 in v1.
    var lineSequence: UInt64
}

#if ENABLE_MOCKING
    extension GPIORawEvent {
        /// The 21 bytes a mocked `gpiod_read_event` returns as `readData`: offset (4), timestamp (8) and
        /// sequence (8), little endian, then 1 for rising or 0 for falling.
        var mockBytes: [UInt8] {
            func bytes<I: FixedWidthInteger>(_ value: I) -> [UInt8] {
                (0..<I.bitWidth / 8).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
            }
            return bytes(offset) + bytes(timestampNanoseconds) + bytes(lineSequence) + [rising ? 1 : 0]
        }

        /// Decodes `mockBytes`.
        init(mockBytes bytes: UnsafeRawBufferPointer) {
            func value<I: FixedWidthInteger>(_ type: I.Type, at start: Int) -> I {
                (0..<I.bitWidth / 8).reduce(0) { $0 | I(bytes[start + $1]) << ($1 * 8) }
            }
            self.init(
                offset: value(UInt32.self, at: 0), rising: bytes[20] != 0,
                timestampNanoseconds: value(UInt64.self, at: 4),
                lineSequence: value(UInt64.self, at: 12))
        }
    }

    /// A handle as a trace argument.
    private func traced(_ pointer: OpaquePointer) -> Int64 { Int64(Int(bitPattern: pointer)) }

    /// Answers a call that returns a handle: nil means make the real call; `.some(nil)` is a failure.
    private func mockHandle(_ call: @autoclosure () -> MockedCall) -> OpaquePointer?? {
        guard let mocked = mockAnswer(call()) else { return nil }
        return .some(mocked == -1 ? nil : OpaquePointer(bitPattern: Int(mocked)))
    }

    /// Answers a call that fills a string buffer: nil means make the real call.
    private func mockString(_ call: @autoclosure () -> MockedCall, capacity: Int = 4096) -> (Int32, String)? {
        var bytes = [UInt8](repeating: 0, count: capacity)
        let mocked = bytes.withUnsafeMutableBytes { mockAnswer(call(), buffer: $0) }
        guard let mocked else { return nil }
        return (mocked, String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self))
    }
#endif

/// The linked libgpiod's version string (`gpiod_version_string` in v1, `gpiod_api_version` in v2).
func system_gpiod_api_version() -> String {
    #if ENABLE_MOCKING
        if let (_, mocked) = mockString(MockedCall("gpiod_api_version")) { return mocked }
    #endif
    return CGPIOD_api_version().map { String(cString: $0) } ?? ""
}

/// Opens a chip; nil with errno set on failure.
func system_gpiod_chip_open(_ path: String) -> GPIOChipHandle? {
    #if ENABLE_MOCKING
        if let mocked = mockHandle(MockedCall("gpiod_chip_open", written: Array(path.utf8))) {
            return mocked.map(GPIOChipHandle.init(raw:))
        }
    #endif
    return CGPIOD_chip_open(path).map(GPIOChipHandle.init(raw:))
}

/// Closes a chip.
func system_gpiod_chip_close(_ chip: GPIOChipHandle) {
    #if ENABLE_MOCKING
        if mockAnswer(MockedCall("gpiod_chip_close", [traced(chip.raw)])) != nil { return }
    #endif
    CGPIOD_chip_close(chip.raw)
}

/// The chip's label; nil with errno set on failure.
func system_gpiod_chip_label(_ chip: GPIOChipHandle) -> String? {
    #if ENABLE_MOCKING
        if let (result, label) = mockString(MockedCall("gpiod_chip_label", [traced(chip.raw)])) {
            return result < 0 ? nil : label
        }
    #endif
    var buffer = [CChar](repeating: 0, count: 64)
    guard CGPIOD_chip_label(chip.raw, &buffer, buffer.count) == 0 else { return nil }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The chip's number of lines, or -1 with errno set.
func system_gpiod_chip_num_lines(_ chip: GPIOChipHandle) -> Int32 {
    #if ENABLE_MOCKING
        if let mocked = mockAnswer(MockedCall("gpiod_chip_num_lines", [traced(chip.raw)])) { return mocked }
    #endif
    return CGPIOD_chip_num_lines(chip.raw)
}

/// The offset of the line named `name`, or -1 with errno set (ENOENT: no such line).
func system_gpiod_chip_find_line(_ chip: GPIOChipHandle, _ name: String) -> Int32 {
    #if ENABLE_MOCKING
        if let mocked = mockAnswer(MockedCall("gpiod_chip_find_line", [traced(chip.raw)], written: Array(name.utf8))) {
            return mocked
        }
    #endif
    return CGPIOD_chip_find_line(chip.raw, name)
}

/// The facade's arguments for requesting one line.
struct GPIORequestArguments: Hashable {
    /// The line's offset.
    var offset: UInt32
    /// The consumer label.
    var consumer: String
    /// A CGPIOD_BIAS_* value.
    var bias: Int32
    /// A CGPIOD_DRIVE_* value (outputs).
    var drive: Int32
    /// Active low.
    var activeLow: Bool
    /// A CGPIOD_EDGE_* value (inputs).
    var edges: Int32
    /// Debounce period in microseconds (inputs).
    var debounceMicroseconds: UInt32
}

/// Requests a line as an output; nil with errno set on failure.
/// Trace: `gpiod_request_output [chip, offset, bias, drive, activeLow, initialValue]`, consumer written.
func system_gpiod_request_output(
    _ chip: GPIOChipHandle, _ arguments: GPIORequestArguments, initialValue: Int32
) -> GPIOLineHandle? {
    let a = arguments
    #if ENABLE_MOCKING
        let call = MockedCall(
            "gpiod_request_output",
            [
                traced(chip.raw), Int64(a.offset), Int64(a.bias), Int64(a.drive), a.activeLow ? 1 : 0,
                Int64(initialValue),
            ],
            written: Array(a.consumer.utf8))
        if let mocked = mockHandle(call) { return mocked.map(GPIOLineHandle.init(raw:)) }
    #endif
    return CGPIOD_request_output(chip.raw, a.offset, a.consumer, a.bias, a.drive, a.activeLow, initialValue)
        .map(GPIOLineHandle.init(raw:))
}

/// Requests a line as an input; nil with errno set on failure.
/// Trace: `gpiod_request_input [chip, offset, bias, activeLow, edges, debounceMicroseconds]`, consumer written.
func system_gpiod_request_input(_ chip: GPIOChipHandle, _ arguments: GPIORequestArguments) -> GPIOLineHandle? {
    let a = arguments
    #if ENABLE_MOCKING
        let call = MockedCall(
            "gpiod_request_input",
            [
                traced(chip.raw), Int64(a.offset), Int64(a.bias), a.activeLow ? 1 : 0, Int64(a.edges),
                Int64(a.debounceMicroseconds),
            ],
            written: Array(a.consumer.utf8))
        if let mocked = mockHandle(call) { return mocked.map(GPIOLineHandle.init(raw:)) }
    #endif
    return CGPIOD_request_input(chip.raw, a.offset, a.consumer, a.bias, a.activeLow, a.edges, a.debounceMicroseconds)
        .map(GPIOLineHandle.init(raw:))
}

/// Releases a requested line.
func system_gpiod_line_release(_ line: GPIOLineHandle) {
    #if ENABLE_MOCKING
        if mockAnswer(MockedCall("gpiod_line_release", [traced(line.raw)])) != nil { return }
    #endif
    CGPIOD_line_release(line.raw)
}

/// The line's logical value (0 or 1), or -1 with errno set.
func system_gpiod_line_get_value(_ line: GPIOLineHandle, _ offset: UInt32) -> Int32 {
    #if ENABLE_MOCKING
        if let mocked = mockAnswer(MockedCall("gpiod_line_get_value", [traced(line.raw), Int64(offset)])) {
            return mocked
        }
    #endif
    return CGPIOD_line_get_value(line.raw, offset)
}

/// Sets the line's logical value; 0, or -1 with errno set.
func system_gpiod_line_set_value(_ line: GPIOLineHandle, _ offset: UInt32, _ value: Int32) -> Int32 {
    #if ENABLE_MOCKING
        if let mocked = mockAnswer(MockedCall("gpiod_line_set_value", [traced(line.raw), Int64(offset), Int64(value)]))
        {
            return mocked
        }
    #endif
    return CGPIOD_line_set_value(line.raw, offset, value)
}

/// The descriptor that becomes readable when edge events are queued, or -1 with errno set.
func system_gpiod_line_event_fd(_ line: GPIOLineHandle) -> Int32 {
    #if ENABLE_MOCKING
        if let mocked = mockAnswer(MockedCall("gpiod_line_event_fd", [traced(line.raw)])) { return mocked }
    #endif
    return CGPIOD_line_event_fd(line.raw)
}

/// Reads one queued edge event into `event`; 1 when read, -1 with errno set. Blocks when none is queued.
/// A mocked call fills `event` from `readData` (see `GPIORawEvent.mockBytes`).
func system_gpiod_read_event(_ line: GPIOLineHandle, _ event: inout GPIORawEvent) -> Int32 {
    #if ENABLE_MOCKING
        var bytes = [UInt8](repeating: 0, count: 21)
        let mocked = bytes.withUnsafeMutableBytes {
            mockAnswer(MockedCall("gpiod_read_event", [traced(line.raw)]), buffer: $0)
        }
        if let mocked {
            if mocked > 0 { event = bytes.withUnsafeBytes { GPIORawEvent(mockBytes: $0) } }
            return mocked
        }
    #endif
    var offset: UInt32 = 0
    var rising: Int32 = 0
    var timestamp: UInt64 = 0
    var sequence: UInt64 = 0
    let result = CGPIOD_read_event(line.raw, &offset, &rising, &timestamp, &sequence)
    if result > 0 {
        event = GPIORawEvent(
            offset: offset, rising: rising != 0, timestampNanoseconds: timestamp, lineSequence: sequence)
    }
    return result
}

/// The names in directory `path` (opendir/readdir), for finding /dev/gpiochip*; nil with errno set.
/// A mocked call (`opendir`, path written) returns the names as `readData`, separated by newlines.
func system_list_directory(_ path: String) -> [String]? {
    #if ENABLE_MOCKING
        if let (result, names) = mockString(MockedCall("opendir", written: Array(path.utf8))) {
            return result < 0 ? nil : names.split(separator: "\n").map(String.init)
        }
    #endif
    guard let directory = opendir(path) else { return nil }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        names.append(name)
    }
    return names
}
