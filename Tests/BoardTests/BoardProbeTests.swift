// SensorGate — Board tests: probe reports missing and wrong chips.

import Board
import HAL
import Testing

@Suite struct BoardProbeTests {
    private let yaml = """
        board:
          name: miswired
        buses:
          i2c0: {type: i2c, path: "sim:i2c0"}
          spi0: {type: spi, path: "sim:spi0"}
        devices:
          barometer:
            compatible: bosch,bmp280
            bus: i2c0
            address: 0x76
            sim: {fitted: "bosch,bme280"}    # the wrong part was soldered
          temperature:
            compatible: ti,tmp117
            bus: i2c0
            address: 0x48
            sim: {fitted: none}            # not fitted
          imu:
            compatible: st,lsm6dso
            bus: i2c0
            address: 0x6a
          vibration:
            compatible: adi,adxl345
            bus: spi0
            chip-select: 0
            sim: {fitted: none}
          environment:
            compatible: bosch,bme280
            bus: spi0
            chip-select: 1
            sim: {fitted: "bosch,bmp280"}
        """

    @Test func eachDeviceGetsItsOwnVerdict() throws {
        let board = try BoardLoader.parse(yaml, file: "miswired.yaml")
        let report = BoardProbe.run(BoardBinder(backend: nil).bind(board))
        #expect(!report.allFound)
        let verdicts = report.devices.map { entry -> String in
            switch entry.outcome {
            case .found: "\(entry.device.label): ok"
            case .missing: "\(entry.device.label): missing"
            case .wrongChip(let found, let other): "\(entry.device.label): wrong \(found) \(other ?? "?")"
            case .unreachable(let error): "\(entry.device.label): error \(error)"
            }
        }
        #expect(
            verdicts == [
                "barometer: wrong id 0x60 at 0xd0 bosch,bme280",
                "temperature: missing",
                "imu: ok",
                "vibration: missing",
                "environment: wrong id 0x58 at 0xd0 bosch,bmp280",
            ])
    }

    @Test func realBusesWithoutABackendFailWithTheirPath() throws {
        let board = try BoardLoader.parse(
            "board: {name: r}\nbuses:\n  i2c1: {type: i2c, path: /dev/i2c-1}\ndevices:\n"
                + "  b: {compatible: \"bosch,bmp280\", bus: i2c1, address: 0x76}\n", file: "r.yaml")
        let report = BoardProbe.run(BoardBinder(backend: nil).bind(board))
        #expect(report.busFailures.map(\.error.device) == ["/dev/i2c-1"])
        guard case .unreachable(let error) = report.devices.first?.outcome else {
            Issue.record("expected the device to be unreachable")
            return
        }
        #expect(error.kind == .unsupported && error.hint?.contains("sim:") == true)
    }
}
