// SensorGate — command-line tests: `sensorgate hil`, its summary, reports and exit status.

import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct HILCommandTests {
    @Test func aFailingExpectationExitsOneAndTheReportsSaySo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hil-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let junit = folder.appendingPathComponent("hil.xml").path
        let html = folder.appendingPathComponent("hil.html").path
        let run = try sensorgate(
            "hil", "Tests/sensorgateTests/Fixtures/hil-short.yaml", "--junit", junit, "--html", html, "--seed", "9")
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("seed 9"))
        #expect(run.stdout.contains("  pass  samples-lost: 0 samples"))
        #expect(run.stdout.contains("  FAIL  too few bytes:"))
        #expect(run.stdout.contains("1 of 2 expectation(s) failed"))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<testcase classname=\"hil.hil-short\" name=\"too few bytes\""))
        #expect(xml.contains("<failure message=\"expected fewer than 10000 bytes on air per hour; seen "))
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("FAILED"))
    }

    @Test func aFullDiskIsARealTmpfsAsRootAndWithoutTheRightToMountTheHookWithOneWarningLine() throws {
        let real = try sensorgate("hil", "Boards/scenarios/full-disk.yaml")
        #expect(real.status == 0, "\(real.stderr)")
        if getuid() == 0 {
            #expect(real.stdout.contains("  disk-full: a real tmpfs (filled 1 time(s)): "), "\(real.stdout)")
            #expect(!real.stderr.contains("warning:"), "\(real.stderr)")
        }
        // Without CAP_SYS_ADMIN (root keeps its user ID, loses the capability), or as any other user.
        let wrapper =
            getuid() == 0 ? ["/usr/bin/setpriv", "--bounding-set", "-sys_admin", "--inh-caps", "-sys_admin"] : []
        let hook = try sensorgate(under: wrapper, ["hil", "Boards/scenarios/full-disk.yaml"])
        #expect(hook.status == 0, "\(hook.stderr)")
        let warnings = hook.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("warning:") }
        #expect(warnings.count == 1, "\(hook.stderr)")
        #expect(
            warnings.first
                == "warning: Boards/scenarios/full-disk.yaml: disk-full refuses appends in the sealer (a hook), not on "
                + "a real full disk: this process cannot mount file systems (not root, no CAP_SYS_ADMIN); run as root "
                + "(or with CAP_SYS_ADMIN) to fill a real tmpfs")
        #expect(hook.stdout.contains("  disk-full: the sealer's hook, not a real file system ("), "\(hook.stdout)")
        // The whole window lost with the hook: 15 s × (50 + 400) samples/s.
        #expect(hook.stdout.contains("): 6750 samples not stored"), "\(hook.stdout)")
    }

    @Test func aRealBrokerWithAnUnpacedRunIsOneLine() throws {
        let run = try sensorgate("hil", "Boards/scenarios/rebooting-modem.yaml", "--broker", "127.0.0.1:1883")
        #expect(run.status == 1)
        #expect(
            run.stderr
                == "sensorgate: --broker 127.0.0.1:1883: a real broker runs in real time; pace the run with --speed "
                + "realtime or a factor such as --speed 20, not max\n")
    }

    @Test func aBadScenarioIsOneLineWithItsPosition() throws {
        let run = try sensorgate("hil", "Tests/sensorgateTests/Fixtures/typo.yaml")
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("sensorgate: Tests/sensorgateTests/Fixtures/typo.yaml:"))
    }

    @Test func aModemScenarioRunsThroughTheModemChainAndJudgesTheUplinksRecovery() throws {
        // The first reboot of the rebooting modem, at 1 h: MQTT through the simulated module to the
        // scenario's broker, and the link back within the bound.
        let run = try sensorgate("hil", "Boards/scenarios/rebooting-modem.yaml", "--duration", "70m")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("  pass  uplink-back: "))
        #expect(run.stdout.contains("modem-reboot at 3600 s: "))
        #expect(run.stdout.contains("  pass  samples-lost: 0 samples"))
    }
}
