// SensorGate — command-line tests: `sensorgate read` on the reference board, at rest at sea level.

import Foundation
import Testing

@Suite struct ReadCommandTests {
    /// What each sensor of the reference board must report, with the world at rest, level, at sea
    /// level and 20 °C: chip, value keys, and where the bus and place are.
    static let expected: [String: (chip: String, keys: Set<String>)] = [
        "barometer": ("bosch,bmp280", ["pressure_pa", "temperature_c"]),
        "altimeter": ("meas,ms5611", ["pressure_pa", "temperature_c"]),
        "humidity": ("sensirion,sht3x", ["humidity_rh", "temperature_c"]),
        "temperature": ("ti,tmp117", ["temperature_c"]),
        "imu": ("st,lsm6dso", ["accel_mps2", "gyro_radps", "temperature_c"]),
        "imu-aux": ("invensense,mpu6050", ["accel_mps2", "gyro_radps", "temperature_c"]),
        "magnetometer": ("st,lis3mdl", ["mag_ut", "temperature_c"]),
        "vibration": ("adi,adxl345", ["accel_mps2"]),
        "environment": ("bosch,bme280", ["pressure_pa", "temperature_c", "humidity_rh"]),
    ]

    /// Runs `read --json` on a board and returns each sensor's values by label, checking the shape.
    private func readings(_ board: String) throws -> [String: [String: Any]] {
        let run = try sensorgate("read", "--board", board, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        var objects: [String: [String: Any]] = [:]
        for line in run.stdout.split(separator: "\n") {
            #expect(line.hasPrefix("{\"sensor\": "))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let label = try #require(object["sensor"] as? String)
            let expected = try #require(Self.expected[label], "unexpected sensor \(label)")
            #expect(object["chip"] as? String == expected.chip)
            #expect((object["bus"] as? String)?.hasPrefix("sim:") == true)
            #expect(object["address"] != nil || object["chip_select"] != nil)
            let values = try #require(object["values"] as? [String: Any])
            #expect(Set(values.keys) == expected.keys, "\(label): \(values.keys)")
            #expect((object["raw"] as? [String: Any])?.isEmpty == false)
            objects[label] = values
        }
        #expect(Set(objects.keys) == Set(Self.expected.keys))
        return objects
    }

    /// Nominal parts without noise read the world at rest exactly, to their resolution: 101 325 Pa,
    /// 20 °C, 45 %RH, +1 g on z, no rotation beyond the Earth's, and the Earth's field pointing north
    /// and down.
    @Test func nominalPartsReadTheWorldAtRestToTheirResolution() throws {
        let objects = try readings("Tests/sensorgateTests/Fixtures/nominal-reference.yaml")
        for (label, values) in objects {
            if let pressure = values["pressure_pa"] as? Double { #expect(abs(pressure - 101_325) < 0.5, "\(label)") }
            if let temperature = values["temperature_c"] as? Double {
                #expect(abs(temperature - 20) < 0.01, "\(label)")
            }
            if let humidity = values["humidity_rh"] as? Double { #expect(abs(humidity - 45) < 0.01, "\(label)") }
            if let accel = values["accel_mps2"] as? [Double] {
                #expect(abs(accel[0]) < 0.01 && abs(accel[1]) < 0.01 && abs(accel[2] - 9.80665) < 0.01, "\(label)")
            }
            if let gyro = values["gyro_radps"] as? [Double] { #expect(gyro.allSatisfy { abs($0) < 0.001 }, "\(label)") }
            if let mag = values["mag_ut"] as? [Double] {
                let strength = mag.map { $0 * $0 }.reduce(0, +).squareRoot()
                #expect(strength > 45 && strength < 55 && mag[1] > 10 && mag[2] < -40, "\(label) \(mag)")
            }
        }
    }

    /// The reference board's parts carry their datasheets' part-to-part spread and noise: each
    /// reading is within that spread of the world at rest.
    @Test func referenceBoardPartsReadTheWorldWithinTheirDatasheetSpread() throws {
        let objects = try readings("Boards/sim-reference.yaml")
        for (label, values) in objects {
            if let pressure = values["pressure_pa"] as? Double { #expect(abs(pressure - 101_325) < 150, "\(label)") }
            // IMU temperature sensors are offset by up to ±15 °C.
            if let temperature = values["temperature_c"] as? Double {
                #expect(abs(temperature - 20) < 15.5, "\(label)")
            }
            if let humidity = values["humidity_rh"] as? Double { #expect(abs(humidity - 45) < 4, "\(label)") }
            if let accel = values["accel_mps2"] as? [Double] {
                let strength = accel.map { $0 * $0 }.reduce(0, +).squareRoot()
                #expect(accel.count == 3 && abs(strength - 9.80665) < 1.2, "\(label) \(accel)")
            }
            // The MPU-6050's zero-rate output is specified to ±20 °/s.
            if let gyro = values["gyro_radps"] as? [Double] { #expect(gyro.allSatisfy { abs($0) < 0.36 }, "\(label)") }
            if let mag = values["mag_ut"] as? [Double] {
                #expect(mag.count == 3 && mag.allSatisfy(\.isFinite), "\(label)")
            }
        }
    }

    @Test func textNamesEverySensorWithUnits() throws {
        let run = try sensorgate("read", "--board", "Boards/sim-reference.yaml")
        #expect(run.status == 0)
        for label in Self.expected.keys {
            #expect(run.stdout.contains("\n\(label) ") || run.stdout.hasPrefix("\(label) "))
        }
        #expect(run.stdout.contains(" Pa") && run.stdout.contains(" m/s²") && run.stdout.contains(" µT"))
    }

    @Test func aBadSettingIsOneLineWithItsPosition() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-setting-\(getpid()).yaml")
        try """
        board: {name: bad}
        buses:
          i2c0: {type: i2c, path: "sim:i2c0"}
        devices:
          baro:
            compatible: bosch,bmp280
            bus: i2c0
            address: 0x76
            settings: {filter: 5}
        """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try sensorgate("read", "--board", file.path)
        #expect(run.status == 1 && run.stdout.isEmpty)
        #expect(run.stderr == "sensorgate: \(file.path):9:24: setting filter: '5' is not one of off, 2, 4, 8, 16\n")
    }
}
