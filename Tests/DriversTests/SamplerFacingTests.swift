// SensorGate — DriversTests: what drivers tell the sampler about their pins and FIFOs.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct SamplerFacingTests {
    private func driver(_ compatible: String, _ settings: [String: String]) throws -> any SensorDriver {
        let entry = try #require(ChipRegistry.entry(compatible))
        let attachment: ChipAttachment =
            entry.interfaces.contains(.i2c)
            ? .i2c(SimI2CBus(name: "sim:test"), I2CAddress(0x08))
            : .spi(SimSPIBus(name: "sim:test").device(chipSelect: 0))
        return try entry.makeDriver(attachment, VirtualClock(), ChipOptions(settings))
    }

    @Test func pinPolarityFollowsTheSettings() throws {
        // TMP117 ALERT: active low unless POL (alert-active-high) is set.
        #expect(try driver("ti,tmp117", [:]).interruptsActiveLow)
        #expect(try !driver("ti,tmp117", ["alert-active-high": "yes"]).interruptsActiveLow)
        // ADXL345 INT_INVERT, written either way a board file may spell a flag.
        #expect(try !driver("adi,adxl345", [:]).interruptsActiveLow)
        #expect(try driver("adi,adxl345", ["interrupt-active-low": "yes"]).interruptsActiveLow)
        #expect(try !driver("st,lis3mdl", [:]).interruptsActiveLow)
    }

    @Test func watermarksAreCountedInSamples() throws {
        // LSM6DSO: FIFO_CTRL1/2 count words, two per sample with both sensors batched.
        let imu = try #require(
            try driver("st,lsm6dso", ["fifo-mode": "continuous", "fifo-watermark": "64"]) as? any FIFOSensorDriver)
        #expect(imu.fifoWatermarkSamples == 32)
        // ADXL345: FIFO_CTL Samples counts entries; bypass has no watermark.
        let vibration = try #require(try driver("adi,adxl345", ["watermark": "16"]) as? any FIFOSensorDriver)
        #expect(vibration.fifoWatermarkSamples == 16)
        let bypass = try #require(try driver("adi,adxl345", ["fifo-mode": "bypass"]) as? any FIFOSensorDriver)
        #expect(bypass.fifoWatermarkSamples == nil)
        // MPU-6050: no watermark interrupt at all.
        let aux = try #require(try driver("invensense,mpu6050", ["fifo": "true"]) as? any FIFOSensorDriver)
        #expect(aux.fifoWatermarkSamples == nil)
    }
}
