// SensorGate — ModbusRTU: polling several transmitters on one line, each at its own rate.

import HAL
import Modbus

/// One poll's outcome for a device.
public struct ModbusRTUReading: Sendable, Hashable {
    /// The device's label.
    public var label: String
    /// When the poll started.
    public var timestamp: MonotonicInstant
    /// The scaled values by register name; empty when the poll failed.
    public var values: [String: Double]
    /// Why the poll failed: a timeout or bad frames after every retry, or an exception response.
    public var failure: String?
}

/// Polls the devices of one RTU line on absolute deadlines (start + n / rate per device), one request at
/// a time, earliest deadline first. A device that fails does not hold up the others beyond its own
/// timeouts and retries; a deadline missed by more than a period is skipped, not caught up.
public final class ModbusRTUPoller {
    /// The client on the line.
    public let client: ModbusRTUClient
    /// The devices.
    public let devices: [ModbusRTUDeviceMap]
    /// Polls skipped because the line was busy past their deadline, per device.
    public private(set) var skipped: [Int]
    private let clock: any MonotonicClock
    private var next: [MonotonicInstant]
    private var index: [Int64]
    private let start: MonotonicInstant
    private let periodsNs: [Int64]

    /// A poller.
    /// - Parameters:
    ///   - client: the line's client.
    ///   - devices: the devices, each with its rate.
    ///   - clock: the clock the deadlines are on.
    public init(client: ModbusRTUClient, devices: [ModbusRTUDeviceMap], clock: any MonotonicClock) {
        self.client = client
        self.devices = devices
        self.clock = clock
        start = clock.now()
        periodsNs = devices.map { Int64((1e9 / max($0.rateHz, 1e-6)).rounded()) }
        next = devices.map { _ in clock.now() }
        index = devices.map { _ in 0 }
        skipped = devices.map { _ in 0 }
    }

    /// Polls until `end`, handing each reading to `sink` as it completes.
    /// - Parameters:
    ///   - end: when to stop (no poll starts at or after it).
    ///   - sink: receives each reading.
    /// - Throws: `ModbusRTUError` of kind `.port` when the serial port itself fails.
    public func run(until end: MonotonicInstant, sink: (ModbusRTUReading) -> Void) throws(ModbusRTUError) {
        while !devices.isEmpty {
            guard let device = next.indices.min(by: { next[$0] < next[$1] }) else { return }
            let deadline = next[device]
            guard deadline < end else { return }
            if clock.now() < deadline { try? clock.sleep(until: deadline) }
            let reading = try poll(device, at: clock.now())
            sink(reading)
            advance(device)
        }
    }

    private func advance(_ device: Int) {
        index[device] += 1
        var deadline = start + .nanoseconds(index[device] * periodsNs[device])
        let now = clock.now()
        while deadline + .nanoseconds(periodsNs[device]) <= now {
            skipped[device] += 1
            index[device] += 1
            deadline = start + .nanoseconds(index[device] * periodsNs[device])
        }
        next[device] = deadline
    }

    private func poll(_ device: Int, at timestamp: MonotonicInstant) throws(ModbusRTUError) -> ModbusRTUReading {
        try client.poll(devices[device], at: timestamp)
    }
}
