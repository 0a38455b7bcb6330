// SensorGate — ModbusRTU: a simulated line in virtual time, running beside the sampler's clock.

import HAL
import HALSim
import Modbus

/// A simulated RS-485 line in virtual time. The line keeps its own virtual clock: a poll submitted at
/// a sampler instant runs at once on the line's clock (from that instant, or from the end of the poll
/// before it), so its wire time, timeouts and retries move only the line's clock, and the result
/// becomes visible to the sampler once the sampler's time reaches the instant the line finished.
/// Deterministic: the same submissions give the same results and instants.
public final class VirtualRTULineService: ModbusRTULineService {
    /// The line's name.
    public var name: String { line.name }
    /// The devices.
    public let devices: [ModbusRTUDeviceMap]
    /// The simulated line (its device models and faults).
    public let line: SimulatedRTULine
    /// Faults injected per poll.
    public let faultPattern: RTULineFaultPattern
    /// The line's own clock.
    public let lineClock: VirtualClock
    private let client: ModbusRTUClient
    private var results: [ModbusRTUReading?]
    private var completions: [MonotonicInstant?]
    private var polls = 0

    /// A line.
    /// - Parameters:
    ///   - line: the simulated line, on `lineClock`.
    ///   - lineClock: the clock the line and its client run on (not the sampler's).
    ///   - devices: the devices polled.
    ///   - settings: the client's timeouts and retries.
    ///   - faultPattern: faults injected per poll. Default: none.
    public init(
        line: SimulatedRTULine, lineClock: VirtualClock, devices: [ModbusRTUDeviceMap], settings: ModbusRTUSettings,
        faultPattern: RTULineFaultPattern = RTULineFaultPattern()
    ) {
        self.line = line
        self.lineClock = lineClock
        self.devices = devices
        self.faultPattern = faultPattern
        client = ModbusRTUClient(port: line, clock: lineClock, settings: settings)
        results = devices.map { _ in nil }
        completions = devices.map { _ in nil }
    }

    /// The client's counters.
    public var counters: ModbusRTUCounters { client.counters }

    /// Runs the poll now on the line's clock, from `instant` or the end of the line's previous poll.
    @discardableResult
    public func submit(_ device: Int, at instant: MonotonicInstant) -> Bool {
        guard devices.indices.contains(device), results[device] == nil else { return false }
        lineClock.advance(to: instant)
        polls += 1
        line.faults += faultPattern.faults(forPoll: polls)
        let start = lineClock.now()
        var reading: ModbusRTUReading
        do { reading = try client.poll(devices[device], at: start) } catch {
            reading = ModbusRTUReading(
                label: devices[device].label, timestamp: start, values: [:], failure: error.description)
        }
        line.faults = []
        results[device] = reading
        completions[device] = lineClock.now()
        return true
    }

    /// The result once the sampler's `now` has reached the line's finishing instant.
    public func take(_ device: Int, by now: MonotonicInstant) -> ModbusRTUPollState {
        guard devices.indices.contains(device), let reading = results[device], let completed = completions[device]
        else { return .idle }
        guard completed <= now else { return .pending }
        results[device] = nil
        completions[device] = nil
        return .done(reading, completed: completed)
    }

    /// When the queued poll finishes on the line's clock (known at once: nothing to wait for).
    public func completion(of device: Int, waitingAtMost limit: Duration) -> MonotonicInstant? {
        devices.indices.contains(device) ? completions[device] : nil
    }

    /// Nothing runs on its own.
    public func stop() {}
}
