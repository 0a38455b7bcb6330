// SensorGate — Gateway: a Modbus RTU transmitter as a sampled sensor.

import Board
import Drivers
import HAL
import ModbusRTU

/// A transmitter on an RS-485 line, sampled like any chip: a polled rate group at its `rate-hz` reads
/// it through this driver. The line runs beside the sampler (``ModbusRTULineService``): each read takes
/// the poll submitted at the previous deadline (dated when it started on the line) and submits the
/// next, so the sampler never waits for the wire, a timeout or a retry. A poll that failed (timeout,
/// wrong CRCs, truncated frames, an exception response) or is still running at the next deadline is
/// a failed read: the sampler reports the sample missing and backs off as for any sensor.
final class ModbusRTUSensor: SensorDriver, ChannelDescribing {
    let part = "Modbus RTU"
    let location: String
    let outputDataRateHz: Double?
    let channels: [ChannelDescriptor]
    private let service: any ModbusRTULineService
    private let index: Int
    private let clock: any MonotonicClock
    private let names: [String]
    private var waitedOnce = false

    /// - Parameters:
    ///   - service: the device's line.
    ///   - index: the device's index on it.
    ///   - description: the device (its points become channels).
    ///   - clock: the sampler's clock.
    init(
        service: any ModbusRTULineService, index: Int, description: ModbusRTUDeviceDescription,
        clock: any MonotonicClock
    ) {
        self.service = service
        self.index = index
        self.clock = clock
        location = "\(service.name) address \(description.address)"
        outputDataRateHz = description.rateHz
        var components: [Quantity: Int] = [:]
        var channels: [ChannelDescriptor] = []
        for point in description.points {
            let quantity = Self.quantity(unit: point.register.unit)
            let component = components[quantity, default: 0]
            components[quantity] = component + 1
            channels.append(
                ChannelDescriptor(
                    name: point.register.name, quantity: quantity, component: component, unit: point.register.unit,
                    lsb: Self.exact(point.lsb), offset: Self.exact(point.register.offset)))
        }
        self.channels = channels
        names = description.points.map(\.register.name)
    }

    /// Submits a fresh poll (dropping a result held from before a back-off). The first bring-up, before
    /// the sampler's deadlines start, waits for that poll up to half a period, so that the first deadline
    /// has a fresh sample; a device that has not answered by then (a dead one, a busy line) is left to
    /// its poll, and its first deadline is reported missing.
    func bringUp() throws(DriverError) {
        _ = service.take(index, by: MonotonicInstant(nanoseconds: .max))
        service.submit(index, at: clock.now())
        guard !waitedOnce else { return }
        waitedOnce = true
        let limit = Duration.nanoseconds(Int64(5e8 / max(outputDataRateHz ?? 1, 1e-3)))
        let now = clock.now()
        if let completed = service.completion(of: index, waitingAtMost: limit), completed > now,
            completed - now <= limit
        {
            try? clock.sleep(until: completed)
        }
    }

    /// Takes the poll submitted at the previous deadline and submits the next.
    func read() throws(DriverError) -> SensorReading {
        let now = clock.now()
        switch service.take(index, by: now) {
        case .idle:
            service.submit(index, at: now)
            throw DriverError(chip: part, location: location, reason: .conversionTimeout)
        case .pending:
            throw DriverError(
                chip: part, location: location,
                reason: .bus(
                    HALError(
                        .busy, device: location, operation: "poll",
                        hint: "the line is still busy with the last poll; lower rate-hz or the devices on the line")))
        case .done(let reading, _):
            service.submit(index, at: now)
            if let failure = reading.failure {
                throw DriverError(
                    chip: part, location: location,
                    reason: .bus(HALError(.timeout, device: location, operation: "poll", hint: failure)))
            }
            var values = QuantityValues()
            for (channel, name) in zip(channels, names) {
                guard let value = reading.values[name] else {
                    throw DriverError(
                        chip: part, location: location, reason: .checksumMismatch(what: "register of \(name)"))
                }
                let si = value * channel.unitToSI
                // The board loader admits at most three channels of one unit, so none is dropped here.
                var components = values[channel.quantity] ?? SensorComponents()
                components.append(si)
                values[channel.quantity] = components
            }
            return SensorReading(timestamp: reading.timestamp, values: values)
        }
    }

    /// The quantity a channel unit stands for (the loader admits only these units).
    static func quantity(unit: String) -> Quantity {
        switch unit {
        case "Cel": .temperatureC
        case "%": .humidityRH
        default: .pressurePa
        }
    }

    /// A decimal number as an exact ratio: the fewest decimal places (up to 12) that hold it.
    static func exact(_ value: Double) -> ExactRatio {
        var scaled = value
        for places in 0...12 {
            let rounded = scaled.rounded()
            if abs(scaled - rounded) <= 1e-9 * max(1, abs(scaled)), abs(rounded) < 9e15 {
                return ExactRatio.decimal(Int64(rounded), exponent: -places)
            }
            scaled *= 10
        }
        return ExactRatio.decimal(Int64((value * 1e12).rounded()), exponent: -12)
    }
}
