// SensorGate — command-line tests: sensorgate bench fusion, with and without trials in BROAD's layout.

import Foundation
import Testing

@Suite struct BenchFusionCommandTests {
    /// A folder with one trial in BROAD's layout: an IMU held still, tilted, with its true orientation.
    static func trialFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-fusion-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Rotated 30° about x (IMU to ENU): q = (cos 15°, sin 15°, 0, 0); gravity and field seen in the IMU frame.
        let c = cos(Double.pi / 12)
        let s = sin(Double.pi / 12)
        let up = (0.0, 2 * s * c * 9.81, (c * c - s * s) * 9.81)
        let field = (0.0, (c * c - s * s) * 22 + 2 * s * c * -38.1, -2 * s * c * 22 + (c * c - s * s) * -38.1)
        var imu = "t,gyr_x,gyr_y,gyr_z,acc_x,acc_y,acc_z,mag_x,mag_y,mag_z\n"
        var gt = "t,w,x,y,z,movement\n"
        for i in 0..<2000 {
            let t = Double(i) * 0.0035
            imu += "\(t),0,0,0,\(up.0),\(up.1),\(up.2),\(field.0),\(field.1),\(field.2)\n"
            gt += i < 10 ? "\(t),nan,nan,nan,nan,0\n" : "\(t),\(c),\(s),0,0,\(i > 1000 ? 1 : 0)\n"
        }
        let name = "02_undisturbed_slow_rotation_B"
        try imu.write(to: folder.appendingPathComponent("\(name)_imu.csv"), atomically: true, encoding: .utf8)
        try gt.write(to: folder.appendingPathComponent("\(name)_gt.csv"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func jsonHasTheCostOfEveryFilterAndTheAccuracyPerTrial() throws {
        let folder = try Self.trialFolder()
        let run = try sensorgate("bench", "fusion", "--json", "--repeats", "1", "--data", folder.path)
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let costs = try #require(object["costs"] as? [[String: Any]])
        #expect(costs.count == 6)
        #expect(costs.allSatisfy { ($0["nsPerSample"] as? Double ?? 0) > 0 })
        let accuracy = try #require(object["accuracy"] as? [[String: Any]])
        #expect(accuracy.count == 6)
        let ours = try #require(accuracy.first { $0["filter"] as? String == "sensorgate" && $0["axes"] as? Int == 9 })
        // Held still at its true orientation from the first sample: the error is tiny.
        #expect((ours["totalDeg"] as? Double ?? 99) < 0.1)
    }

    @Test func withoutDataOnlyTheCostIsMeasured() throws {
        let run = try sensorgate("bench", "fusion", "--repeats", "1", "--data", "/nonexistent-\(getpid())")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("no BROAD trials found; accuracy skipped"))
        #expect(run.stdout.contains("sensorgate   9"))
    }
}
