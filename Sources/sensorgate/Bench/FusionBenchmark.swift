// SensorGate — sensorgate bench fusion: per-update cost of the orientation filters, and their BROAD accuracy.

import ArgumentParser
import Edge
import Foundation
import SensorMath

/// `sensorgate bench fusion [--data DIR] [--json] [--repeats N]`.
struct BenchFusion: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fusion",
        abstract: "Nanoseconds per update of each orientation filter, and its accuracy on the BROAD trials.",
        discussion: """
            Cost: each filter (sensorgate, madgwick, mahony; 9- and 6-axis) runs over a recording held in memory \
            (the first BROAD trial, or a synthetic rotation when the data is absent); the fastest of --repeats \
            runs (thread CPU time) is reported, in ns per sample and updates per second on one core. Build with -c release. \
            Accuracy (when DIR has the BROAD trials): total, heading and inclination RMSE in degrees over the \
            movement = 1 samples, error = q_est ⊗ q_gt⁻¹, as BROAD defines it; 6-axis after removing one \
            constant heading offset. Scripts/bench-fusion adds the public peers (VQF, imufusion, ahrs).
            """)

    @Option(help: ArgumentHelp("The BROAD trials (CSV, as in ../shared/data/imu).", valueName: "DIR"))
    var data = "../shared/data/imu"

    @Flag(help: "Print JSON instead of the tables.")
    var json = false

    @Option(help: "Time each filter N times and keep the fastest.")
    var repeats = 5

    func run() throws {
        try reportingFailures {
            guard repeats >= 1 else { throw Failure("--repeats must be ≥ 1") }
            let trials = BROADTrial.names.filter {
                FileManager.default.fileExists(atPath: "\(data)/\($0)_imu.csv")
            }
            let loaded = try trials.map { try BROADTrial.load(directory: data, name: $0) }
            let timing = loaded.first?.imu ?? IMURecording.syntheticRotation(samples: 50_000)
            var costs: [FusionCost] = []
            for name in FilterName.allCases {
                for mag in [true, false] {
                    costs.append(FusionCost.measure(name, recording: timing, useMag: mag, repeats: repeats))
                }
            }
            var accuracy: [FusionAccuracy] = []
            for trial in loaded {
                for name in FilterName.allCases {
                    for mag in [true, false] {
                        let q = name.run(trial.imu, useMag: mag)
                        accuracy.append(trial.score(q, filter: name.rawValue, useMag: mag))
                    }
                }
            }
            let report = FusionReport(
                timingSource: loaded.first.map { $0.name } ?? "synthetic", costs: costs, accuracy: accuracy,
                dataNote: loaded.isEmpty ? "\(data): no BROAD trials found; accuracy skipped" : nil)
            print(json ? try report.json() : report.text())
        }
    }
}

/// One filter's cost per update.
struct FusionCost: Codable {
    let filter: String
    let axes: Int
    let nsPerSample: Double
    let updatesPerSecond: Double

    /// Times `name` over `recording` `repeats` times (the filter and inputs in memory) and keeps the fastest.
    static func measure(_ name: FilterName, recording: IMURecording, useMag: Bool, repeats: Int) -> FusionCost {
        // The thread's CPU time, not the wall clock: on a machine shared with other work a run that spans
        // several scheduler slices would otherwise count the time other processes ran.
        var best = Double.infinity
        var sink = 0.0
        for _ in 0..<repeats {
            let start = threadCPUSeconds()
            sink += name.runDiscarding(recording, useMag: useMag)
            best = min(best, threadCPUSeconds() - start)
        }
        let seconds = best
        let ns = seconds * 1e9 / Double(max(recording.t.count, 1))
        // `sink` keeps the optimiser from dropping the work; it is a sum of unit quaternion components.
        return FusionCost(
            filter: name.rawValue, axes: useMag ? 9 : 6, nsPerSample: sink.isNaN ? .nan : ns, updatesPerSecond: 1e9 / ns
        )
    }
}

/// One filter on one trial, BROAD's metric.
struct FusionAccuracy: Codable {
    let trial: String
    let filter: String
    let axes: Int
    let totalDeg: Double
    let headingDeg: Double
    let inclinationDeg: Double
}

/// A BROAD trial: the recording and its ground truth.
struct BROADTrial {
    static let names = [
        "02_undisturbed_slow_rotation_B", "09_undisturbed_fast_rotation_with_breaks_B",
        "16_undisturbed_fast_translation_B", "30_disturbed_stationary_magnet_C",
    ]

    let name: String
    let imu: IMURecording
    /// Ground truth per sample, nil where the optical markers dropped out.
    let truth: [Quaternion?]
    let movement: [Bool]

    /// Reads `<name>_imu.csv` and `<name>_gt.csv`; errors name the file and line.
    static func load(directory: String, name: String) throws -> BROADTrial {
        let imu = try IMURecording.read(path: "\(directory)/\(name)_imu.csv")
        let path = "\(directory)/\(name)_gt.csv"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure("\(path): cannot read the file (check the path)")
        }
        var truth: [Quaternion?] = []
        var movement: [Bool] = []
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated().dropFirst() {
            let fields = line.split(separator: ",")
            guard fields.count == 6, let flag = Double(fields[5]) else {
                throw Failure("\(path):\(index + 1): expected t,w,x,y,z,movement")
            }
            let v = fields[1...4].map { Double($0) ?? .nan }
            truth.append(v.allSatisfy(\.isFinite) ? Quaternion(w: v[0], x: v[1], y: v[2], z: v[3]) : nil)
            movement.append(flag == 1)
        }
        guard truth.count == imu.t.count else {
            throw Failure("\(path): \(truth.count) rows, but the IMU file has \(imu.t.count)")
        }
        return BROADTrial(name: name, imu: imu, truth: truth, movement: movement)
    }

    /// BROAD's errors of `estimate`: e = q_est ⊗ q_gt⁻¹ over movement samples with ground truth; total angle,
    /// heading (about ENU z) and inclination RMSE in degrees. Without the magnetometer one constant heading
    /// offset (the circular mean of the heading errors) is removed first.
    func score(_ estimate: [Quaternion], filter: String, useMag: Bool) -> FusionAccuracy {
        var errors: [Quaternion] = []
        for i in estimate.indices where movement[i] {
            guard let gt = truth[i] else { continue }
            errors.append(estimate[i] * gt.conjugate)
        }
        if !useMag {
            var s = 0.0
            var c = 0.0
            for e in errors {
                let h = 2 * atan2(e.z, e.w)
                s += sin(h)
                c += cos(h)
            }
            let offset = atan2(s, c)
            let turn = Quaternion(w: cos(-offset / 2), x: 0, y: 0, z: sin(-offset / 2))
            errors = errors.map { turn * $0 }
        }
        var total = 0.0
        var heading = 0.0
        var inclination = 0.0
        for e in errors {
            let t = 2 * acos(min(abs(e.w), 1))
            var h = abs(2 * atan2(e.z, e.w))
            h = min(h, 2 * .pi - h)
            let i = 2 * acos(min((e.w * e.w + e.z * e.z).squareRoot(), 1))
            total += t * t
            heading += h * h
            inclination += i * i
        }
        let n = Double(max(errors.count, 1))
        func degrees(_ sum: Double) -> Double { (sum / n).squareRoot() * 180 / .pi }
        return FusionAccuracy(
            trial: name, filter: filter, axes: useMag ? 9 : 6, totalDeg: degrees(total), headingDeg: degrees(heading),
            inclinationDeg: degrees(inclination))
    }
}

/// The cost and accuracy tables.
struct FusionReport: Codable {
    let timingSource: String
    let costs: [FusionCost]
    let accuracy: [FusionAccuracy]
    let dataNote: String?

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    func text() -> String {
        var lines = [
            "update cost on one core (\(timingSource), in memory, fastest run)",
            "  filter       axes  ns/sample   updates/s",
        ]
        for c in costs {
            lines.append(
                "  " + c.filter.padding(toLength: 12, withPad: " ", startingAt: 0) + " \(c.axes)"
                    + String(format: "%11.1f %11.3g", c.nsPerSample, c.updatesPerSecond))
        }
        if let dataNote { lines.append(dataNote) }
        guard !accuracy.isEmpty else { return lines.joined(separator: "\n") }
        let trials = BROADTrial.names.filter { name in accuracy.contains { $0.trial == name } }
        lines.append("")
        lines.append("BROAD total RMSE (°), heading / inclination in parentheses; mean over the trials first")
        lines.append(
            "  filter       axes   mean  "
                + trials.map { String($0.prefix(2)).padding(toLength: 20, withPad: " ", startingAt: 0) }.joined())
        for name in FilterName.allCases {
            for axes in [9, 6] {
                let rows = trials.compactMap { trial in
                    accuracy.first { $0.trial == trial && $0.filter == name.rawValue && $0.axes == axes }
                }
                let mean = rows.map(\.totalDeg).reduce(0, +) / Double(max(rows.count, 1))
                let cells = rows.map {
                    String(format: "%5.2f (%5.2f/%5.2f) ", $0.totalDeg, $0.headingDeg, $0.inclinationDeg)
                }
                lines.append(
                    "  " + name.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0) + " \(axes)"
                        + String(format: "  %6.2f  ", mean) + cells.joined())
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension IMURecording {
    /// A smooth rotation about a slowly turning axis, 285.714 Hz, with gravity and a 44 µT field: timing input
    /// when no recording is at hand.
    static func syntheticRotation(samples: Int) -> IMURecording {
        var r = IMURecording()
        var q = Quaternion.identity
        let dt = 0.0035
        for i in 0..<samples {
            let t = Double(i) * dt
            let rate = Vector3(sin(0.7 * t), cos(0.5 * t), 0.3 * sin(0.2 * t)) * 2
            q = (q * Quaternion.exp(rate * dt)).normalized
            r.t.append(t)
            r.gyro.append(rate)
            r.accel.append(q.conjugate.rotate(Vector3(0, 0, 9.81)))
            r.mag.append(q.conjugate.rotate(Vector3(0, 22, -38.1)))
        }
        return r
    }
}

extension FilterName {
    /// Runs the filter over the recording without keeping the orientations; returns the sum of the last
    /// orientation's components so the work cannot be optimised away.
    func runDiscarding(_ recording: IMURecording, useMag: Bool) -> Double {
        func loop<F: OrientationFilter>(_ filter: inout F) -> Double {
            let count = recording.t.count
            recording.t.withUnsafeBufferPointer { t in
                recording.gyro.withUnsafeBufferPointer { g in
                    recording.accel.withUnsafeBufferPointer { a in
                        recording.mag.withUnsafeBufferPointer { m in
                            for i in 0..<count {
                                let dt = i == 0 ? 0 : t[i] - t[i - 1]
                                filter.update(gyroRadps: g[i], accelMps2: a[i], magUT: useMag ? m[i] : nil, dtS: dt)
                            }
                        }
                    }
                }
            }
            let q = filter.orientation
            return q.w + q.x + q.y + q.z
        }
        switch self {
        case .sensorgate:
            var f = SensorGateFilter()
            return loop(&f)
        case .madgwick:
            var f = MadgwickFilter()
            return loop(&f)
        case .mahony:
            var f = MahonyFilter()
            return loop(&f)
        }
    }
}
