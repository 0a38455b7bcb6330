// SensorGate — Board: validating the edge-processing sections: a device's `processing:` and
// `vibration:` blocks, and the board's `edge:` section (orientation, altitude).

import Edge
import SensorMath
import Yams

extension BoardLoader {
    static let edgeKeys = ["orientation", "altitude"]
    static let processingKeys = [
        "moving-average", "exponential-s", "median", "decimate", "deadband", "heartbeat-s", "high", "low",
        "hysteresis", "rate-limit", "rate-hysteresis", "rate-window-s",
    ]
    static let vibrationKeys = [
        "axes", "window-length", "overlap", "window", "velocity-band-hz", "bands-hz", "envelope-band-hz", "bearing",
        "shaft-hz", "defect-band-width", "defect-harmonics", "anomaly", "interval",
    ]
    static let orientationKeys = [
        "imu", "magnetometer", "filter", "rate-hz", "interval", "mag-hard-iron-ut", "mag-soft-iron", "mag-calibration",
    ]
    static let altitudeKeys = ["barometer", "sea-level-pa", "baro-noise-m", "accel-noise-mps2", "rate-hz", "interval"]

    /// A device's `processing:` block: channel name → settings.
    static func processing(_ reader: NodeReader) throws(BoardError) -> [ChannelProcessingDescription] {
        var result: [ChannelProcessingDescription] = []
        for (channel, block) in try reader.entries() {
            try block.rejectUnknownKeys(processingKeys)
            var settings = ChannelSettings()
            let smoothing = ["moving-average", "exponential-s", "median"].filter { block.value($0) != nil }
            if smoothing.count > 1 {
                throw BoardError.at(
                    block.node, file: block.file,
                    "'\(channel)' has \(smoothing.joined(separator: " and ")); choose one smoothing")
            }
            if let n = try block.optionalInteger("moving-average") {
                settings.smoothing = .movingAverage(samples: n.value)
            }
            if let n = try block.optionalInteger("median") { settings.smoothing = .median(samples: n.value) }
            if let tau = try block.optionalNumber("exponential-s", in: 0...86_400, unit: "s") {
                settings.smoothing = .exponential(timeConstantS: tau)
            }
            if let m = try block.optionalInteger("decimate") { settings.decimation = m.value }
            settings.deadband = try block.number("deadband", default: 0, in: 0...1e12)
            settings.heartbeatS = try block.number("heartbeat-s", default: 60, in: 0...86_400, unit: "s")
            settings.highLimit = try block.optionalNumber("high")
            settings.lowLimit = try block.optionalNumber("low")
            settings.hysteresis = try block.number("hysteresis", default: 0, in: 0...1e12)
            settings.rateLimitPerS = try block.optionalNumber("rate-limit")
            settings.rateHysteresisPerS = try block.number("rate-hysteresis", default: 0, in: 0...1e12)
            settings.rateWindowS = try block.number("rate-window-s", default: 1, in: 0.001...86_400, unit: "s")
            do { try settings.validate() } catch {
                throw BoardError.at(
                    block.value(error.setting) ?? block.node, file: block.file, "'\(channel)': \(error.problem)")
            }
            result.append(ChannelProcessingDescription(channel: channel, settings: settings, location: where_(block)))
        }
        return result
    }

    /// A device's `vibration:` block.
    static func vibration(_ reader: NodeReader) throws(BoardError) -> VibrationDescription {
        try reader.rejectUnknownKeys(vibrationKeys)
        var vibration = VibrationDescription(location: where_(reader))
        if let node = reader.value("axes") {
            let names = node.sequence?.compactMap { $0.scalar?.string } ?? []
            let axes = names.compactMap { ["x", "y", "z"].firstIndex(of: $0) }
            guard !axes.isEmpty, axes.count == names.count, Set(axes).count == axes.count,
                names.count == node.sequence?.count
            else {
                throw BoardError.at(
                    node, file: reader.file, "'axes' must be a list of distinct x, y, z, such as [x, z]")
            }
            vibration.axes = axes
        }
        if let n = try reader.optionalInteger("window-length") {
            guard n.value >= 16, n.value % 2 == 0, n.value <= 1 << 22 else {
                throw BoardError.at(
                    n.node, file: reader.file, "'window-length' must be even, 16 to 4194304 (e.g. 4096)")
            }
            vibration.windowLength = n.value
        }
        vibration.overlap = try reader.number("overlap", default: 0.5, in: 0...0.99)
        vibration.window = try choice(reader, "window", WindowFunction.self) ?? .hann
        vibration.velocityBandHz = try band(reader, "velocity-band-hz")
        vibration.envelopeBandHz = try band(reader, "envelope-band-hz")
        if let node = reader.value("bands-hz") {
            guard let items = node.sequence else {
                throw BoardError.at(node, file: reader.file, "'bands-hz' must be a list of [low, high] pairs")
            }
            for item in items { vibration.bandsHz.append(try band(item, reader.file, "bands-hz")) }
        }
        vibration.bearing = try bearing(reader)
        vibration.shaftHz = try reader.number("shaft-hz", default: 0, in: 0...10_000, unit: "Hz")
        vibration.defectBandHalfWidth = try reader.number("defect-band-width", default: 0.03, in: 0.001...0.49)
        if let n = try reader.optionalInteger("defect-harmonics") {
            guard (1...16).contains(n.value) else {
                throw BoardError.at(n.node, file: reader.file, "'defect-harmonics' must be from 1 to 16")
            }
            vibration.defectHarmonics = n.value
        }
        vibration.anomaly = try reader.optionalFlag("anomaly") ?? true
        vibration.interval =
            try reader.optionalDuration("interval", in: .milliseconds(100)...(.seconds(86_400))) ?? vibration.interval
        return vibration
    }

    /// The board's `edge:` section; the devices it names must exist.
    static func edge(_ reader: NodeReader, into board: inout BoardDescription) throws(BoardError) {
        try reader.rejectUnknownKeys(edgeKeys)
        let labels = board.devices.map(\.label)
        func device(_ block: NodeReader, _ key: String, required: Bool) throws(BoardError) -> String? {
            guard let label = required ? try block.string(key) : try block.optionalString(key) else { return nil }
            guard labels.contains(label) else {
                throw BoardError.at(
                    block.value(key) ?? block.node, file: block.file,
                    "no device '\(label)' in 'devices'\(Suggestions.hint(for: label, in: labels))")
            }
            return label
        }
        if let block = try reader.mapping("orientation") {
            try block.rejectUnknownKeys(orientationKeys)
            var orientation = OrientationDescription(imu: "", location: where_(block))
            orientation.imu = try device(block, "imu", required: true) ?? ""
            orientation.magnetometer = try device(block, "magnetometer", required: false)
            orientation.filter = try choice(block, "filter", OrientationFilterKind.self) ?? .sensorgate
            orientation.rateHz = try block.number("rate-hz", default: 10, in: 0.01...1000, unit: "Hz")
            orientation.interval =
                try block.optionalDuration("interval", in: .milliseconds(100)...(.seconds(86_400)))
                ?? orientation.interval
            orientation.magCalibration = try magCalibration(block, magnetometer: orientation.magnetometer)
            board.edge.orientation = orientation
        }
        if let block = try reader.mapping("altitude") {
            try block.rejectUnknownKeys(altitudeKeys)
            var altitude = AltitudeDescription(barometer: "", location: where_(block))
            altitude.barometer = try device(block, "barometer", required: true) ?? ""
            altitude.settings.seaLevelPa = try block.number(
                "sea-level-pa", default: altitude.settings.seaLevelPa, in: 30_000...120_000, unit: "Pa")
            altitude.settings.baroNoiseM = try block.number(
                "baro-noise-m", default: altitude.settings.baroNoiseM, in: 0.001...100, unit: "m")
            altitude.settings.accelNoiseMps2 = try block.number(
                "accel-noise-mps2", default: altitude.settings.accelNoiseMps2, in: 0.001...100, unit: "m/s²")
            altitude.rateHz = try block.number("rate-hz", default: 5, in: 0.01...1000, unit: "Hz")
            altitude.interval =
                try block.optionalDuration("interval", in: .milliseconds(100)...(.seconds(86_400)))
                ?? altitude.interval
            board.edge.altitude = altitude
        }
    }

    /// The magnetometer calibration keys of `edge: orientation:`, validated.
    private static func magCalibration(
        _ block: NodeReader, magnetometer: String?
    ) throws(BoardError) -> MagnetometerCalibration {
        var calibration = MagnetometerCalibration()
        let keys = ["mag-hard-iron-ut", "mag-soft-iron", "mag-calibration"]
        if magnetometer == nil, let key = keys.first(where: { block.value($0) != nil }), let node = block.value(key) {
            throw BoardError.at(
                node, file: block.file, "'\(key)' calibrates the magnetometer, but none is named: add 'magnetometer:'")
        }
        if let node = block.value("mag-hard-iron-ut") {
            guard let values = numbers(node), values.count == 3 else {
                throw BoardError.at(
                    node, file: block.file, "'mag-hard-iron-ut' must be [x, y, z] in µT, such as [12.5, -40, 3]")
            }
            calibration.hardIronUT = Vector3(values[0], values[1], values[2])
        }
        if let node = block.value("mag-soft-iron") {
            let rows = node.sequence?.map { numbers($0) } ?? []
            guard rows.count == 3, rows.allSatisfy({ $0?.count == 3 }) else {
                throw BoardError.at(
                    node, file: block.file,
                    "'mag-soft-iron' must be three rows of three numbers, such as [[1, 0, 0], [0, 1, 0], [0, 0, 1]]")
            }
            calibration.softIron = rows.map { row in Vector3(row?[0] ?? 0, row?[1] ?? 0, row?[2] ?? 0) }
        }
        calibration.mode = try choice(block, "mag-calibration", MagnetometerCalibration.Mode.self) ?? .online
        do { try calibration.validate() } catch {
            throw BoardError.at(
                block.value(error.setting) ?? block.node, file: block.file, "'\(error.setting)': \(error.problem)")
        }
        return calibration
    }

    /// The finite numbers of a flow sequence, or nil.
    private static func numbers(_ node: Node) -> [Double]? {
        guard let items = node.sequence else { return nil }
        let values = items.compactMap { $0.scalar.flatMap { Double($0.string) } }
        guard values.count == items.count, values.allSatisfy(\.isFinite) else { return nil }
        return values
    }

    /// `[low, high]` in Hz under `key`, or nil.
    private static func band(_ reader: NodeReader, _ key: String) throws(BoardError) -> FrequencyBand? {
        guard let node = reader.value(key) else { return nil }
        return try band(node, reader.file, key)
    }

    /// `[low, high]` in Hz from `node`, with 0 ≤ low < high.
    private static func band(_ node: Node, _ file: String, _ key: String) throws(BoardError) -> FrequencyBand {
        guard let items = node.sequence, items.count == 2,
            let low = items[0].scalar.flatMap({ Double($0.string) }),
            let high = items[1].scalar.flatMap({ Double($0.string) }), low.isFinite, high.isFinite, low >= 0,
            low < high
        else {
            throw BoardError.at(
                node, file: file, "'\(key)' must be [low, high] in Hz with 0 ≤ low < high, e.g. [10, 1000]")
        }
        return FrequencyBand(lowHz: low, highHz: high)
    }

    /// `bearing: skf6205` or `bearing: {balls, ball-diameter-mm, pitch-diameter-mm, contact-angle-deg}` (as in
    /// the world's machine).
    private static func bearing(_ reader: NodeReader) throws(BoardError) -> BearingGeometry? {
        guard let node = reader.value("bearing") else { return nil }
        if let name = node.scalar?.string {
            guard name == "skf6205" else {
                throw BoardError.at(
                    node, file: reader.file,
                    "unknown bearing '\(name)'; use skf6205 or {balls, ball-diameter-mm, pitch-diameter-mm, contact-angle-deg}"
                )
            }
            return .skf6205
        }
        guard let block = try reader.mapping("bearing") else { return nil }
        return try bearing(block)
    }
}
