// SensorGate — ModbusRTU: an RS-485 line polled beside the sampler, never inside its deadlines.

import HAL

/// Where a device's poll stands on its line.
public enum ModbusRTUPollState: Sendable {
    /// Nothing submitted (or the last result was taken).
    case idle
    /// Submitted, not finished by the instant asked about.
    case pending
    /// Finished: the reading (values, or the failure) and when the line was done with it.
    case done(ModbusRTUReading, completed: MonotonicInstant)
}

/// One RS-485 line polled on behalf of the sampler: the sampler submits a device's poll at one deadline
/// and takes its result at the next, so the line's wire time, timeouts and retries run beside the
/// sampler instead of holding it up. One request at a time on the line (half-duplex); polls of several
/// devices queue in submission order.
public protocol ModbusRTULineService: AnyObject {
    /// The line's name (its port).
    var name: String { get }
    /// The devices, by index.
    var devices: [ModbusRTUDeviceMap] { get }
    /// What the line's client has counted so far.
    var counters: ModbusRTUCounters { get }
    /// Queues a poll of `device` starting no earlier than `instant`.
    /// - Returns: false when that device already has a poll queued or running (nothing is queued then).
    @discardableResult
    func submit(_ device: Int, at instant: MonotonicInstant) -> Bool
    /// The device's poll as of `now`; a finished one is handed over once (the state is idle after).
    func take(_ device: Int, by now: MonotonicInstant) -> ModbusRTUPollState
    /// When the device's queued poll will have finished; a line on another thread waits for it at most
    /// `limit` and answers nil if it has not finished by then. Nil when none is queued. Used once at
    /// bring-up, before the sampler's deadlines start.
    func completion(of device: Int, waitingAtMost limit: Duration) -> MonotonicInstant?
    /// Stops the line (a thread ends after its current poll).
    func stop()
}

/// Line faults injected on a simulated line: every n-th poll's first response gets the fault (0: never).
/// Retries then see a clean line, so a fault costs a retry and is counted, not a sample.
public struct RTULineFaultPattern: Sendable, Hashable {
    /// Every n-th poll: a wrong CRC.
    public var crcEvery = 0
    /// Every n-th poll: a frame cut short.
    public var truncateEvery = 0
    /// Every n-th poll: noise on the line before the response.
    public var garbageEvery = 0
    /// Every n-th poll: no response to the first try.
    public var silenceEvery = 0

    /// No faults.
    public init() {}

    /// The faults of poll number `poll` (from 1).
    public func faults(forPoll poll: Int) -> [RTULineFault] {
        var faults: [RTULineFault] = []
        if crcEvery > 0, poll % crcEvery == 0 { faults.append(.corruptCRC) }
        if truncateEvery > 0, poll % truncateEvery == 0 { faults.append(.truncate(bytes: 4)) }
        if garbageEvery > 0, poll % garbageEvery == 0 { faults.append(.garbageBefore([0x00, 0xFF, 0x13, 0x37])) }
        if silenceEvery > 0, poll % silenceEvery == 0 { faults.append(.silence) }
        return faults
    }
}
