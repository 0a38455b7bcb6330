// SensorGate — sensorgate gpio-check: the GPIO character device end to end through a loopback wire.

import ArgumentParser
import Foundation
import Gateway
import HAL
import HALLinux

/// `sensorgate gpio-check --chip CHIP --output N --input M [--cycles K] [--timeout D] [--expect N=0|1 ...]`.
struct GPIOCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gpio-check",
        abstract: "Drive an output line and see each edge on an input line wired to it (libgpiod backend).",
        discussion: """
            Requests --output as an output and --input as an input with edge events on both edges, then \
            drives the output active and inactive --cycles times: every change must arrive as one edge event of \
            the matching direction, stamped by the kernel, and read back as the input's level. On a bench, put \
            a wire between the two pins; in the VM test (docs/vm-test.md) the sg-gpio-sim chip wires line 0 to \
            line 1. --expect checks the level of further input lines. Prints one line per edge; exit status 1 \
            with one line naming the line at the first failure.
            """)

    @Option(help: ArgumentHelp("The chip: a path, gpiochipN, N, or its label.", valueName: "CHIP"))
    var chip: String

    @Option(help: ArgumentHelp("The offset of the line to drive.", valueName: "N"))
    var output: UInt32

    @Option(help: ArgumentHelp("The offset of the line wired to it.", valueName: "M"))
    var input: UInt32

    @Option(help: ArgumentHelp("How many times to drive the output active and back (default 3).", valueName: "K"))
    var cycles = 3

    @Option(help: ArgumentHelp("How long to wait for each edge (default 1s).", valueName: "D"))
    var timeout: DurationArgument?

    @Option(
        name: .customLong("expect"),
        help: ArgumentHelp("Also check that input line N reads level 0 or 1 (repeatable).", valueName: "N=0|1"))
    var expectations: [String] = []

    func validate() throws {
        guard cycles > 0 else { throw ValidationError("--cycles must be at least 1, not \(cycles)") }
        guard output != input else { throw ValidationError("--output and --input must be different lines") }
        for text in expectations where Self.expectation(text) == nil {
            throw ValidationError("--expect \(text): use OFFSET=0 or OFFSET=1, such as 2=1")
        }
    }

    func run() throws {
        try reportingFailures {
            let chip = try LinuxGPIOChip(named: self.chip)
            let settings = GPIOLineSettings(consumer: "sensorgate gpio-check")
            let driven = try chip.requestOutput(offset: output, settings: settings, initialActive: false)
            var inputSettings = settings
            inputSettings.edges = .both
            let wired = try chip.requestInput(offset: input, settings: inputSettings)
            let check = GPIOLoopbackCheck(cycles: cycles, timeout: timeout?.duration ?? .seconds(1))
            let steps = try check.run(output: driven, input: wired)
            let first = steps.first?.event.timestamp.nanoseconds ?? 0
            for step in steps {
                let microseconds = (step.event.timestamp.nanoseconds - first) / 1000
                let edge = step.event.edge == .rising ? "rising" : "falling"
                print(
                    "gpio-check: line \(output) \(step.driven ? "active" : "inactive") -> line \(input) \(edge) edge "
                        + "at +\(microseconds) µs (sequence \(step.event.sequence))")
            }
            for text in expectations {
                guard let (offset, level) = Self.expectation(text) else { continue }
                let line = try chip.requestInput(offset: offset, settings: settings)
                let read = try line.get()
                guard read == level else {
                    throw Failure("\(chip.path) line \(offset): reads \(read ? 1 : 0), expected \(level ? 1 : 0)")
                }
                print("gpio-check: line \(offset) reads \(read ? 1 : 0) as expected")
            }
            print(
                "gpio-check: \(chip.path) (\(chip.label)) line \(output) -> line \(input): \(steps.count) edges, "
                    + "levels followed; libgpiod \(LinuxGPIO.apiVersion)")
        }
    }

    /// `N=0` or `N=1` as an offset and a level.
    static func expectation(_ text: String) -> (UInt32, Bool)? {
        let parts = text.split(separator: "=")
        guard parts.count == 2, let offset = UInt32(parts[0]), parts[1] == "0" || parts[1] == "1" else { return nil }
        return (offset, parts[1] == "1")
    }
}
