// SensorGate — sensorgate hil: a hardware-in-the-loop scenario, with JUnit and HTML reports.

import ArgumentParser
import Board
import Foundation
import HAL
import HALLinux
import HIL
import Sampling

/// `sensorgate hil SCENARIO [--junit FILE] [--html FILE] [--speed max|realtime|N] [--seed N] [--duration D]
/// [--broker HOST:PORT]`.
struct HILCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hil",
        abstract: "Run a hardware-in-the-loop scenario: world, faults, expectations; JUnit and HTML reports.",
        discussion: """
            The scenario (Boards/scenarios/*.yaml, docs/hil.md) names a simulated board, what the world does, \
            what goes wrong and what must still hold. The gateway runs in virtual time with the faults injected \
            (restarted from its state folder after each power cut); each expectation is measured and judged. \
            Exit status 1 when any expectation fails.
            """)

    @Argument(help: ArgumentHelp("The scenario file.", valueName: "SCENARIO"))
    var scenario: String

    @Option(name: .long, help: ArgumentHelp("Write a JUnit XML report.", valueName: "FILE"))
    var junit: String?

    @Option(name: .long, help: ArgumentHelp("Write a self-contained HTML report.", valueName: "FILE"))
    var html: String?

    @Option(name: .long, help: ArgumentHelp("realtime, max (default), or a factor of real time.", valueName: "SPEED"))
    var speed = "max"

    @Option(name: .long, help: ArgumentHelp("Replace the scenario's seed.", valueName: "N"))
    var seed: UInt64?

    @Option(
        name: .long,
        help: ArgumentHelp("Run only the first D of the scenario (500ms, 10s, 5m, 24h).", valueName: "D"))
    var duration: DurationArgument?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Deliver to this real MQTT broker through the simulated modem, and collect from it; needs --speed "
                + "realtime or a factor.", valueName: "HOST:PORT"))
    var broker: String?

    func validate() throws {
        guard pacing != nil else {
            throw ValidationError("--speed must be realtime, max or a positive factor such as 10, not '\(speed)'")
        }
    }

    private var pacing: Pacing? {
        switch speed {
        case "max": return .asFastAsPossible
        case "realtime": return .scaled(factor: 1)
        default:
            guard let factor = Double(speed), factor > 0, factor.isFinite else { return nil }
            return .scaled(factor: factor)
        }
    }

    func run() throws {
        var failed = false
        try reportingFailures {
            let description = try ScenarioLoader.load(path: scenario)
            var settings = HILSettings()
            settings.pacing = pacing ?? .asFastAsPossible
            settings.seed = seed
            settings.duration = duration?.duration
            settings.broker = broker
            let runner = ScenarioRunner(scenario: description, settings: settings, wallClock: LinuxMonotonicClock())
            try runner.checkSupported()
            let live = isatty(STDERR_FILENO) == 1
            var lastLine = ContinuousClock.now
            let progress = { (progress: HILProgress) in
                let now = ContinuousClock.now
                guard now - lastLine >= .milliseconds(live ? 200 : 10_000) else { return }
                lastLine = now
                let line = TerminalSummary.progressLine(progress)
                FileHandle.standardError.write(Data((live ? "\r\(line)\u{1B}[K" : "\(line)\n").utf8))
            }
            let result = try runner.run(
                progress: progress, warning: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
            if live { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            for line in TerminalSummary.lines(result) { print(line) }
            if let junit { try write(JUnitReport.xml(result), to: junit, option: "--junit") }
            if let html { try write(HTMLReport.html(result), to: html, option: "--html") }
            failed = !result.passed
        }
        if failed { throw ExitCode(1) }
    }

    private func write(_ text: String, to path: String, option: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw Failure("\(option) \(path): cannot write the report: \(error.localizedDescription)")
        }
    }
}
