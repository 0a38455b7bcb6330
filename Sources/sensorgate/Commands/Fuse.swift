// SensorGate — sensorgate fuse: offline orientation fusion of an IMU recording.

import ArgumentParser
import Foundation

/// `sensorgate fuse --input IMU.csv --filter NAME --output QUAT.csv [--no-mag]`.
struct Fuse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run an orientation filter over an IMU recording and write its quaternions.",
        discussion: """
            The input has the columns t,gyr_x,gyr_y,gyr_z (rad/s),acc_x,acc_y,acc_z (m/s²),mag_x,mag_y,mag_z (µT). \
            The output has t,w,x,y,z, one row per input row: the unit quaternion (scalar first) that rotates \
            IMU-frame vectors into East-North-Up. Filters: \(FilterName.allCases.map(\.rawValue).joined(separator: ", ")).
            """)

    @Option(name: .long, help: ArgumentHelp("The IMU recording (CSV).", valueName: "IMU.csv"))
    var input: String

    @Option(name: .long, help: ArgumentHelp("The filter: sensorgate, madgwick or mahony.", valueName: "NAME"))
    var filter = "sensorgate"

    @Option(name: .long, help: ArgumentHelp("Where to write the quaternions (CSV).", valueName: "QUAT.csv"))
    var output: String

    @Flag(name: .customLong("no-mag"), help: "Ignore the magnetometer (6-axis fusion; arbitrary heading).")
    var noMag = false

    func run() throws {
        try reportingFailures {
            guard let name = FilterName(rawValue: filter) else {
                let known = FilterName.allCases.map(\.rawValue).joined(separator: ", ")
                throw Failure("--filter \(filter): unknown filter (use one of \(known))")
            }
            let recording = try IMURecording.read(path: input)
            let quaternions = name.run(recording, useMag: !noMag)
            var text = "t,w,x,y,z\n"
            text.reserveCapacity(recording.t.count * 64)
            for (t, q) in zip(recording.t, quaternions) {
                text += "\(t),\(q.w),\(q.x),\(q.y),\(q.z)\n"
            }
            guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8)) else {
                throw Failure("\(output): cannot write the file (check the folder exists and is writable)")
            }
        }
    }
}
