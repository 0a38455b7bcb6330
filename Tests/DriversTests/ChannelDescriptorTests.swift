// SensorGate — DriversTests: each driver's channels, with the LSB its datasheet gives per range.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct ChannelDescriptorTests {
    private func channels(_ compatible: String, _ settings: [String: String] = [:]) throws -> [ChannelDescriptor] {
        let entry = try #require(ChipRegistry.entry(compatible))
        let attachment: ChipAttachment =
            entry.interfaces.contains(.i2c)
            ? .i2c(SimI2CBus(name: "sim:test"), I2CAddress(0x08))
            : .spi(SimSPIBus(name: "sim:test").device(chipSelect: 0))
        let driver = try entry.makeDriver(attachment, VirtualClock(), ChipOptions(settings))
        return try #require(driver as? any ChannelDescribing, "\(compatible) states no channels").channels
    }

    private func lsb(_ list: [ChannelDescriptor], _ name: String) throws -> ExactRatio {
        try #require(list.first { $0.name == name }, "no channel \(name)").lsb
    }

    @Test func exactRatiosReduceAndMultiply() {
        #expect(ExactRatio(2, 4) == ExactRatio(1, 2))
        #expect(ExactRatio(3, -6) == ExactRatio(-1, 2))
        #expect(ExactRatio.decimal(122, exponent: -3) == ExactRatio(61, 500))
        #expect(ExactRatio(1, 3) * ExactRatio(3, 7) == ExactRatio(1, 7))
        #expect(ExactRatio(0, 5) == ExactRatio(0))
    }

    @Test func lsm6dsoFollowsTable2PerRange() throws {
        // LA_So mg/LSB: ±2 g 0.061, ±4 g 0.122, ±8 g 0.244, ±16 g 0.488; × 9.80665e-3 m/s² per mg.
        for (range, mg) in [("2", 61), ("4", 122), ("8", 244), ("16", 488)] {
            let list = try channels("st,lsm6dso", ["accel-range-g": range])
            #expect(try lsb(list, "accel_x") == ExactRatio(Int64(mg) * 980_665, 100_000_000_000))
        }
        // G_So mdps/LSB: 4.375, 8.75, 17.5, 35, 70 → °/s.
        for (range, microDps) in [("125", 4375), ("250", 8750), ("500", 17500), ("1000", 35000), ("2000", 70000)] {
            let list = try channels("st,lsm6dso", ["gyro-range-dps": range])
            #expect(try lsb(list, "gyro_z") == ExactRatio(Int64(microDps), 1_000_000))
            #expect(list.first { $0.name == "gyro_z" }?.unit == "deg/s")
        }
        let bypass = try channels("st,lsm6dso")
        #expect(try lsb(bypass, "temperature") == ExactRatio(1, 256))
        #expect(bypass.map(\.name) == ["accel_x", "accel_y", "accel_z", "gyro_x", "gyro_y", "gyro_z", "temperature"])
        // The FIFO carries no temperature.
        #expect(try !channels("st,lsm6dso", ["fifo-mode": "continuous"]).contains { $0.name == "temperature" })
    }

    @Test func mpu6050FollowsItsSensitivityTables() throws {
        for (range, perG) in [("2", 16384), ("4", 8192), ("8", 4096), ("16", 2048)] {
            let list = try channels("invensense,mpu6050", ["accel-range-g": range])
            #expect(try lsb(list, "accel_y") == ExactRatio(980_665, Int64(perG) * 100_000))
        }
        for (range, lsbTimesTen) in [("250", 1310), ("500", 655), ("1000", 328), ("2000", 164)] {
            let list = try channels("invensense,mpu6050", ["gyro-range-dps": range])
            #expect(try lsb(list, "gyro_x") == ExactRatio(10, Int64(lsbTimesTen)))
        }
        let temperature = try #require(try channels("invensense,mpu6050").first { $0.name == "temperature" })
        #expect(temperature.lsb == ExactRatio(1, 340))
        #expect(temperature.offset == ExactRatio(3653, 100))
    }

    @Test func adxl345FollowsResolutionAndRange() throws {
        // Full resolution: 256 LSB/g at every range; 10-bit: 256, 128, 64, 32 LSB/g.
        for range in ["2", "4", "8", "16"] {
            #expect(
                try lsb(channels("adi,adxl345", ["accel-range-g": range]), "accel_z")
                    == ExactRatio(980_665, 256 * 100_000))
        }
        for (range, perG) in [("2", 256), ("4", 128), ("8", 64), ("16", 32)] {
            let list = try channels("adi,adxl345", ["accel-range-g": range, "resolution": "10-bit"])
            #expect(try lsb(list, "accel_x") == ExactRatio(980_665, Int64(perG) * 100_000))
        }
    }

    @Test func lis3mdlFollowsTable3() throws {
        for (range, perGauss) in [("4", 6842), ("8", 3421), ("12", 2281), ("16", 1711)] {
            let list = try channels("st,lis3mdl", ["range-gauss": range])
            #expect(try lsb(list, "mag_x") == ExactRatio(100, Int64(perGauss)))
        }
        #expect(try lsb(channels("st,lis3mdl"), "temperature") == ExactRatio(1, 8))
        #expect(try !channels("st,lis3mdl", ["temperature": "off"]).contains { $0.name == "temperature" })
    }

    @Test func environmentalChipsUseTheirCompensationResolution() throws {
        let bmp = try channels("bosch,bmp280")
        #expect(bmp.map(\.name) == ["temperature", "pressure"])
        #expect(try lsb(bmp, "pressure") == ExactRatio(1, 256))
        #expect(try lsb(bmp, "temperature") == ExactRatio(1, 100))
        #expect(try lsb(channels("bosch,bme280"), "humidity") == ExactRatio(1, 1024))
        #expect(try !channels("bosch,bmp280", ["pressure-oversampling": "skip"]).contains { $0.name == "pressure" })
        #expect(try lsb(channels("ti,tmp117"), "temperature") == ExactRatio(1, 128))  // 7.8125 m°C
        #expect(try lsb(channels("meas,ms5611"), "pressure") == ExactRatio(1))
        let sht = try channels("sensirion,sht3x")
        #expect(try lsb(sht, "temperature") == ExactRatio(175, 65535))
        #expect(sht.first?.offset == ExactRatio(-45))
        #expect(try lsb(sht, "humidity") == ExactRatio(100, 65535))
    }

    @Test(arguments: ChipRegistry.all.map(\.compatible))
    func readingsQuantiseToCodesWithinHalfAnLSB(_ compatible: String) throws {
        let entry = try #require(ChipRegistry.entry(compatible))
        let interface: ChipInterface = entry.interfaces.contains(.i2c) ? .i2c : .spi
        let bench = try SweepBench(SweepCase(compatible, interface), seed: 5)
        let list = try #require(bench.driver as? any ChannelDescribing).channels
        for _ in 0..<5 {
            let reading = try bench.readFresh()
            for channel in list {
                let value = try #require(reading.values[channel.quantity]?[channel.component], "\(channel.name)")
                let code = try #require(channel.code(ofSI: value))
                let back = channel.value(ofCode: code) * channel.unitToSI
                // Exact chips land on their grid; every chip lands within half an LSB.
                #expect(abs(back - value) <= channel.lsb.value * channel.unitToSI / 2 + 1e-9 * abs(value))
            }
        }
    }
}
