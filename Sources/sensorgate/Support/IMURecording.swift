// SensorGate — sensorgate: IMU recordings in the CSV layout of ../shared/data/imu, and the filters by name.

import Edge
import Foundation
import SensorMath

/// One IMU recording: t, gyr_x..z (rad/s), acc_x..z (m/s²), mag_x..z (µT), one row per sample.
struct IMURecording {
    var t: [Double] = []
    var gyro: [Vector3] = []
    var accel: [Vector3] = []
    var mag: [Vector3] = []

    /// Reads a recording; errors name the file and line.
    static func read(path: String) throws -> IMURecording {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure("\(path): cannot read the file (check the path)")
        }
        var recording = IMURecording()
        var lineNumber = 0
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let text = line.hasSuffix("\r") ? line.dropLast() : line[...]
            if lineNumber == 1 {
                guard text.hasPrefix("t,gyr_x,gyr_y,gyr_z,acc_x,acc_y,acc_z") else {
                    throw Failure(
                        "\(path):1: expected the header t,gyr_x,gyr_y,gyr_z,acc_x,acc_y,acc_z,mag_x,mag_y,mag_z")
                }
                continue
            }
            if text.isEmpty { continue }
            let fields = text.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 10 else {
                throw Failure("\(path):\(lineNumber): expected 10 comma-separated values, found \(fields.count)")
            }
            var values = [Double](repeating: 0, count: 10)
            for (index, field) in fields.enumerated() {
                guard let value = Double(field.trimmingCharacters(in: .whitespaces)), value.isFinite else {
                    throw Failure("\(path):\(lineNumber): value \(index + 1) '\(field)' is not a finite number")
                }
                values[index] = value
            }
            if let last = recording.t.last, values[0] < last {
                throw Failure("\(path):\(lineNumber): time \(values[0]) goes backwards (previous \(last))")
            }
            recording.t.append(values[0])
            recording.gyro.append(Vector3(values[1], values[2], values[3]))
            recording.accel.append(Vector3(values[4], values[5], values[6]))
            recording.mag.append(Vector3(values[7], values[8], values[9]))
        }
        guard !recording.t.isEmpty else { throw Failure("\(path): no samples after the header") }
        return recording
    }

    /// Runs `filter` over every sample and returns its orientation after each one.
    func fuse<F: OrientationFilter>(_ filter: inout F, useMag: Bool) -> [Quaternion] {
        var out = [Quaternion]()
        out.reserveCapacity(t.count)
        for i in t.indices {
            let dt = i == 0 ? 0 : t[i] - t[i - 1]
            filter.update(gyroRadps: gyro[i], accelMps2: accel[i], magUT: useMag ? mag[i] : nil, dtS: dt)
            out.append(filter.orientation)
        }
        return out
    }
}

/// The filters `fuse` and `bench` know by name.
enum FilterName: String, CaseIterable {
    case sensorgate, madgwick, mahony

    /// Runs the named filter over a recording.
    func run(_ recording: IMURecording, useMag: Bool) -> [Quaternion] {
        switch self {
        case .sensorgate:
            var f = SensorGateFilter()
            return recording.fuse(&f, useMag: useMag)
        case .madgwick:
            var f = MadgwickFilter()
            return recording.fuse(&f, useMag: useMag)
        case .mahony:
            var f = MahonyFilter()
            return recording.fuse(&f, useMag: useMag)
        }
    }
}
