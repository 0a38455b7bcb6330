// SensorGate — Board: the rate groups of a bound board, and the timebase of a simulated one.

import Drivers
import HAL
import HALSim
import Sampling

/// Why a board's sampling plan could not be made: the device, and what to do.
public struct SamplingPlanError: Error, Sendable, CustomStringConvertible {
    /// The device label.
    public var device: String
    /// What is wrong and what to do.
    public var message: String
    /// `device: message`.
    public var description: String { "\(device): \(message)" }
}

extension BoundBoard {
    /// The rate groups of the board: each `data-ready` or `fifo` device in a group of its own (its
    /// chip sets the pace), and the polled devices grouped by rate, in file order.
    /// - Returns: the groups, with drivers made but not brought up.
    /// - Throws: `SamplingPlanError` naming the device whose driver or pin cannot be had.
    public func samplingGroups() throws(SamplingPlanError) -> [RateGroupDefinition] {
        var groups: [RateGroupDefinition] = []
        var polled: [(rate: SamplingRate, sensors: [SampledSensor])] = []
        for device in description.devices {
            if device.simulation.fitted == nil, description.bus(device.bus)?.isSimulated == true { continue }
            let driver: any SensorDriver
            do { driver = try sensor(device.label) } catch {
                throw SamplingPlanError(device: device.label, message: error.description)
            }
            let sampling = device.sampling ?? DeviceSampling(location: device.location)
            let sampled = SampledSensor(label: device.label, driver: driver)
            switch sampling.trigger {
            case .poll:
                let rate = try samplingRate(sampling.rateHz ?? driver.outputDataRateHz ?? 1, device.label)
                if let index = polled.firstIndex(where: { $0.rate == rate }) {
                    polled[index].sensors.append(sampled)
                } else {
                    polled.append((rate, [sampled]))
                }
            case .dataReady:
                let rate = try samplingRate(sampling.rateHz ?? driver.outputDataRateHz ?? 1, device.label)
                let line = try inputLine(device, pin: sampling.pin, activeLow: driver.interruptsActiveLow)
                groups.append(
                    RateGroupDefinition(
                        name: device.label, rate: rate, trigger: .dataReady(line: line), sensors: [sampled]))
            case .fifo:
                let line = try sampling.pin.map { pin throws(SamplingPlanError) in
                    try inputLine(device, pin: pin, activeLow: driver.interruptsActiveLow)
                }
                let expected = sampling.rateHz ?? watermarkRate(driver)
                let rate = try samplingRate(expected, device.label)
                groups.append(
                    RateGroupDefinition(
                        name: device.label, rate: rate, trigger: .fifo(watermark: line), sensors: [sampled]))
            }
        }
        for (rate, sensors) in polled {
            let name = sensors.map(\.label).joined(separator: "+")
            groups.append(RateGroupDefinition(name: name, rate: rate, trigger: .polled, sensors: sensors))
        }
        return groups
    }

    /// Virtual time for the board's simulated chips: sleeping runs their pin events in time order.
    /// - Parameters:
    ///   - pacing: how fast to run. Default: as fast as possible.
    ///   - wallClock: the real clock to pace against, for scaled pacing.
    /// - Returns: the timebase.
    public func virtualTimebase(pacing: Pacing = .asFastAsPossible, wallClock: (any MonotonicClock)? = nil)
        -> VirtualTimebase
    {
        let labels = description.devices.map(\.label)
        let chips = labels.compactMap { models[$0]?.model }
        return VirtualTimebase(clock: clock, models: chips, pacing: pacing, wallClock: wallClock)
    }

    /// Whether every device of the board sits on a simulated bus.
    public var isFullySimulated: Bool {
        description.devices.allSatisfy { description.bus($0.bus)?.isSimulated ?? false }
    }

    private func samplingRate(_ hertz: Double, _ label: String) throws(SamplingPlanError) -> SamplingRate {
        guard let rate = SamplingRate(hertz: hertz) else {
            throw SamplingPlanError(device: label, message: "sampling rate \(hertz) Hz is outside 0.001 Hz to 100 kHz")
        }
        return rate
    }

    /// A FIFO chip's expected watermark rate: its output data rate over the samples that raise the
    /// watermark, else an eighth of the output data rate.
    private func watermarkRate(_ driver: any SensorDriver) -> Double {
        let odr = driver.outputDataRateHz ?? 1
        guard let samples = (driver as? any FIFOSensorDriver)?.fifoWatermarkSamples else { return odr / 8 }
        return odr / Double(samples)
    }

    /// The input line wired to `pin` of `device`, requested with rising-edge events at the chip's
    /// polarity.
    private func inputLine(_ device: DeviceDescription, pin: String?, activeLow: Bool) throws(SamplingPlanError)
        -> any GPIOInputLine
    {
        guard let pin, let reference = device.interrupts[pin] else {
            throw SamplingPlanError(device: device.label, message: "no interrupt pin wired for sampling")
        }
        guard let chip = description.gpioChips.first(where: { $0.name == reference.chip }) else {
            throw SamplingPlanError(device: device.label, message: "no GPIO chip '\(reference.chip)'")
        }
        var settings = GPIOLineSettings.default
        settings.edges = .rising
        settings.activeLow = activeLow
        settings.consumer = "sensorgate \(device.label) \(pin)"
        do throws(HALError) {
            if let simulated = simulatedGPIO[chip.name] {
                return try simulated.requestInput("line\(reference.offset)", settings: settings)
            }
            guard let backend else {
                throw HALError(.unsupported, device: chip.path, operation: "request line", hint: "no hardware backend")
            }
            return try backend.gpioInput(chipPath: chip.path, offset: reference.offset, settings: settings)
        } catch {
            throw SamplingPlanError(device: device.label, message: "\(pin) on \(reference): \(error)")
        }
    }
}
