// SensorGate — sensorgate read: one reading from every sensor of a board.

import ArgumentParser
import Board
import Drivers
import Foundation
import HAL

/// `sensorgate read --board FILE [--json]`.
struct Read: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring up every sensor of a board and print one reading from each.",
        discussion: """
            Each device is identified, reset and configured with its board-file settings, then read once. \
            Values are in SI units (Pa, °C, %RH, m/s², rad/s, µT) with the raw codes they came from. On a \
            simulated board the chips measure the board's world. The exit status is 1 when any sensor fails; \
            the others are still read.
            """)

    @Option(name: .long, help: ArgumentHelp("The board file.", valueName: "FILE"))
    var board: String

    @Flag(name: .long, help: "Print one JSON object per line instead of text.")
    var json = false

    func run() throws {
        try reportingFailures {
            let description = try BoardLoader.load(path: board)
            let bound = BoardBinder(backend: LinuxBackend()).bind(description)
            for (label, error) in bound.recordingFailures.sorted(by: { $0.key < $1.key }) {
                FileHandle.standardError.write(Data("sensorgate: \(label): \(error)\n".utf8))
            }
            var failed = 0
            for device in description.devices {
                let bus = description.bus(device.bus)?.path ?? device.bus
                do throws(DriverError) {
                    let sensor = try bound.sensor(device.label)
                    try sensor.bringUp()
                    let reading = try sensor.read()
                    print(
                        json
                            ? ReadingJSON.line(device, bus: bus, reading: reading)
                            : ReadingText.line(device, bus: bus, reading: reading))
                } catch {
                    failed += 1
                    FileHandle.standardError.write(Data("sensorgate: \(device.label): \(error)\n".utf8))
                }
            }
            if failed > 0 {
                throw Failure.report("\(board): \(failed) of \(description.devices.count) sensors could not be read")
            }
        }
    }
}
