// SensorGate — command-line tests: sensorgate fuse on a tiny recording and on a broken one.

import Foundation
import Testing

@Suite struct FuseCommandTests {
    @Test func roundTripWritesOneUnitQuaternionPerRow() throws {
        let folder = FileManager.default.temporaryDirectory
        let input = folder.appendingPathComponent("fuse-in-\(getpid()).csv")
        let output = folder.appendingPathComponent("fuse-out-\(getpid()).csv")
        var text = "t,gyr_x,gyr_y,gyr_z,acc_x,acc_y,acc_z,mag_x,mag_y,mag_z\n"
        for i in 0..<50 { text += "\(Double(i) * 0.01),0,0,0,0,0,9.81,0,22,-38\n" }
        try text.write(to: input, atomically: true, encoding: .utf8)
        for filter in ["sensorgate", "madgwick", "mahony"] {
            let run = try sensorgate("fuse", "--input", input.path, "--filter", filter, "--output", output.path)
            #expect(run.status == 0, "\(run.stderr)")
            let rows = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
            #expect(rows.first == "t,w,x,y,z")
            #expect(rows.count == 51)
            let last = rows.last?.split(separator: ",").compactMap { Double($0) } ?? []
            #expect(last.count == 5)
            // Level and facing north: the identity.
            #expect(abs(abs(last[1]) - 1) < 1e-6, "\(filter): \(last)")
        }
    }

    @Test func badCSVIsOneLineNamingFileAndLine() throws {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("fuse-bad-\(getpid()).csv")
        try "t,gyr_x,gyr_y,gyr_z,acc_x,acc_y,acc_z,mag_x,mag_y,mag_z\n0,0,0,0,0,0,9.81,0,22,-38\n0.01,0,zero,0\n"
            .write(to: input, atomically: true, encoding: .utf8)
        let run = try sensorgate("fuse", "--input", input.path, "--output", "/tmp/unused-\(getpid()).csv")
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("sensorgate: \(input.path):3: expected 10") == true)
    }
}
