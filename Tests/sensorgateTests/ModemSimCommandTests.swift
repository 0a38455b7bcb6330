// SensorGate — command-line tests: sensorgate modem-sim.

import Foundation
import Testing

@Suite struct ModemSimCommandTests {
    @Test func badOptionsAreOneClearLineAndExitOne() throws {
        let dialect = try sensorgate("modem-sim", "--dialect", "sim800", "--link", "pty", "--network", "cat1")
        #expect(dialect.status == 1)
        #expect(
            dialect.stderr
                == "sensorgate: --dialect sim800: unknown module (use one of bg95, bg96, bc66, bc660k, ec21, eg915u, sim7080g, a7670, sim7600)\n"
        )
        let network = try sensorgate("modem-sim", "--dialect", "bg96", "--link", "pty", "--network", "5g")
        #expect(
            network.status == 1
                && network.stderr == "sensorgate: --network 5g: unknown network model (use nbiot or cat1)\n")
        let link = try sensorgate("modem-sim", "--dialect", "bg96", "--link", "/nonexistent/tty", "--network", "cat1")
        #expect(link.status == 1 && link.stderr.hasPrefix("sensorgate: ") && link.stderr.contains("/nonexistent/tty"))
        #expect(link.stderr.split(separator: "\n").count == 1)
    }

    @Test func itServesAPseudoTerminalForTheGivenTimeAndReports() throws {
        let run = try sensorgate(
            "modem-sim", "--dialect", "sim7080g", "--link", "pty", "--network", "nbiot", "--duration", "300ms")
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("modem-sim: sim7080g (nbiot) on /dev/pts/") == true)
        #expect(lines.last?.hasPrefix("modem-sim: 1 boot(s), 0 bytes up, 0 bytes down") == true)
    }

    @Test func faultAndFigureOptionsRefuseBadValuesInOneLine() throws {
        let weakUsage = "use 1m+10m@-125: from 1 min after the start, for 10 min, at an RSRP of -125 dBm"
        // The options after `modem-sim --dialect bg96 --link pty --network nbiot`, and the one line refusing them.
        let refusals: [([String], String)] = [
            (
                ["--coverage-gap", "30s"],
                "--coverage-gap 30s: not START+DURATION (use 30s+5m: from 30 s after the start, for 5 min)"
            ),
            (["--coverage-gap", "1m+0s"], "--coverage-gap 1m+0s: the duration must be longer than zero"),
            (
                ["--coverage-gap", "1m+1m", "--coverage-gap", "90s+1m"],
                "--coverage-gap 90s+1m: overlaps --coverage-gap 1m+1m (make them one gap)"
            ),
            (["--weak-signal", "1m+10m"], "--weak-signal 1m+10m: not START+DURATION@RSRP (\(weakUsage))"),
            (
                ["--weak-signal", "1m+10m@-150"],
                "--weak-signal 1m+10m@-150: RSRP -150 dBm is outside -140 to -44 (\(weakUsage))"
            ),
            (["--weak-signal", "1m+0s@-120"], "--weak-signal 1m+0s@-120: the duration must be longer than zero"),
            (["--reboot-every", "0s"], "--reboot-every 0s: not a positive duration (use 10m: about every 10 minutes)"),
            (
                ["--fault", "reboot"],
                "--fault reboot: not KIND@TIME (use reboot@5m: a reboot 5 minutes after the start)"
            ),
            (
                ["--fault", "fire@1m"],
                "--fault fire@1m: unknown fault fire (use one of reboot, registration-loss:D, context-loss, send-fail[:N], missing-prompt, lost-send-result, partial-send:N, peer-close:ID[:TEXT], psm, garbage, hang)"
            ),
            (
                ["--fault", "registration-loss@1m"],
                "--fault registration-loss@1m: registration-loss needs how long (use registration-loss:30s@2m)"
            ),
            (["--fault", "reboot:2@1m"], "--fault reboot:2@1m: reboot takes no argument (use reboot@TIME)"),
            (["--loss", "2"], "--loss 2: not a probability (use a number from 0 to 1, e.g. 0.01)"),
            (["--idle-timeout", "0s"], "--idle-timeout 0s: not a positive duration (use 500ms, 10s, 5m or 24h)"),
            (["--send-buffer", "0"], "--send-buffer 0: not a positive byte count (use 4096)"),
            (["--sim-pin", "12a4"], "--sim-pin 12a4: not a PIN (use 4 to 8 digits, e.g. 1234)"),
        ]
        for (options, line) in refusals {
            let run = try sensorgate(
                under: [], ["modem-sim", "--dialect", "bg96", "--link", "pty", "--network", "nbiot"] + options)
            #expect(run.status == 1 && run.stderr == "sensorgate: \(line)\n", "\(options): \(run.stderr)")
        }
    }

    @Test func itRunsWithEveryFaultAndFigureOption() throws {
        let run = try sensorgate(
            "modem-sim", "--dialect", "bc66", "--link", "pty", "--network", "nbiot", "--duration", "300ms",
            "--coverage-gap", "100ms+1m", "--coverage-gap", "5m+30s", "--weak-signal", "2m+1m@-128", "--reboot-every",
            "10m", "--fault", "reboot@1h",
            "--fault", "registration-loss:30s@2m", "--fault", "send-fail:3@1m", "--fault", "peer-close:0:bye@3m",
            "--loss", "0.05", "--latency", "1.2s", "--idle-timeout", "2m", "--registration-delay", "20s",
            "--sim-pin", "1234", "--send-buffer", "512", "--stray-urc-rate", "0.2", "--seed", "9")
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("modem-sim: bc66 (nbiot) on /dev/pts/") == true)
        #expect(lines.last?.hasPrefix("modem-sim: 1 boot(s), 0 bytes up, 0 bytes down") == true)
    }

    @Test func aPlannedRebootHappensInTheRun() throws {
        let run = try sensorgate(
            "modem-sim", "--dialect", "bg96", "--link", "pty", "--network", "nbiot", "--duration", "700ms", "--fault",
            "reboot@200ms")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").last?.hasPrefix("modem-sim: 2 boot(s), ") == true, "\(run.stdout)")
    }
}
