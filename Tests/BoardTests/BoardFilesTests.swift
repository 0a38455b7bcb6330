// SensorGate — Board tests: every shipped board file loads, binds, and (when simulated) probes clean.

import Board
import Foundation
import HAL
import Testing

/// The repository's Boards/ folder, found from this file's path.
let boardsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Boards")

/// Every board file shipped in Boards/.
let shippedBoards: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: boardsFolder.path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.sorted().map { boardsFolder.appendingPathComponent($0).path }
}()

@Suite struct BoardFilesTests {
    @Test func boardsFolderHasTheReferenceBoard() {
        #expect(shippedBoards.contains { $0.hasSuffix("/sim-reference.yaml") })
    }

    @Test(arguments: shippedBoards)
    func shippedBoardLoadsAndBinds(_ path: String) throws {
        let board = try BoardLoader.load(path: path)
        #expect(!board.devices.isEmpty)
        let bound = BoardBinder(backend: nil).bind(board)
        for bus in board.buses {
            if bus.isSimulated {
                #expect(bound.failures[bus.name] == nil)
            } else if bus.kind == .i2c {
                // Without a hardware backend a real bus fails clearly, naming its path.
                #expect(bound.failures[bus.name]?.device == bus.path)
            }
        }
    }

    @Test func referenceBoardProbesCleanWithOneOfEveryChip() throws {
        let board = try BoardLoader.load(path: boardsFolder.appendingPathComponent("sim-reference.yaml").path)
        let report = BoardProbe.run(BoardBinder(backend: nil).bind(board))
        #expect(report.allFound)
        let chips = Set(board.devices.map(\.compatible))
        #expect(
            chips == [
                "bosch,bmp280", "bosch,bme280", "meas,ms5611", "sensirion,sht3x", "ti,tmp117", "st,lsm6dso",
                "invensense,mpu6050", "adi,adxl345", "st,lis3mdl",
            ])
        let scanned = report.scans.flatMap { $0.entries.filter { $0.status == .present } }.map(\.address.rawValue)
        // The LSM6DSO sits on SPI (chip select 2), so the I2C scan finds six chips.
        #expect(scanned == [0x1C, 0x44, 0x48, 0x68, 0x76, 0x77])
    }
}
