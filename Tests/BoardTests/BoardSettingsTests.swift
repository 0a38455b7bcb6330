// SensorGate — Board tests: device settings, placement, simulation trims and replay, and the world section.

import Board
import Drivers
import Foundation
import HAL
import SensorMath
import Testing
import World

@Suite struct BoardSettingsTests {
    private let header = "board:\n  name: t\nbuses:\n  i2c0:\n    type: i2c\n    path: sim:i2c0\n"
    private let bmp280 = "devices:\n  baro:\n    compatible: bosch,bmp280\n    bus: i2c0\n    address: 0x76\n"

    private func error(_ yaml: String) -> String? { boardError(yaml, file: "test.yaml") }

    @Test func settingsAreCheckedByKeyAndValueWhereTheyAreWritten() {
        #expect(
            error(header + bmp280 + "    settings:\n      filtre: 4\n")?.hasPrefix(
                "test.yaml:13:7: unknown key 'filtre' in 'devices.baro.settings'; did you mean 'filter'?") == true)
        #expect(
            error(header + bmp280 + "    settings:\n      mode: normal\n      filter: 3\n")
                == "test.yaml:14:15: setting filter: '3' is not one of off, 2, 4, 8, 16")
        #expect(
            error(header + bmp280 + "    settings:\n      standby-ms: fast\n")
                == "test.yaml:13:19: setting standby-ms: expected a number, found 'fast'")
    }

    @Test func trimsAreCheckedAgainstTheFittedChip() {
        #expect(
            error(header + bmp280 + "    sim:\n      trim:\n        dig_T9: 1\n")?.hasPrefix(
                "test.yaml:14:9: unknown key 'dig_T9' in 'devices.baro.sim.trim'") == true)
        #expect(
            error(header + bmp280 + "    sim:\n      trim:\n        dig_T1: 70000\n")
                == "test.yaml:14:17: trim dig_T1: 70000 is outside 1…65535")
    }

    @Test func placementAndSimulationAreRead() throws {
        let yaml =
            header + bmp280
            + "    settings:\n      mode: forced\n    mount: machine\n    axes: {roll-deg: 180}\n"
            + "    sim:\n      seed: 9\n      noise: false\n      trim: {dig_T1: 27000}\n"
            + "      replay: {file: data/baro.csv, rate-hz: 1, start-s: 5, loop: true}\n"
        let board = try BoardLoader.parse(yaml, file: "boards/test.yaml")
        let device = try #require(board.devices.first)
        #expect(device.settings == ["mode": "forced"])
        #expect(device.mounting == .machine)
        #expect(device.axes.angle(to: Quaternion(axis: Vector3(1, 0, 0), angle: .pi)) < 1e-12)
        #expect(device.simulation.seed == 9 && device.simulation.noise == false)
        #expect(device.simulation.trim == ["dig_T1": "27000"])
        let replay = try #require(device.simulation.replay)
        #expect(replay.file == "boards/data/baro.csv" && replay.rateHz == 1 && replay.startS == 5 && replay.loops)
        #expect(
            error(header + bmp280 + "    mount: ceiling\n")
                == "test.yaml:12:12: mount 'ceiling' is not one of body, machine")
    }

    @Test func theWorldSectionBuildsTheWorld() throws {
        let yaml =
            header + """
                world:
                  seed: 5
                  site: {latitude-deg: -33.9, longitude-deg: 18.4, altitude-m: 100}
                  atmosphere: {sea-level-pressure-pa: 100000, temperature-c: 31}
                  motion:
                    - {kind: rest}
                    - {kind: rotation, start-s: 10, axis: [0, 0, 1], rate-dps: 90}
                  machine:
                    shaft-hz: 25
                    defects:
                      - {site: inner-race, onset-s: 60, peak-mps2: 8, growth-per-h: 0.5}
                  disturbances:
                    - {start-s: 20, end-s: 30, field-ut: [100, 0, 0]}

                """
        let board = try BoardLoader.parse(yaml, file: "test.yaml")
        #expect(board.seed == 5)
        #expect(board.world.latitudeDeg == -33.9)
        #expect(board.world.earthField.enuMicrotesla.z > 0)  // southern hemisphere: the field points up
        #expect(
            abs(
                board.world.atmosphere.pressure(at: 0, heightM: 0)
                    - Atmosphere.pressure(altitudeM: 100, seaLevelPa: 100_000)) < 1e-9)
        #expect(board.world.atmosphere.temperature(at: 0) == 31)
        #expect(abs(board.world.motion.angularRate(at: 11).z - Double.pi / 2) < 1e-9)
        #expect(board.world.machine?.defects.first?.site == .innerRace)
        #expect(board.world.disturbances.count == 1)
    }

    @Test func worldMistakesArePlaced() {
        #expect(
            error(header + "world:\n  motion: {kind: wobble}\n")
                == "test.yaml:8:18: motion kind 'wobble' is not one of rest, rotation, random, vehicle")
        #expect(
            error(header + "world:\n  atmosphere: {temperature-c: hot}\n")
                == "test.yaml:8:31: 'temperature-c' must be a number in °C")
        #expect(
            error(header + "world:\n  machine:\n    defects:\n      - {site: outer, onset-s: 1}\n")
                == "test.yaml:10:16: defect site 'outer' is not one of outer-race, inner-race, ball, cage")
    }
}
