// SensorGate — Board: the `world:` section, what simulated chips measure.

import SensorMath
import World
import Yams

extension BoardLoader {
    static let worldKeys = ["seed", "site", "field", "motion", "atmosphere", "machine", "disturbances"]
    static let siteKeys = ["latitude-deg", "longitude-deg", "altitude-m"]
    static let fieldKeys = ["declination-deg", "inclination-deg", "intensity-ut"]
    static let motionKinds = ["rest", "rotation", "random", "vehicle"]
    static let motionKeys = [
        "kind", "start-s", "roll-deg", "pitch-deg", "yaw-deg", "axis", "rate-dps", "seed", "amplitude-deg",
        "bandwidth-hz", "translation-m", "cruise-mps", "speed-swing-mps", "yaw-rate-dps", "turn-period-s",
        "hill-height-m",
    ]
    static let atmosphereKeys = [
        "sea-level-pressure-pa", "pressure-trend-pa-per-h", "pressure-swing-pa", "pressure-swing-period-h",
        "temperature-c", "humidity-rh", "thermal-time-constant-s",
    ]
    static let machineKeys = [
        "shaft-hz", "imbalance-mps2", "misalignment-mps2", "resonance-hz", "ring-decay-s", "noise-rms-mps2",
        "bearing", "defects",
    ]
    static let bearingKeys = ["balls", "ball-diameter-mm", "pitch-diameter-mm", "contact-angle-deg"]
    static let defectKeys = ["site", "onset-s", "peak-mps2", "growth-per-h"]
    static let disturbanceKeys = ["start-s", "end-s", "field-ut"]

    /// Reads `world:` into a world model and the simulation seed.
    static func world(_ reader: NodeReader) throws(BoardError) -> (WorldModel, UInt64) {
        try reader.rejectUnknownKeys(worldKeys)
        var seed: UInt64 = 1
        if let (value, node) = try reader.optionalInteger("seed") {
            guard value >= 0 else { throw BoardError.at(node, file: reader.file, "'seed' must not be negative") }
            seed = UInt64(value)
        }
        var world = WorldModel()
        var siteAltitude = 0.0
        if let site = try reader.mapping("site") {
            try site.rejectUnknownKeys(siteKeys)
            let latitude = try site.number("latitude-deg", default: 52.5, in: -90...90, unit: "degrees")
            let longitude = try site.number("longitude-deg", default: 13.4, in: -180...180, unit: "degrees")
            siteAltitude = try site.number("altitude-m", default: 0, in: -500...9000, unit: "m")
            world.latitudeDeg = latitude
            world.earthField = EarthField(latitudeDeg: latitude, longitudeDeg: longitude)
        }
        if let field = try reader.mapping("field") {
            try field.rejectUnknownKeys(fieldKeys)
            world.earthField = EarthField(
                declinationDeg: try field.number("declination-deg", default: 0, in: -180...180, unit: "degrees"),
                inclinationDeg: try field.number("inclination-deg", default: 0, in: -90...90, unit: "degrees"),
                intensityMicrotesla: try field.number("intensity-ut", default: 50, in: 0...1000, unit: "µT"))
        }
        if let node = reader.value("motion") {
            world.motion = try motion(node, reader: reader, seed: seed)
        }
        world.atmosphere = try atmosphere(try reader.mapping("atmosphere"), siteAltitude: siteAltitude)
        if let machine = try reader.mapping("machine") { world.machine = try self.machine(machine, seed: seed) }
        for item in try reader.optionalList("disturbances") ?? [] {
            try item.rejectUnknownKeys(disturbanceKeys)
            let field = try item.optionalVector("field-ut") ?? [0, 0, 0]
            world.disturbances.append(
                MagneticDisturbance(
                    startS: try item.number("start-s", default: 0, in: 0...1e9, unit: "s"),
                    endS: try item.number("end-s", default: 1e9, in: 0...1e9, unit: "s"),
                    bodyMicrotesla: Vector3(field[0], field[1], field[2])))
        }
        return (world, seed)
    }

    /// One motion mapping, or a list of them with `start-s` as a timeline.
    private static func motion(_ node: Node, reader: NodeReader, seed: UInt64) throws(BoardError) -> any MotionProfile {
        if node.sequence != nil {
            var segments: [MotionTimeline.Segment] = []
            for item in try reader.optionalList("motion") ?? [] {
                let start = try item.number("start-s", default: 0, in: 0...1e9, unit: "s")
                segments.append(MotionTimeline.Segment(start: start, profile: try motionProfile(item, seed: seed)))
            }
            return MotionTimeline(segments: segments)
        }
        guard let single = try reader.mapping("motion") else { return RestMotion() }
        return try motionProfile(single, seed: seed)
    }

    private static func motionProfile(_ reader: NodeReader, seed: UInt64) throws(BoardError) -> any MotionProfile {
        try reader.rejectUnknownKeys(motionKeys)
        let kind = try reader.optionalString("kind") ?? "rest"
        let degrees = Double.pi / 180
        let attitude = Quaternion.euler(
            roll: try reader.number("roll-deg", default: 0, in: -360...360, unit: "degrees") * degrees,
            pitch: try reader.number("pitch-deg", default: 0, in: -360...360, unit: "degrees") * degrees,
            yaw: try reader.number("yaw-deg", default: 0, in: -360...360, unit: "degrees") * degrees)
        switch kind {
        case "rest":
            return RestMotion(attitude: attitude)
        case "rotation":
            let axis = try reader.optionalVector("axis") ?? [0, 0, 1]
            return AxisRotation(
                attitude: attitude, axis: Vector3(axis[0], axis[1], axis[2]),
                rateRadps: try reader.number("rate-dps", default: 10, in: -5000...5000, unit: "°/s") * degrees)
        case "random":
            let own = try reader.optionalInteger("seed").map { UInt64(max(0, $0.value)) }
            return SmoothRandomMotion(
                seed: own ?? seed, amplitudeRad: try reader.number("amplitude-deg", default: 30, in: 0...180) * degrees,
                bandwidthHz: try reader.number("bandwidth-hz", default: 1, in: 0.001...100, unit: "Hz"),
                translationM: try reader.number("translation-m", default: 0.05, in: 0...100, unit: "m"),
                attitude: attitude)
        case "vehicle":
            return VehicleMotion(
                cruiseMps: try reader.number("cruise-mps", default: 12, in: 0...100, unit: "m/s"),
                speedSwingMps: try reader.number("speed-swing-mps", default: 4, in: 0...100, unit: "m/s"),
                yawRateRadps: try reader.number("yaw-rate-dps", default: 11.5, in: 0...360, unit: "°/s") * degrees,
                turnPeriodS: try reader.number("turn-period-s", default: 30, in: 1...1e6, unit: "s"),
                hillHeightM: try reader.number("hill-height-m", default: 10, in: 0...1000, unit: "m"))
        default:
            throw BoardError.at(
                reader.value("kind") ?? reader.node, file: reader.file,
                "motion kind '\(kind)' is not one of \(motionKinds.joined(separator: ", "))"
                    + Suggestions.hint(for: kind, in: motionKinds))
        }
    }

    private static func atmosphere(_ reader: NodeReader?, siteAltitude: Double) throws(BoardError) -> Atmosphere {
        guard let reader else { return Atmosphere(siteAltitudeM: siteAltitude) }
        try reader.rejectUnknownKeys(atmosphereKeys)
        return Atmosphere(
            seaLevelPressurePa: try reader.number(
                "sea-level-pressure-pa", default: 101_325, in: 80_000...110_000, unit: "Pa"),
            siteAltitudeM: siteAltitude,
            pressureTrendPaPerHour: try reader.number("pressure-trend-pa-per-h", default: 0, in: -1000...1000),
            pressureSwingPa: try reader.number("pressure-swing-pa", default: 0, in: 0...5000, unit: "Pa"),
            pressureSwingPeriodHours: try reader.number("pressure-swing-period-h", default: 24, in: 0.01...10_000),
            temperatureC: try reader.number("temperature-c", default: 20, in: -60...150, unit: "°C"),
            humidityRH: try reader.number("humidity-rh", default: 45, in: 0...100, unit: "%RH"),
            thermalTimeConstantS: try reader.number("thermal-time-constant-s", default: 120, in: 0...1e6, unit: "s"))
    }

    private static func machine(_ reader: NodeReader, seed: UInt64) throws(BoardError) -> RotatingMachine {
        try reader.rejectUnknownKeys(machineKeys)
        var bearing = BearingGeometry.skf6205
        if let geometry = try reader.mapping("bearing") { bearing = try self.bearing(geometry) }
        var defects: [BearingDefect] = []
        for item in try reader.optionalList("defects") ?? [] {
            try item.rejectUnknownKeys(defectKeys)
            let siteName = try item.string("site")
            guard let site = BearingDefectSite(rawValue: siteName) else {
                let choices = BearingDefectSite.allCases.map(\.rawValue)
                throw BoardError.at(
                    item.value("site") ?? item.node, file: item.file,
                    "defect site '\(siteName)' is not one of \(choices.joined(separator: ", "))"
                        + Suggestions.hint(for: siteName, in: choices))
            }
            defects.append(
                BearingDefect(
                    site: site, onsetS: try item.number("onset-s", default: 0, in: 0...1e9, unit: "s"),
                    initialPeakMps2: try item.number("peak-mps2", default: 5, in: 0...10_000, unit: "m/s²"),
                    growthPerHour: try item.number("growth-per-h", default: 0, in: 0...1000)))
        }
        return RotatingMachine(
            shaftHz: try reader.number("shaft-hz", default: 29.95, in: 0.1...2000, unit: "Hz"),
            imbalanceMps2: try reader.number("imbalance-mps2", default: 0.5, in: 0...1000, unit: "m/s²"),
            misalignmentMps2: try reader.number("misalignment-mps2", default: 0.2, in: 0...1000, unit: "m/s²"),
            bearing: bearing, defects: defects,
            resonanceHz: try reader.number("resonance-hz", default: 3000, in: 10...100_000, unit: "Hz"),
            ringDecayS: try reader.number("ring-decay-s", default: 0.001, in: 1e-6...10, unit: "s"),
            noiseRmsMps2: try reader.number("noise-rms-mps2", default: 0.05, in: 0...1000, unit: "m/s²"),
            seed: seed)
    }

    /// A bearing's geometry (`balls`, `ball-diameter-mm`, `pitch-diameter-mm`, `contact-angle-deg`), each
    /// defaulting to the SKF 6205's.
    static func bearing(_ geometry: NodeReader) throws(BoardError) -> BearingGeometry {
        try geometry.rejectUnknownKeys(bearingKeys)
        return BearingGeometry(
            rollingElements: Int(try geometry.number("balls", default: 9, in: 3...100)),
            ballDiameterMm: try geometry.number("ball-diameter-mm", default: 7.94, in: 0.1...500, unit: "mm"),
            pitchDiameterMm: try geometry.number("pitch-diameter-mm", default: 39.04, in: 1...5000, unit: "mm"),
            contactAngleDeg: try geometry.number("contact-angle-deg", default: 0, in: 0...60, unit: "degrees"))
    }
}
