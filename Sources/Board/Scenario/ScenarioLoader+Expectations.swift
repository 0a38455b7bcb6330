// SensorGate — Board: the `expect:` section of scenario files.

import HAL

extension ScenarioLoader {
    static let checks = [
        "samples-lost", "orientation-error", "tilt-error", "altitude-error", "alarm", "deadline-misses",
        "bytes-per-hour",
        "memory", "uplink-back", "psm-time", "modem-energy",
    ]
    static let expectationKeys = [
        "check", "name", "device", "max-outside-faults", "below-deg", "below-m", "settle", "within",
        "threshold-mps2", "below", "above", "below-j",
    ]

    /// One `expect:` item.
    static func expectation(_ item: NodeReader, _ board: BoardDescription) throws(BoardError) -> Expectation {
        try item.rejectUnknownKeys(expectationKeys)
        let name = try item.string("check")
        let settle = try item.optionalDuration("settle", in: .zero...longest) ?? .seconds(10)
        let check: ExpectationCheck
        switch name {
        case "samples-lost":
            let bound = try item.optionalInteger("max-outside-faults")?.value ?? 0
            check = .samplesLost(maxOutside: max(0, bound))
        case "orientation-error":
            check = .orientationError(
                device: board.devices[try deviceIndex(item, board)].label,
                maxDeg: try required(item, "below-deg", in: 0...180), settle: settle)
        case "tilt-error":
            check = .tiltError(
                device: board.devices[try deviceIndex(item, board)].label,
                maxDeg: try required(item, "below-deg", in: 0...180), settle: settle)
        case "altitude-error":
            check = .altitudeError(
                device: board.devices[try deviceIndex(item, board)].label,
                maxM: try required(item, "below-m", in: 0...10_000), settle: settle)
        case "alarm":
            check = .alarm(
                device: board.devices[try deviceIndex(item, board)].label,
                within: try requiredDuration(item, "within", within: longest),
                thresholdMps2: try item.number("threshold-mps2", default: 1, in: 0...10_000, unit: "m/s²"))
        case "deadline-misses":
            check = .deadlineMisses(max: Int(try required(item, "below", in: 0...1e15)))
        case "bytes-per-hour":
            guard let bytes = try item.optionalBytes("below", in: 0...Int64.max) else {
                throw BoardError.at(item.node, file: item.file, "'below' is required (bytes, such as 20MB)")
            }
            check = .bytesPerHour(max: bytes)
        case "memory":
            guard let bytes = try item.optionalBytes("below", in: 0...Int64.max) else {
                throw BoardError.at(item.node, file: item.file, "'below' is required (bytes, such as 200MiB)")
            }
            check = .memory(maxBytes: bytes)
        case "uplink-back":
            check = .uplinkBack(within: try requiredDuration(item, "within", within: longest))
        case "psm-time":
            check = .psmTime(above: try requiredDuration(item, "above", within: longest))
        case "modem-energy":
            check = .modemEnergy(maxJoules: try required(item, "below-j", in: 0...1e12))
        default:
            throw BoardError.at(
                item.value("check") ?? item.node, file: item.file,
                "check '\(name)' is not one of \(checks.joined(separator: ", "))"
                    + Suggestions.hint(for: name, in: checks))
        }
        return Expectation(name: try item.optionalString("name") ?? name, check: check, location: location(item))
    }

    private static func required(_ item: NodeReader, _ key: String, in range: ClosedRange<Double>) throws(BoardError)
        -> Double
    {
        guard let value = try item.optionalNumber(key, in: range) else {
            throw BoardError.at(item.node, file: item.file, "'\(key)' is required for this check")
        }
        return value
    }
}
