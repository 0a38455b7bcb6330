// SensorGate — command-line tests: the built sensorgate binary, as scripts and people run it.

import Foundation
import Testing

/// The result of running the binary.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Runs `sensorgate` with `arguments` from the repository root.
func sensorgate(_ arguments: String...) throws -> Run {
    try sensorgate(under: [], arguments)
}

/// Runs `sensorgate` with `arguments` from the repository root, under `wrapper` (a tool and its
/// arguments, such as `setpriv …`, which runs the binary) when one is given.
func sensorgate(under wrapper: [String], _ arguments: [String]) throws -> Run {
    // The binary sits beside the test bundle in the build folder (Scripts/test builds it first).
    let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [folder, folder.deletingLastPathComponent()].map { $0.appendingPathComponent("sensorgate") }
    let binary = try #require(
        candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
        "build the sensorgate product first (swift build; Scripts/test does)")
    let process = Process()
    if let tool = wrapper.first {
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = Array(wrapper.dropFirst()) + [binary.path] + arguments
    } else {
        process.executableURL = binary
        process.arguments = arguments
    }
    process.currentDirectoryURL = repositoryRoot
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
        status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
        stderr: String(decoding: stderr, as: UTF8.self))
}

@Suite struct CommandLineTests {
    @Test func versionAndHelp() throws {
        let version = try sensorgate("--version")
        #expect(version.status == 0 && version.stdout == "0.1.0\n")
        let help = try sensorgate("--help")
        #expect(help.status == 0 && help.stdout.contains("probe") && help.stdout.contains("Scan I2C buses"))
    }

    @Test func missingAdapterIsOneClearLineAndExitOne() throws {
        let run = try sensorgate("probe", "--bus", "/dev/i2c-99")
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("sensorgate: /dev/i2c-99: open: not found (errno 2 ENOENT): ") == true)
    }

    @Test func referenceBoardProbesCleanInTextAndJSON() throws {
        let text = try sensorgate("probe", "--board", "Boards/sim-reference.yaml")
        #expect(text.status == 0)
        #expect(text.stdout.components(separatedBy: "\n  ok ").count - 1 == 9)
        #expect(text.stdout.contains("70: -- -- -- -- -- -- 76 77"))
        let json = try sensorgate("probe", "--json", "--board", "Boards/sim-reference.yaml")
        #expect(json.status == 0)
        let objects = try json.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String])
        }
        #expect(objects.count == 9)
        #expect(objects.allSatisfy { $0["status"] == "ok" })
        #expect(objects.first { $0["sensor"] == "barometer" }?["address"] == "0x76")
    }

    @Test func miswiredBoardReportsEachProblemAndFails() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("miswired-\(getpid()).yaml")
        try """
        board: {name: miswired}
        buses:
          i2c0: {type: i2c, path: "sim:i2c0"}
        devices:
          barometer:
            compatible: bosch,bmp280
            bus: i2c0
            address: 0x76
            sim: {fitted: "bosch,bme280"}
          temperature:
            compatible: ti,tmp117
            bus: i2c0
            address: 0x48
            sim: {fitted: none}
        """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try sensorgate("probe", "--board", file.path)
        #expect(run.status == 1)
        #expect(
            run.stdout.contains(
                "WRONG    barometer    bosch,bmp280 at i2c0 0x76: answered id 0x60 at 0xd0; it looks like bosch,bme280")
        )
        #expect(run.stdout.contains("MISSING  temperature  ti,tmp117 at i2c0 0x48"))
        #expect(run.stderr == "sensorgate: \(file.path): 2 of 2 devices missing, wrong or unreachable\n")
    }

    @Test func badBoardFileIsOneLineWithItsPosition() throws {
        let run = try sensorgate("probe", "--board", "Tests/sensorgateTests/Fixtures/typo.yaml")
        #expect(run.status == 1)
        #expect(
            run.stderr
                == "sensorgate: Tests/sensorgateTests/Fixtures/typo.yaml:6:5: unknown key 'paht' in 'buses.i2c0'; "
                + "did you mean 'path'?; expected one of: type, path\n")
    }

    @Test func busAndBoardTogetherIsAUsageError() throws {
        let run = try sensorgate("probe", "--bus", "/dev/i2c-1", "--board", "Boards/sim-reference.yaml")
        #expect(run.status == 64)
        #expect(run.stderr.contains("give exactly one of --bus PATH or --board FILE"))
    }

    @Test func simulatedBusNeedsItsBoard() throws {
        let run = try sensorgate("probe", "--bus", "sim:i2c0")
        #expect(run.status == 1)
        #expect(run.stderr == "sensorgate: sim:i2c0: simulated buses exist only inside a board; use --board FILE\n")
    }
}
