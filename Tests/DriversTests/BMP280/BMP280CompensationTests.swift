// SensorGate — Drivers tests: BMP280/BME280 compensation against the datasheets' worked example.

import Drivers
import Testing

@Suite struct BMP280CompensationTests {
    /// The BMP280 datasheet's example trims (§3.12), spelled out here rather than taken from the driver.
    private let example = BMP280Calibration(
        digT1: 27504, digT2: 26435, digT3: -1000, digP1: 36477,
        digP2to9: [-10685, 3024, 2855, 140, -7, 15500, -14600, 6000])

    @Test func datasheetTemperatureExample() {
        // adc_T 519888 → t_fine 128422, T 2508 (25.08 °C).
        let (centidegrees, tFine) = example.compensateTemperature(adcT: 519888)
        #expect(tFine == 128422)
        #expect(centidegrees == 2508)
    }

    @Test func datasheetPressureExample() {
        // adc_P 415148 with t_fine 128422 → 100653.27 Pa. The datasheet's table prints the Q24.8 code as
        // 25767236, but its own published 64-bit formula evaluates to 25767233 (0.01 Pa lower, the
        // table having been drawn from the floating-point path); the formula is what chips are read with.
        let q248 = example.compensatePressure(adcP: 415148, tFine: 128422)
        #expect(q248 == 25_767_233)
        #expect(abs(Double(q248) / 256 - 100653.27) < 0.05)
    }

    @Test func trimmingBlockDecodesLittleEndianWithSignedWords() throws {
        // 0x88…0x9F: dig_T1 27504 = 0x6B70 is stored 0x70 0x6B; dig_T3 −1000 = 0xFC18 as 0x18 0xFC.
        let block: [UInt8] = [
            0x70, 0x6B, 0x43, 0x67, 0x18, 0xFC, 0x7D, 0x8E, 0x43, 0xD6, 0xD0, 0x0B, 0x27, 0x0B, 0x8C, 0x00, 0xF9,
            0xFF, 0x8C, 0x3C, 0xF8, 0xC6, 0x70, 0x17, 0x00, 0x00,
        ]
        let decoded = try #require(BMP280Calibration.decode(block, humidity: nil))
        #expect(decoded == example)
    }

    @Test func humidityTrimsShareANibbleAt0xE5() throws {
        // 0xE1/0xE2 dig_H2 = 0x016A (362); 0xE3 dig_H3 0; dig_H4 = 0xE4 << 4 | 0xE5[3:0] = 0x139 (313);
        // dig_H5 = 0xE6 << 4 | 0xE5[7:4] = 0x032 (50); 0xE7 dig_H6 30; 0xA1 dig_H1 75.
        var block = [UInt8](repeating: 0x11, count: 26)
        block[25] = 75
        let decoded = try #require(
            BMP280Calibration.decode(block, humidity: [0x6A, 0x01, 0x00, 0x13, 0x29, 0x03, 0x1E]))
        #expect(decoded.digH1 == 75 && decoded.digH2 == 362 && decoded.digH3 == 0)
        #expect(decoded.digH4 == 313 && decoded.digH5 == 50 && decoded.digH6 == 30)
        // Both 12-bit values are signed: 0xFF, 0xFF, 0xFF decode to −1 each.
        let negative = try #require(BMP280Calibration.decode(block, humidity: [0, 0, 0, 0xFF, 0xFF, 0xFF, 0]))
        #expect(negative.digH4 == -1 && negative.digH5 == -1)
        #expect(decoded.encodedHumidityBlock == [0x6A, 0x01, 0x00, 0x13, 0x29, 0x03, 0x1E])
    }

    @Test func humidityMatchesTheFloatingPointFormula() {
        // BME280 §8.1, double precision, written out independently; the integer result (Q22.10) must agree.
        let trims = BMP280Calibration(
            digT1: 27504, digT2: 26435, digT3: -1000, digP1: 36477, digP2to9: [],
            digH1: 75, digH2: 362, digH3: 0, digH4: 313, digH5: 50, digH6: 30)
        for adcH: Int32 in [22000, 26000, 30000, 34000] {
            let tFine: Int32 = 128422
            let x = Double(tFine) - 76800
            var h =
                (Double(adcH) - (313 * 64 + 50 / 16384 * x))
                * (362 / 65536 * (1 + 30 / 67_108_864 * x * (1 + 0 / 67_108_864 * x)))
            h *= 1 - 75 * h / 524_288
            let reference = min(max(h, 0), 100)
            let integer = Double(trims.compensateHumidity(adcH: adcH, tFine: tFine)) / 1024
            #expect(abs(integer - reference) < 0.05, "adc_H \(adcH): \(integer) vs \(reference)")
        }
    }

    @Test func measurementTimeFollowsTheDatasheetFormula() {
        // BMP280 table 13: osrs_p x16, osrs_t x2 (ultra high resolution) takes at most 43.2 ms; x1/x1 6.4 ms.
        let indoor = BMP280Settings.default
        #expect(indoor.maximumMeasurementTime(for: .bmp280) == .microseconds(43_225))
        #expect(BMP280Settings.weatherMonitoring.maximumMeasurementTime(for: .bmp280) == .microseconds(6_425))
        // BME280 adds 2.3·osrs_h + 0.575 ms: x1/x1/x1 is 9.3 ms at most (BME280 §9.1).
        #expect(BMP280Settings.weatherMonitoring.maximumMeasurementTime(for: .bme280) == .microseconds(9_300))
    }
}
