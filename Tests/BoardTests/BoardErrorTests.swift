// SensorGate — Board tests: every mistake in a board file is one line with its position.

import Board
import Testing

@Suite struct BoardErrorTests {
    private func error(_ yaml: String) -> String? { boardError(yaml, file: "test.yaml") }

    private let header = "board:\n  name: t\nbuses:\n  i2c0:\n    type: i2c\n    path: sim:i2c0\n"

    @Test func unknownKeyIsPlacedAndCorrected() {
        #expect(
            error("board:\n  name: t\nbusses:\n  x: 1\n")
                == "test.yaml:3:1: unknown key 'busses' at the top level; did you mean 'buses'?; "
                + "expected one of: board, buses, gpio, devices, world, sampling, storage, upstream, identity, metrics, "
                + "watchdog, modbus, modbus-rtu, edge, modem")
        #expect(
            error(header + "devices:\n  b:\n    compatable: bosch,bmp280\n")?.hasPrefix(
                "test.yaml:9:5: unknown key 'compatable' in 'devices.b'; did you mean 'compatible'?") == true)
    }

    @Test func unknownChipSuggestsTheNearestSupportedOne() {
        let message = error(header + "devices:\n  b:\n    compatible: bosch,bmp208\n    bus: i2c0\n    address: 0x76\n")
        #expect(
            message?.hasPrefix("test.yaml:9:17: unknown compatible 'bosch,bmp208'; did you mean 'bosch,bmp280'?")
                == true)
    }

    @Test func addressesMustBeSevenBitUnreservedAndUnique() {
        let device = "devices:\n  b:\n    compatible: bosch,bmp280\n    bus: i2c0\n    address: "
        #expect(
            error(header + device + "0x80\n") == "test.yaml:11:14: address 128 is not a 7-bit I2C address (0x08–0x77)")
        #expect(
            error(header + device + "0x03\n") == "test.yaml:11:14: address 3 is not a 7-bit I2C address (0x08–0x77)")
        #expect(
            error(header + device + "seventy\n")
                == "test.yaml:11:14: 'address' must be an integer such as 118 or 0x76, not 'seventy'")
        let twice = header + device + "0x76\n  c:\n    compatible: bosch,bme280\n    bus: i2c0\n    address: 118\n"
        #expect(error(twice) == "test.yaml:15:14: address 0x76 on 'i2c0' is already used by 'b'")
    }

    @Test func devicesMustSitOnADeclaredBusThatSuitsTheChip() {
        #expect(
            error(header + "devices:\n  b:\n    compatible: ti,tmp117\n    bus: i2c1\n    address: 0x48\n")
                == "test.yaml:10:10: device 'b' is on bus 'i2c1', which the board does not declare; did you mean 'i2c0'?"
        )
        let spi = "board:\n  name: t\nbuses:\n  spi0:\n    type: spi\n    path: sim:spi0\n"
        #expect(
            error(spi + "devices:\n  t:\n    compatible: ti,tmp117\n    bus: spi0\n    chip-select: 0\n")
                == "test.yaml:10:10: ti,tmp117 has no SPI interface; put 't' on an I2C bus")
        #expect(
            error(spi + "devices:\n  t:\n    compatible: adi,adxl345\n    bus: spi0\n")
                == "test.yaml:9:5: SPI device 't' needs a 'chip-select' (0, 1, …)")
    }

    @Test func busesNeedAKnownTypeAndAPath() {
        #expect(
            error("board:\n  name: t\nbuses:\n  i2c0:\n    type: i3c\n    path: sim:a\n")
                == "test.yaml:5:11: unknown bus type 'i3c'; did you mean 'i2c'?; expected i2c or spi")
        #expect(
            error("board:\n  name: t\nbuses:\n  i2c0:\n    type: i2c\n    path: i2c-1\n")
                == "test.yaml:6:11: bus path 'i2c-1' must be a device path (/dev/i2c-1, /dev/spidev0) or sim:NAME")
        #expect(
            error("board:\n  name: t\nbuses:\n  i2c0:\n    type: i2c\n")
                == "test.yaml:5:5: 'buses.i2c0.path' is required")
    }

    @Test func simulationSettingsOnlyOnSimulatedBuses() {
        let real = "board:\n  name: t\nbuses:\n  i2c1:\n    type: i2c\n    path: /dev/i2c-1\n"
        #expect(
            error(
                real
                    + "devices:\n  b:\n    compatible: bosch,bmp280\n    bus: i2c1\n    address: 0x76\n    sim:\n      fitted: none\n"
            )
                == "test.yaml:13:7: 'sim' settings apply only to devices on simulated (sim:) buses")
    }

    @Test func yamlSyntaxErrorsCarryTheirPosition() {
        let message = error("board:\n  name: [unclosed\nbuses: {}\n")
        #expect(message?.hasPrefix("test.yaml:") == true)
        #expect(message?.contains("YAML") == true)
        #expect(error("") == "test.yaml: the file is empty; see docs/boards.md")
        #expect(error("- a\n- b\n") == "test.yaml:1:1: the file must be a mapping of keys")
        #expect(
            error("board:\n  name: t\nboard:\n  name: u\n")
                == "test.yaml:1:1: 'board' appears twice in the same mapping; each key may appear once")
    }

    @Test func commaInAFlowMappingIsExplained() {
        let message = error(header + "devices:\n  b: {compatible: bosch,bmp280, bus: i2c0, address: 0x76}\n")
        #expect(message?.hasPrefix("test.yaml:8:25: unknown key 'bmp280' in 'devices.b'") == true)
        #expect(message?.hasSuffix("quote values that contain one, as \"bosch,bmp280\")") == true)
    }

    @Test func missingFileIsNamed() {
        #expect {
            _ = try BoardLoader.load(path: "Boards/no-such-board.yaml")
        } throws: { ($0 as? BoardError)?.description == "Boards/no-such-board.yaml: no such board file" }
    }
}
