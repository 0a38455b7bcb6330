// SensorGate — sensorgate probe: scan buses, identify chips, check a board's wiring.

import ArgumentParser
import Board
import Drivers
import Foundation
import HAL
import HALLinux

/// `sensorgate probe --bus PATH | --board FILE`.
struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan I2C buses, identify chips by their ID registers, and check a board's wiring.",
        discussion: """
            --bus scans one adapter as i2cdetect does (UU marks addresses a kernel driver holds) and names \
            the chips it recognises. --board scans every bus of a board file and checks that each device \
            it declares answers with the expected identity; the exit status is 1 when any is missing or wrong.
            """)

    @Option(name: .long, help: ArgumentHelp("An I2C adapter to scan.", valueName: "PATH"))
    var bus: String?

    @Option(name: .long, help: ArgumentHelp("A board file whose buses and devices to check.", valueName: "FILE"))
    var board: String?

    @Flag(name: .long, help: "Print one JSON object per line instead of text.")
    var json = false

    func validate() throws {
        guard (bus == nil) != (board == nil) else {
            throw ValidationError("give exactly one of --bus PATH or --board FILE")
        }
    }

    func run() throws {
        try reportingFailures {
            if let bus { try scanBus(bus) } else if let board { try checkBoard(board) }
        }
    }

    private func scanBus(_ path: String) throws {
        if path.hasPrefix("sim:") {
            throw Failure("\(path): simulated buses exist only inside a board; use --board FILE")
        }
        let adapter = try LinuxI2CBus(path: path)
        let entries = I2CScanner(bus: adapter).scan()
        if json {
            for entry in entries where entry.status != .empty { ProbeJSON.emit(ProbeJSON.scanEntry(entry, bus: path)) }
            return
        }
        if !adapter.functionality.contains(.plainI2C) {
            print("\(path): SMBus-only adapter; plain I2C transactions fall back to SMBus transfers")
        }
        ScanGrid.lines(entries).forEach { print($0) }
        ScanGrid.findings(entries, bus: path).forEach { print($0) }
    }

    private func checkBoard(_ file: String) throws {
        let description = try BoardLoader.load(path: file)
        let bound = BoardBinder(backend: LinuxBackend()).bind(description)
        let report = BoardProbe.run(bound)
        if json {
            for (device, outcome) in report.devices { ProbeJSON.emit(ProbeJSON.device(device, outcome)) }
        } else {
            ProbeReportText.print(report, board: description)
        }
        guard report.allFound else {
            let bad = report.devices.filter { if case .found = $0.outcome { false } else { true } }.count
            throw Failure.report(
                "\(file): \(bad) of \(report.devices.count) devices missing, wrong or unreachable"
                    + (report.busFailures.isEmpty ? "" : "; \(report.busFailures.count) bus(es) failed to open"))
        }
    }
}
