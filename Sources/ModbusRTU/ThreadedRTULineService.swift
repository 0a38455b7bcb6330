// SensorGate — ModbusRTU: a real RS-485 line on a thread of its own, beside the sampling thread.

import Foundation
import HAL

// @unchecked Sendable: the client and the port are used only by the line's thread after `start`; every
// other field is guarded by `condition`.
/// A real (or pseudo-terminal) RS-485 line polled on its own thread, so that the sampler never waits
/// for the wire, a timeout or a retry: the sampler submits polls and takes finished results, each a
/// short critical section. The thread runs polls in submission order, each no earlier than the instant
/// it was submitted for, on the given clock. With a ``PacedLineTime`` (a simulated line behind a
/// pseudo-terminal in a paced run) the client still runs on the wall clock, but the sampler's clock is
/// virtual: each poll starts as soon as it is submitted, is dated with the instant it was submitted for,
/// and finishes that instant plus its wall time × the pacing factor.
public final class ThreadedRTULineService: ModbusRTULineService, @unchecked Sendable {
    /// The line's name.
    public let name: String
    /// The devices.
    public let devices: [ModbusRTUDeviceMap]
    private let client: ModbusRTUClient
    private let clock: any MonotonicClock
    private let pacedTime: PacedLineTime?
    private let condition = NSCondition()
    private var queue: [(device: Int, at: MonotonicInstant)] = []
    private var queued: [Bool]
    private var results: [(ModbusRTUReading, MonotonicInstant)?]
    private var published = ModbusRTUCounters()
    private var stopping = false
    private var running = false

    /// A line; call ``start()`` to begin.
    /// - Parameters:
    ///   - client: the client on the line's port (used only by the line's thread).
    ///   - devices: the devices polled.
    ///   - clock: the monotonic clock polls wait on and are dated with (the client's clock).
    ///   - pacedTime: the paced run's virtual time when the sampler's clock is virtual; nil (the default)
    ///     when the sampler runs on `clock`.
    public init(
        client: ModbusRTUClient, devices: [ModbusRTUDeviceMap], clock: any MonotonicClock,
        pacedTime: PacedLineTime? = nil
    ) {
        name = client.port.name
        self.client = client
        self.devices = devices
        self.clock = clock
        self.pacedTime = pacedTime
        queued = devices.map { _ in false }
        results = devices.map { _ in nil }
    }

    /// Starts the line's thread.
    public func start() {
        condition.lock()
        guard !running else {
            condition.unlock()
            return
        }
        running = true
        condition.unlock()
        let thread = Thread { [self] in loop() }
        thread.name = "sensorgate-rtu \(name)"
        thread.start()
    }

    /// The counters after the line's latest poll.
    public var counters: ModbusRTUCounters {
        condition.lock()
        defer { condition.unlock() }
        return published
    }

    /// Queues a poll.
    @discardableResult
    public func submit(_ device: Int, at instant: MonotonicInstant) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard devices.indices.contains(device), !queued[device], results[device] == nil, !stopping else {
            return false
        }
        pacedTime?.anchor(atVirtual: instant)
        queued[device] = true
        queue.append((device, instant))
        condition.broadcast()
        return true
    }

    /// The device's poll: idle, still queued or running, or done (handed over once).
    public func take(_ device: Int, by now: MonotonicInstant) -> ModbusRTUPollState {
        condition.lock()
        defer { condition.unlock() }
        guard devices.indices.contains(device) else { return .idle }
        if let (reading, completed) = results[device] {
            results[device] = nil
            return .done(reading, completed: completed)
        }
        return queued[device] ? .pending : .idle
    }

    /// Waits until the device's queued poll has finished, for at most `limit` of wall time.
    public func completion(of device: Int, waitingAtMost limit: Duration) -> MonotonicInstant? {
        condition.lock()
        defer { condition.unlock() }
        guard devices.indices.contains(device) else { return nil }
        let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
        let end = Date(timeIntervalSinceNow: seconds)
        while queued[device], !stopping {
            guard condition.wait(until: end) else { break }
        }
        return results[device]?.1
    }

    /// Ends the thread after its current poll; queued polls are dropped.
    public func stop() {
        condition.lock()
        stopping = true
        queue.removeAll()
        for index in queued.indices { queued[index] = false }
        condition.broadcast()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while queue.isEmpty, !stopping { condition.wait() }
            if stopping {
                running = false
                condition.unlock()
                return
            }
            let job = queue.removeFirst()
            condition.unlock()
            if pacedTime == nil, clock.now() < job.at { try? clock.sleep(until: job.at) }
            let wallStart = clock.now()
            let start = pacedTime == nil ? wallStart : job.at
            var reading: ModbusRTUReading
            do { reading = try client.poll(devices[job.device], at: start) } catch {
                reading = ModbusRTUReading(
                    label: devices[job.device].label, timestamp: start, values: [:], failure: error.description)
            }
            let completed =
                pacedTime.map { job.at + $0.virtualDuration(ofWall: clock.now() - wallStart) } ?? clock.now()
            condition.lock()
            if queued[job.device] {
                results[job.device] = (reading, completed)
                queued[job.device] = false
            }
            published = client.counters
            condition.broadcast()
            condition.unlock()
        }
    }
}
