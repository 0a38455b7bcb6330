// SensorGate — Board: validating `sample:` of a device and the board's `sampling:` section.

import Drivers
import HALSim
import Yams

extension BoardLoader {
    static let sampleKeys = ["rate-hz", "trigger", "pin"]
    static let samplingKeys = ["realtime-priority", "lock-memory", "cpus", "cpu-latency-us"]

    /// A device's `sample:` section, checked against its chip's pins and FIFO.
    static func deviceSampling(_ reader: NodeReader, _ description: DeviceDescription) throws(BoardError)
        -> DeviceSampling?
    {
        guard let sample = try reader.mapping("sample") else { return nil }
        try sample.rejectUnknownKeys(sampleKeys)
        var sampling = DeviceSampling(location: location(of: sample))
        sampling.rateHz = try sample.optionalNumber("rate-hz", in: 0.001...100_000, unit: "Hz")
        if let trigger = try sample.optionalString("trigger") {
            guard let kind = SampleTriggerKind(rawValue: trigger) else {
                let names = SampleTriggerKind.allCases.map(\.rawValue)
                throw BoardError.at(
                    sample.value("trigger") ?? sample.node, file: sample.file,
                    "unknown trigger '\(trigger)'\(Suggestions.hint(for: trigger, in: names)); "
                        + "use \(names.joined(separator: ", "))")
            }
            sampling.trigger = kind
        }
        let wired = description.interrupts.keys.sorted()
        if let pin = try sample.optionalString("pin") {
            guard wired.contains(pin) else {
                throw BoardError.at(
                    sample.value("pin") ?? sample.node, file: sample.file,
                    "pin '\(pin)' is not wired: add it to the device's 'interrupts'"
                        + (wired.isEmpty ? "" : " (wired: \(wired.joined(separator: ", ")))"))
            }
            sampling.pin = pin
        }
        switch sampling.trigger {
        case .poll:
            break
        case .dataReady:
            guard sampling.pin != nil || wired.count == 1 else {
                throw BoardError.at(
                    sample.node, file: sample.file,
                    "data-ready sampling needs the chip's data-ready pin in 'interrupts'"
                        + (wired.count > 1 ? " and 'pin' to say which" : ""))
            }
            sampling.pin = sampling.pin ?? wired.first
        case .fifo:
            if sampling.pin == nil, wired.count == 1 { sampling.pin = wired.first }
            guard sampling.pin != nil || sampling.rateHz != nil else {
                throw BoardError.at(
                    sample.node, file: sample.file,
                    "FIFO sampling needs a watermark pin in 'interrupts' or a drain rate in 'rate-hz'")
            }
            guard let entry = ChipRegistry.entry(description.compatible),
                (try? entry.makeDriver(inertAttachment(entry), VirtualClock(), ChipOptions(description.settings)))
                    is any FIFOSensorDriver
            else {
                throw BoardError.at(
                    sample.value("trigger") ?? sample.node, file: sample.file,
                    "\(description.compatible) has no FIFO; use trigger poll or data-ready")
            }
        }
        return sampling
    }

    /// The board's `sampling:` section.
    static func sampling(_ reader: NodeReader) throws(BoardError) -> SamplingDescription {
        try reader.rejectUnknownKeys(samplingKeys)
        var sampling = SamplingDescription()
        sampling.location = location(of: reader)
        if let (priority, node) = try reader.optionalInteger("realtime-priority") {
            guard (1...99).contains(priority) else {
                throw BoardError.at(node, file: reader.file, "'realtime-priority' must be 1 to 99 (SCHED_FIFO)")
            }
            sampling.realtimePriority = priority
        }
        sampling.lockMemory = try reader.optionalFlag("lock-memory") ?? false
        if let (latency, node) = try reader.optionalInteger("cpu-latency-us") {
            guard (0...2_000_000_000).contains(latency) else {
                throw BoardError.at(
                    node, file: reader.file,
                    "'cpu-latency-us' must be 0 to 2000000000 µs (0 keeps the CPUs out of idle)")
            }
            sampling.cpuLatencyMicroseconds = latency
        }
        if let node = reader.value("cpus") {
            guard case .sequence(let sequence) = node else {
                throw BoardError.at(node, file: reader.file, "'cpus' must be a list of CPU numbers, such as [1]")
            }
            for item in sequence {
                guard case .scalar(let scalar) = item, let cpu = Int(scalar.string), (0...1023).contains(cpu) else {
                    throw BoardError.at(item, file: reader.file, "a CPU number must be an integer from 0 to 1023")
                }
                sampling.cpus.append(cpu)
            }
        }
        return sampling
    }

    private static func location(of reader: NodeReader) -> SourceLocation {
        SourceLocation(file: reader.file, line: reader.node.mark?.line ?? 0, column: reader.node.mark?.column ?? 0)
    }
}
