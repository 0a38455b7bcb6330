// SensorGate — command-line tests: sensorgate codec encode/decode on CSV files.

import Foundation
import Testing

@Suite struct CodecCommandTests {
    /// A scratch folder for one test.
    private func folder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("codec-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func explicitTimestampsRoundTripThroughTheBinaryFile() throws {
        let dir = try folder("roundtrip")
        defer { try? FileManager.default.removeItem(at: dir) }
        let schema = dir.appendingPathComponent("schema.json")
        try """
        {"rate_hz": 100.0, "timestamps": "explicit",
         "channels": [{"name": "gyr_x", "unit": "deg/s", "lsb": 0.06103515625},
                      {"name": "acc_z", "unit": "g", "lsb": 0.00048828125}]}
        """.write(to: schema, atomically: true, encoding: .utf8)
        var csv = "t_us,gyr_x,acc_z\n"
        for row in 0..<250 {
            let time = row * 10079 + (row % 3 == 0 ? 1 : 0)
            csv += "\(time),\(Double(row % 17 - 8) * 0.06103515625),\(0.998 + Double(row % 5) * 0.00048828125)\n"
        }
        let input = dir.appendingPathComponent("batch.csv")
        try csv.write(to: input, atomically: true, encoding: .utf8)
        let bin = dir.appendingPathComponent("batch.bin")
        let output = dir.appendingPathComponent("decoded.csv")
        let encode = try sensorgate(
            "codec", "encode", "--schema", schema.path, "--input", input.path, "--output", bin.path)
        #expect(encode.status == 0 && encode.stderr.isEmpty)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: bin.path)[.size] as? Int)
        #expect(size > 0 && size < 250 * 2 * 2)
        let decode = try sensorgate(
            "codec", "decode", "--schema", schema.path, "--input", bin.path, "--output", output.path)
        #expect(decode.status == 0 && decode.stderr.isEmpty)
        let original = csv.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",").map { Double($0) ?? .nan }
        }
        let decoded = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
        #expect(decoded.first == "t_us,gyr_x,acc_z")
        let values = decoded.dropFirst().map { $0.split(separator: ",").map { Double($0) ?? .nan } }
        #expect(values.count == original.count)
        for (a, b) in zip(values, original) {
            #expect(a[0] == b[0])
            #expect(abs(a[1] - b[1]) < 0.06103515625 / 2 && abs(a[2] - b[2]) < 0.00048828125 / 2)
        }
    }

    @Test func aBadCSVLineIsOneClearLine() throws {
        let dir = try folder("badcsv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let schema = dir.appendingPathComponent("schema.json")
        try """
        {"rate_hz": 285.714, "timestamps": "uniform", "channels": [{"name": "acc_x", "unit": "m/s^2", "lsb": 0.00479}]}
        """.write(to: schema, atomically: true, encoding: .utf8)
        let input = dir.appendingPathComponent("batch.csv")
        try "acc_x\n0.1\n0.2\nabc\n".write(to: input, atomically: true, encoding: .utf8)
        let run = try sensorgate(
            "codec", "encode", "--schema", schema.path, "--input", input.path, "--output",
            dir.appendingPathComponent("batch.bin").path)
        #expect(run.status == 1)
        #expect(run.stderr == "sensorgate: \(input.path):4: acc_x \"abc\" is not a number\n")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("batch.bin").path))
    }

    @Test func aDamagedBinaryFileIsOneClearLine() throws {
        let dir = try folder("badbin")
        defer { try? FileManager.default.removeItem(at: dir) }
        let schema = dir.appendingPathComponent("schema.json")
        try """
        {"rate_hz": 1, "timestamps": "uniform", "channels": [{"name": "t", "unit": "degC", "lsb": 0.01}]}
        """.write(to: schema, atomically: true, encoding: .utf8)
        let bin = dir.appendingPathComponent("batch.bin")
        try Data([0x70, 0x00, 0x05, 0x00, 0x09, 0x01]).write(to: bin)  // format 3, truncated
        let run = try sensorgate(
            "codec", "decode", "--schema", schema.path, "--input", bin.path, "--output",
            dir.appendingPathComponent("out.csv").path)
        #expect(run.status == 1)
        #expect(
            run.stderr
                == "sensorgate: \(bin.path): body has 1 of its 9 bytes; the file is not a batch of this schema, or it is damaged\n"
        )
    }
}
