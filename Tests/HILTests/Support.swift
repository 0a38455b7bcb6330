// SensorGate — HIL tests: shared helpers.

import Board
import Foundation
import HAL
import HIL

#if canImport(Glibc)
    import Glibc
#endif

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A shipped scenario's path.
func scenarioPath(_ name: String) -> String {
    repositoryRoot.appendingPathComponent("Boards/scenarios/\(name).yaml").path
}

/// Every shipped scenario file.
let shippedScenarios: [String] = {
    let folder = repositoryRoot.appendingPathComponent("Boards/scenarios")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0).path }
}()

/// Parses scenario text placed in Boards/scenarios (so that `board: ../X.yaml` resolves).
func parseScenario(_ text: String, name: String = "test.yaml") throws(BoardError) -> ScenarioDescription {
    try ScenarioLoader.parse(text, file: repositoryRoot.appendingPathComponent("Boards/scenarios/\(name)").path) {
        (path) throws(BoardError) in try BoardLoader.load(path: path)
    }
}

/// Runs a scenario, optionally shortened; the wall time goes to standard error for the record.
func runScenario(_ scenario: ScenarioDescription, duration: Duration? = nil) throws -> HILResult {
    var settings = HILSettings()
    settings.duration = duration
    let result = try ScenarioRunner(scenario: scenario, settings: settings, wallClock: WallClock()).run()
    FileHandle.standardError.write(
        Data(
            "hil \(result.scenario): \(result.simulatedS) s simulated in \(String(format: "%.1f", result.wallS)) s wall\n"
                .utf8))
    return result
}

/// The host's monotonic time from the moment the clock was made.
final class WallClock: MonotonicClock {
    private let origin = ContinuousClock.now

    func now() -> MonotonicInstant { MonotonicInstant(nanoseconds: (ContinuousClock.now - origin).nanoseconds) }

    func sleep(until deadline: MonotonicInstant) throws(HALError) {
        let span = deadline - now()
        guard span > .zero else { return }
        var request = timespec(
            tv_sec: Int(span.components.seconds), tv_nsec: Int(span.components.attoseconds / 1_000_000_000))
        _ = nanosleep(&request, nil)
    }
}

/// A fresh temporary folder.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("hil-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Calls `body` with the path of Boards/sim-power-cut.yaml plus the gateway computing altitude from its
/// barometer (`edge: altitude:`, which the altitude check judges), written to a temporary folder that
/// is removed afterwards.
func withAltitudeBoard<T>(_ body: (String) throws -> T) throws -> T {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let board = folder.appendingPathComponent("sim-power-cut-altitude.yaml")
    let original = try String(
        contentsOf: repositoryRoot.appendingPathComponent("Boards/sim-power-cut.yaml"), encoding: .utf8)
    let edge = "\nedge:\n  altitude: {barometer: barometer, rate-hz: 5, interval: 1s}\n"
    try Data((original + edge).utf8).write(to: board)
    return try body(board.path)
}
