// SensorGate — HALLinux: a requested input line, with edge events read from its file descriptor.

import Glibc
import HAL

/// An input line requested from a `LinuxGPIOChip`; released when deinitialised.
///
/// Events are waited for with poll(2) on the line's event descriptor and read one at a time while the
/// descriptor stays readable. Timestamps are the kernel's CLOCK_MONOTONIC stamps. Sequence numbers are
/// the kernel's per-line numbers under libgpiod v2; v1 has none, so the line counts its reads (which
/// cannot reveal events the kernel dropped).
public final class LinuxGPIOInputLine: GPIOInputLine {
    /// `gpiochip0:17`, or `gpiochip0:DRDY` for a line requested by name.
    public let name: String
    /// The line's offset on its chip.
    public let offset: UInt32
    /// The most events one `readEvents()` returns; the rest wait for the next call.
    public static let maximumEventsPerRead = 64
    private let chip: LinuxGPIOChip
    private let handle: GPIOLineHandle
    private let eventDescriptor: Int32?
    private var eventsRead: UInt64 = 0

    init(chip: LinuxGPIOChip, offset: UInt32, name: String, handle: GPIOLineHandle, eventDescriptor: Int32?) {
        self.chip = chip
        self.offset = offset
        self.name = name
        self.handle = handle
        self.eventDescriptor = eventDescriptor
    }

    deinit { system_gpiod_line_release(handle) }

    /// Reads the logical level.
    /// - Returns: true when the line is active.
    /// - Throws: `HALError` with errno when the kernel refuses.
    public func get() throws(HALError) -> Bool {
        switch valueOrErrno({ system_gpiod_line_get_value(handle, offset) }) {
        case .success(let value): return value != 0
        case .failure(let error): throw GPIOErrors.io(chip.path, "read line \(name)", errno: error.code)
        }
    }

    /// Waits until an edge event is queued or `timeout` passes; a signal does not cut the wait short.
    /// - Parameter timeout: the longest wait (rounded up to whole milliseconds); `.zero` polls.
    /// - Returns: true when at least one event is ready to read.
    /// - Throws: `HALError`; `.unsupported` when the line was requested without edge detection.
    public func waitForEvent(timeout: Duration) throws(HALError) -> Bool {
        try poll(until: ContinuousClock.now + timeout, operation: "wait for events on line \(name)")
    }

    /// Waits until any of `lines` has an edge event queued, or `timeout` passes, in one ppoll(2) over
    /// their event descriptors (to the nanosecond; a signal does not cut the wait short). Allocates
    /// nothing: the descriptors are on the stack.
    /// - Parameters:
    ///   - lines: lines of this backend requested with edge detection.
    ///   - timeout: the longest wait; `.zero` polls.
    /// - Returns: whether events are ready on any of them; nil when one of them is not a Linux line with
    ///   edge detection (the caller then waits on them in turn, and the line's own wait says why).
    /// - Throws: `HALError` when the wait fails or a line's descriptor reports an error.
    public func waitForEvent(onAnyOf lines: [any GPIOInputLine], timeout: Duration) throws(HALError) -> Bool? {
        let deadline = ContinuousClock.now + timeout
        let outcome = withUnsafeTemporaryAllocation(of: pollfd.self, capacity: max(lines.count, 1)) {
            descriptors -> Result<Bool, HALError>? in
            for (index, line) in lines.enumerated() {
                guard let linux = line as? LinuxGPIOInputLine, let fd = linux.eventDescriptor else { return nil }
                descriptors[index] = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            }
            let polled = UnsafeMutableBufferPointer(rebasing: descriptors[0..<lines.count])
            let result = valueOrErrno {
                system_ppoll(polled, timeoutNanoseconds: max((deadline - ContinuousClock.now).nanoseconds, 0))
            }
            switch result {
            case .failure(let error):
                return .failure(GPIOErrors.io(chip.path, "wait for events on \(lines.count) lines", errno: error.code))
            case .success(0):
                return .success(false)
            case .success:
                var ready = false
                for index in polled.indices where polled[index].revents != 0 {
                    guard polled[index].revents & Int16(POLLIN) != 0 else {
                        return .failure(
                            GPIOErrors.eventDescriptor(
                                chip.path, "wait for events on line \(lines[index].name)",
                                revents: polled[index].revents))
                    }
                    ready = true
                }
                return .success(ready)
            }
        }
        return try outcome?.get()
    }

    /// Reads the queued events, oldest first, without blocking (at most `maximumEventsPerRead`).
    /// - Returns: the pending events; empty when none.
    /// - Throws: `HALError`; `.unsupported` when the line was requested without edge detection.
    public func readEvents() throws(HALError) -> [GPIOEdgeEvent] {
        var events: [GPIOEdgeEvent] = []
        try readEvents(into: &events)
        return events
    }

    /// Appends the events that are ready (at most ``maximumEventsPerRead``), oldest first, to `events`:
    /// the same reads as ``readEvents()`` into storage the caller keeps, and the operation's name built
    /// only for an error, so a call allocates nothing once `events` has the capacity.
    /// - Parameter events: receives the events.
    /// - Throws: `HALError` as ``readEvents()``.
    public func readEvents(into events: inout [GPIOEdgeEvent]) throws(HALError) {
        var read = 0
        while read < Self.maximumEventsPerRead,
            try poll(until: ContinuousClock.now, operation: "read events on line \(name)")
        {
            var raw = GPIORawEvent(offset: offset, rising: false, timestampNanoseconds: 0, lineSequence: 0)
            switch valueOrErrno({ system_gpiod_read_event(handle, &raw) }) {
            case .failure(let error): throw GPIOErrors.io(chip.path, "read events on line \(name)", errno: error.code)
            case .success(0): return
            case .success:
                events.append(event(from: raw))
                read += 1
            }
        }
    }

    private func event(from raw: GPIORawEvent) -> GPIOEdgeEvent {
        eventsRead += 1
        return GPIOEdgeEvent(
            edge: raw.rising ? .rising : .falling,
            timestamp: MonotonicInstant(nanoseconds: Int64(clamping: raw.timestampNanoseconds)),
            lineOffset: raw.offset, sequence: chip.api == .v2 ? raw.lineSequence : eventsRead)
    }

    /// Polls the event descriptor until `deadline`, retrying on EINTR with the time that is left.
    private func poll(until deadline: ContinuousClock.Instant, operation: @autoclosure () -> String) throws(HALError)
        -> Bool
    {
        guard let fd = eventDescriptor else {
            throw HALError(
                .unsupported, device: chip.path, operation: operation(),
                hint: "the line was requested without edge detection: set GPIOLineSettings.edges")
        }
        var revents: Int16 = 0
        let events = Int16(POLLIN)
        let result = valueOrErrno {
            system_poll(fd, events, Self.milliseconds(deadline - ContinuousClock.now), revents: &revents)
        }
        switch result {
        case .failure(let error):
            throw GPIOErrors.io(chip.path, operation(), errno: error.code)
        case .success(0):
            return false
        case .success:
            if revents & events != 0 { return true }
            throw GPIOErrors.eventDescriptor(chip.path, operation(), revents: revents)
        }
    }

    /// A poll(2) timeout: whole milliseconds, rounded up, from 0 to Int32.max.
    static func milliseconds(_ duration: Duration) -> Int32 {
        let nanoseconds = duration.nanoseconds
        guard nanoseconds > 0 else { return 0 }
        return Int32(clamping: nanoseconds / 1_000_000 + (nanoseconds % 1_000_000 == 0 ? 0 : 1))
    }
}
