// SensorGate — sensorgate: the text form of a board probe.

import Board
import Drivers
import Foundation
import HAL

/// Prints a board probe for people.
enum ProbeReportText {
    static func print(_ report: BoardProbeReport, board: BoardDescription) {
        Swift.print("board \(board.name) (\(board.file))")
        for (bus, error) in report.busFailures {
            Swift.print("bus \(bus.name) (\(bus.path)): FAILED: \(error)")
        }
        for (bus, entries) in report.scans {
            Swift.print("bus \(bus.name) (\(bus.path))")
            ScanGrid.lines(entries).forEach { Swift.print("  " + $0) }
            let expected = Set(board.devices.filter { $0.bus == bus.name }.compactMap(\.address))
            for line in ScanGrid.findings(entries.filter { !expected.contains($0.address) }, bus: bus.name) {
                Swift.print("  not in the board file: \(line)")
            }
        }
        Swift.print("devices")
        let width = board.devices.map(\.label.count).max() ?? 0
        for (device, outcome) in report.devices {
            let place = device.address.map { "\(device.bus) \($0)" } ?? "\(device.bus) cs\(device.chipSelect ?? 0)"
            let label = device.label.padding(toLength: width, withPad: " ", startingAt: 0)
            let head = "\(label)  \(device.compatible) at \(place)"
            switch outcome {
            case .found(let evidence):
                Swift.print("  ok       \(head): \(evidence)")
            case .missing:
                Swift.print("  MISSING  \(head): nothing answered; check wiring, power and the address pins")
            case .wrongChip(let found, let other):
                let guess = other.map { "; it looks like \($0)" } ?? ""
                Swift.print("  WRONG    \(head): answered \(found)\(guess)")
            case .unreachable(let error):
                Swift.print("  ERROR    \(head): \(error)")
            }
        }
    }
}
