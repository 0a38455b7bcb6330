// SensorGate — HIL tests: `disk-full` on a real tmpfs under the state folder (as root, as CI runs),
// and the sealer's hook with one warning line when the run may not mount.

import Board
import Foundation
import HIL
import Testing

@Suite(.serialized) struct DiskFullTests {
    /// Thirty seconds on the power-cut board (two streams, a batch every 100 ms each): the broker is away
    /// from 5 s to 25 s, so the store only grows, and the disk is full from 10 s to 18 s.
    static let text = """
        scenario: {name: disk-full-window}
        board: ../sim-power-cut.yaml
        duration: 30s
        faults:
          - {kind: broker-down, at: 5s, for: 20s}
          - {kind: disk-full, at: 10s, for: 8s}
        expect:
          - {check: samples-lost, name: losses only while the disk is full}
        """

    /// Whether the kernel still lists a mount on `path`.
    private func isMounted(_ path: String) throws -> Bool {
        try String(contentsOfFile: "/proc/self/mounts", encoding: .utf8).split(separator: "\n")
            .contains { $0.split(separator: " ").dropFirst().first.map(String.init) == path }
    }

    @Test func aRealFullTmpfsCostsSamplesOnlyInItsWindowCountedAndReportedAndAllAfterArrives() throws {
        try #require(getuid() == 0, "filling a real tmpfs needs root (CI runs the tests as root); run as root")
        var warnings: [String] = []
        let scenario = try parseScenario(Self.text)
        let result = try ScenarioRunner(scenario: scenario, wallClock: WallClock()).run(warning: { warnings.append($0) }
        )
        #expect(warnings.isEmpty, "\(warnings)")
        let diskFull = try #require(result.diskFull)
        FileHandle.standardError.write(Data("disk-full-window: \(diskFull.summary)\n".utf8))
        #expect(diskFull.method == .tmpfs)
        #expect(diskFull.fallbackReason == nil)
        #expect(diskFull.fills == 1)
        // The kernel refused the store's growth: SQLite's SQLITE_FULL became the store's `.diskFull`, the
        // sealer counted the samples, and the store counted the batches and reported them upstream once
        // room returned (the hook refuses before the store and never produces such a notice).
        // At most the window's 8 s × (50 + 400) samples/s: the WAL may still have had room in its file.
        #expect((1...3600).contains(diskFull.samplesNotStored))
        #expect(diskFull.batchesReportedUpstream > 0)
        // Losses only where the full disk explains them, every one counted by the gateway; it ran through.
        let lost = try #require(result.results.first)
        #expect(lost.passed, "\(lost.message)")
        #expect(result.accounts.reduce(0) { $0 + $1.lostInFaults } == diskFull.samplesNotStored)
        #expect(result.accounts.allSatisfy { $0.lostOutside == 0 }, "\(result.accounts)")
        #expect(result.givenUp.isEmpty, "\(result.givenUp)")
        #expect(result.segments == 1)
        // Appends resumed when room returned: nothing after the window (18 s to 30 s) was lost, above.
        let junit = JUnitReport.xml(result)
        #expect(junit.contains(#"<property name="disk-full.method" value="tmpfs"/>"#))
        #expect(TerminalSummary.lines(result).contains { $0.contains("disk-full: a real tmpfs (filled 1 time(s))") })
        let mountPoint = try #require(diskFull.mountPoint)
        #expect(try !isMounted(mountPoint), "the run's tmpfs must be unmounted at its end")
        #expect(!FileManager.default.fileExists(atPath: mountPoint))
    }

    @Test func withoutMountingTheHookRefusesAppendsAndOneWarningLineSaysWhyAndWhatToDo() throws {
        var settings = HILSettings()
        settings.canMount = false
        var warnings: [String] = []
        let scenario = try parseScenario(Self.text)
        let result = try ScenarioRunner(scenario: scenario, settings: settings, wallClock: WallClock())
            .run(warning: { warnings.append($0) })
        #expect(warnings.count == 1, "\(warnings)")
        let line = try #require(warnings.first)
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix("warning: \(scenario.file): disk-full refuses appends in the sealer (a hook)"))
        #expect(line.contains("cannot mount file systems"))
        #expect(line.contains("run as root (or with CAP_SYS_ADMIN) to fill a real tmpfs"))
        let diskFull = try #require(result.diskFull)
        #expect(diskFull.method == .hook)
        // Every batch that starts in the window is refused: 8 s × (50 + 400) samples/s.
        #expect(diskFull.samplesNotStored == 3600)
        #expect(result.accounts.reduce(0) { $0 + $1.lostInFaults } == 3600)
        #expect(diskFull.batchesReportedUpstream == 0, "the hook refuses before the store")
        #expect(try #require(result.results.first).passed)
        #expect(JUnitReport.xml(result).contains(#"<property name="disk-full.method" value="hook"/>"#))
        #expect(TerminalSummary.lines(result).contains { $0.contains("disk-full: the sealer's hook") })
        #expect(diskFull.mountPoint == nil)
    }

    @Test func aScenarioWithoutDiskFullMountsNothingAndWarnsOfNothing() throws {
        let text = Self.text.replacingOccurrences(of: "  - {kind: disk-full, at: 10s, for: 8s}\n", with: "")
        var warnings: [String] = []
        let result = try ScenarioRunner(scenario: try parseScenario(text), wallClock: WallClock())
            .run(warning: { warnings.append($0) })
        #expect(warnings.isEmpty)
        #expect(result.diskFull == nil)
        #expect(!JUnitReport.xml(result).contains("disk-full.method"))
    }
}
