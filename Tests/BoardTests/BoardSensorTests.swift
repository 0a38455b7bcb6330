// SensorGate — Board tests: a bound simulated board's drivers read the board's world.

import Board
import Drivers
import Foundation
import HAL
import Testing
import World

@Suite struct BoardSensorTests {
    private func board(_ devices: String, world: String = "") throws -> BoundBoard {
        let yaml = """
            board:
              name: t
            buses:
              i2c0: {type: i2c, path: "sim:i2c0"}
              spi0: {type: spi, path: "sim:spi0"}
            \(world)
            devices:
            \(devices)
            """
        return BoardBinder(backend: nil).bind(try BoardLoader.parse(yaml, file: "test.yaml"))
    }

    @Test func aSimulatedBarometerReadsTheWorldsAtmosphere() throws {
        let bound = try board(
            """
              baro:
                compatible: bosch,bmp280
                bus: i2c0
                address: 0x76
                sim: {noise: false}
            """, world: "world:\n  site: {altitude-m: 500}\n  atmosphere: {temperature-c: 5}\n")
        let sensor = try bound.sensor("baro")
        try sensor.bringUp()
        let reading = try sensor.read()
        let expected = Atmosphere.pressure(altitudeM: 500, seaLevelPa: 101_325)
        #expect(abs((reading.values[.pressurePa]?.first ?? 0) - expected) < 3)
        #expect(abs((reading.values[.temperatureC]?.first ?? 0) - 5) <= 0.01)
        #expect(bound.stimuli["baro"] != nil && bound.models["baro"] != nil)
    }

    @Test func settingsReachTheDriverAndSPIDevicesUseTheChipsMode() throws {
        let bound = try board(
            """
              env:
                compatible: bosch,bme280
                bus: spi0
                chip-select: 1
                settings: {mode: forced, humidity-oversampling: skip}
            """)
        let sensor = try bound.sensor("env")
        #expect(sensor.outputDataRateHz == nil)  // forced mode converts on demand
        try sensor.bringUp()
        let reading = try sensor.read()
        #expect(reading.values[.humidityRH] == nil && reading.values[.pressurePa] != nil)
    }

    @Test func partsOfTheSameKindDifferAndRepeatWithTheSeed() throws {
        let two = """
              a:
                compatible: bosch,bmp280
                bus: i2c0
                address: 0x76
              b:
                compatible: bosch,bmp280
                bus: i2c0
                address: 0x77
            """
        func trims(_ bound: BoundBoard, _ label: String) throws -> BMP280Calibration? {
            let sensor = try #require(try bound.sensor(label) as? BMP280)
            try sensor.bringUp()
            return sensor.calibration
        }
        let first = try board(two)
        let again = try board(two)
        #expect(try trims(first, "a") != trims(first, "b"))
        #expect(try trims(first, "a") == trims(again, "a"))
    }

    @Test func aMissingRecordingIsReportedAndTheChipMeasuresTheWorld() throws {
        let bound = try board(
            """
              baro:
                compatible: bosch,bmp280
                bus: i2c0
                address: 0x76
                sim: {replay: {file: no-such.csv, rate-hz: 1}}
            """)
        #expect(
            bound.recordingFailures["baro"]?.description == "no-such.csv: cannot read the recording; check the path")
        let sensor = try bound.sensor("baro")
        try sensor.bringUp()
        #expect(try sensor.read().values[.pressurePa] != nil)
    }

    @Test func aDeviceOnABusThatDidNotOpenNamesTheBus() throws {
        let yaml = """
            board: {name: t}
            buses:
              i2c1: {type: i2c, path: /dev/i2c-1}
            devices:
              baro: {compatible: "bosch,bmp280", bus: i2c1, address: 0x76}
            """
        let bound = BoardBinder(backend: nil).bind(try BoardLoader.parse(yaml, file: "test.yaml"))
        #expect(throws: DriverError.self) { try bound.sensor("baro") }
        do {
            _ = try bound.sensor("baro")
        } catch {
            #expect(error.description.hasPrefix("BMP280 at i2c1 0x76: /dev/i2c-1"))
        }
    }
}

@Suite struct BoardInterruptTests {
    private let yaml = """
        board: {name: t}
        buses:
          i2c0: {type: i2c, path: "sim:i2c0"}
        gpio:
          gpio0: {path: "sim:gpiochip0", lines: 8}
        devices:
          temperature:
            compatible: ti,tmp117
            bus: i2c0
            address: 0x48
            interrupts: {ALERT: gpio0/5}
        """

    @Test func aModelDrivesItsWiredDataReadyLine() throws {
        let bound = BoardBinder(backend: nil).bind(try BoardLoader.parse(yaml, file: "test.yaml"))
        let sensor = try bound.sensor("temperature")
        try sensor.bringUp()
        let model = try #require(bound.models["temperature"]?.model)
        let due = try #require(model.nextEventInstant)
        bound.clock.advance(to: due)
        model.update()
        let chip = try #require(bound.simulatedGPIO["gpio0"])
        #expect(chip.history(at: 5).contains { $0.timestamp == due })
    }

    @Test func wiringMistakesArePlaced() {
        func error(_ text: String) -> String? {
            do {
                _ = try BoardLoader.parse(text, file: "test.yaml")
                return nil
            } catch { return error.description }
        }
        #expect(
            error(yaml.replacingOccurrences(of: "ALERT: gpio0/5", with: "ALRT: gpio0/5"))
                == "test.yaml:11:18: unknown key 'ALRT' in 'devices.temperature.interrupts'; did you mean 'ALERT'?; "
                + "expected one of: ALERT")
        #expect(
            error(yaml.replacingOccurrences(of: "gpio0/5", with: "gpio0/9"))
                == "test.yaml:11:25: gpio0 has lines 0 to 7")
        #expect(
            error(yaml.replacingOccurrences(of: "gpio0/5", with: "gpio1/5"))
                == "test.yaml:11:25: no GPIO chip 'gpio1' in 'gpio'; did you mean 'gpio0'?")
    }
}
