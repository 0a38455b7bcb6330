// SensorGate — Drivers tests: MS5611 compensation against the datasheet's worked example and by hand.

import Drivers
import Testing

@Suite struct MS5611CompensationTests {
    /// The datasheet's example coefficients C1–C6, spelled out here rather than taken from the driver.
    private let example = MS5611Calibration(words: [0x0000, 40127, 36924, 23317, 23282, 33464, 28312, 0x4104])

    @Test func datasheetWorkedExample() {
        // MS5611-01BA03 "Pressure and temperature calculation": D1 9085466, D2 8569150 →
        // dT 2366, TEMP 2007 (20.07 °C), OFF 2420281617, SENS 1315097036, P 100009 (1000.09 mbar).
        let result = example.compensate(d1: 9_085_466, d2: 8_569_150)
        #expect(result.dT == 2366)
        #expect(result.temperature == 2007)
        #expect(result.offset == 2_420_281_617)
        #expect(result.sensitivity == 1_315_097_036)
        #expect(result.pressure == 100_009)
    }

    @Test func secondOrderBelow20C() {
        // D2 8000000, D1 9085466, worked by hand from the datasheet's formulas (÷2ⁿ rounds toward −∞):
        // dT   = 8000000 − 33464·256 = 8000000 − 8566784 = −566784
        // TEMP = 2000 + ⌊−566784·28312 / 2²³⌋ = 2000 + ⌊−16046788608 / 8388608⌋ = 2000 + ⌊−1912.93⌋ = 87
        // OFF  = 36924·2¹⁶ + ⌊23282·(−566784) / 2⁷⌋ = 2419851264 − 103092696 = 2316758568
        // SENS = 40127·2¹⁵ + ⌊23317·(−566784) / 2⁸⌋ = 1314881536 − 51623838 = 1263257698
        // TEMP < 2000: T2 = ⌊566784² / 2³¹⌋ = ⌊321244102656 / 2147483648⌋ = ⌊149.59⌋ = 149
        //   OFF2 = ⌊5·(87 − 2000)² / 2⌋ = ⌊5·3659569 / 2⌋ = 9148922
        //   SENS2 = ⌊5·3659569 / 4⌋ = 4574461
        // TEMP = 87 − 149 = −62 (−0.62 °C); OFF = 2316758568 − 9148922 = 2307609646;
        // SENS = 1263257698 − 4574461 = 1258683237
        // P = ⌊(⌊9085466·1258683237 / 2²¹⌋ − 2307609646) / 2¹⁵⌋ = ⌊(5452978017 − 2307609646) / 32768⌋
        //   = ⌊3145368371 / 32768⌋ = ⌊95989.02⌋ = 95989 Pa
        let result = example.compensate(d1: 9_085_466, d2: 8_000_000)
        #expect(result.dT == -566_784)
        #expect(result.temperature == -62)
        #expect(result.offset == 2_307_609_646)
        #expect(result.sensitivity == 1_258_683_237)
        #expect(result.pressure == 95_989)
    }

    @Test func secondOrderBelowMinus15C() {
        // D2 7233000, D1 8500000:
        // dT   = 7233000 − 8566784 = −1333784
        // TEMP = 2000 + ⌊−1333784·28312 / 2²³⌋ = 2000 + ⌊−37762092608 / 8388608⌋ = 2000 + ⌊−4501.59⌋ = −2502
        // OFF  = 2419851264 + ⌊23282·(−1333784) / 2⁷⌋ = 2419851264 + ⌊−242602805.4⌋ = 2177248458
        // SENS = 1314881536 + ⌊23317·(−1333784) / 2⁸⌋ = 1314881536 + ⌊−121483756.0⌋ = 1193397780
        // TEMP < 2000: T2 = ⌊1333784² / 2³¹⌋ = ⌊1778979758656 / 2147483648⌋ = ⌊828.40⌋ = 828
        //   OFF2 = ⌊5·(−2502 − 2000)² / 2⌋ = ⌊5·20268004 / 2⌋ = 50670010
        //   SENS2 = ⌊5·20268004 / 4⌋ = 25335005
        // TEMP < −1500: OFF2 += 7·(−2502 + 1500)² = 7·1004004 = 7028028 → 57698038
        //   SENS2 += ⌊11·1004004 / 2⌋ = 5522022 → 30857027
        // TEMP = −2502 − 828 = −3330 (−33.30 °C); OFF = 2177248458 − 57698038 = 2119550420;
        // SENS = 1193397780 − 30857027 = 1162540753
        // P = ⌊(⌊8500000·1162540753 / 2²¹⌋ − 2119550420) / 2¹⁵⌋ = ⌊(4711912346 − 2119550420) / 32768⌋
        //   = ⌊2592361926 / 32768⌋ = ⌊79112.61⌋ = 79112 Pa
        let result = example.compensate(d1: 8_500_000, d2: 7_233_000)
        #expect(result.dT == -1_333_784)
        #expect(result.temperature == -3330)
        #expect(result.offset == 2_119_550_420)
        #expect(result.sensitivity == 1_162_540_753)
        #expect(result.pressure == 79_112)
    }

    @Test func secondOrderIsContinuousAt20C() {
        // Just below 20 °C the corrections are tiny (T2 = ⌊dT²/2³¹⌋ = 0 for |dT| < 46341), so the first
        // code below 20.00 °C reads 19.99 °C, not a jump.
        let at20 = example.compensate(d1: 9_085_466, d2: 33464 * 256)
        let below = example.compensate(d1: 9_085_466, d2: 33464 * 256 - 1)
        #expect(at20.temperature == 2000)
        #expect(below.temperature == 1999)
        #expect(abs(at20.pressure - below.pressure) <= 1)
    }

    @Test func promWordsCarryTheCRC4() {
        // The factory PROM image of the example: C1–C6 = 0x9CBF 0x903C 0x5B15 0x5AF2 0x82B8 0x6E98, serial
        // 0x410 in word 7 bits 15:4 and AN520's CRC-4 (4) in bits 3:0.
        #expect(
            MS5611Calibration.datasheetExample.words == [
                0x0000, 0x9CBF, 0x903C, 0x5B15, 0x5AF2, 0x82B8, 0x6E98, 0x4104,
            ])
        #expect(example.storedCRC == 4 && example.computedCRC == 4)
        #expect(example.bytes(ofWord: 1) == [0x9C, 0xBF])
        var damaged = example
        damaged.words[3] ^= 0x0100
        #expect(damaged.computedCRC != damaged.storedCRC)
        #expect(MS5611Calibration(words: [UInt16](repeating: 0, count: 8)).isBlank)
        #expect(MS5611Calibration(words: [UInt16](repeating: 0xFFFF, count: 8)).isBlank)
        #expect(!example.isBlank)
    }

    @Test func commandsAndConversionTimesFollowTheDatasheet() {
        // Convert D1 0x40/0x42/0x44/0x46/0x48 and D2 0x50…0x58 for OSR 256…4096; maximum conversion
        // times 0.60/1.17/2.28/4.54/9.04 ms.
        let settings = MS5611Settings()
        #expect(settings.convertPressureCommand == 0x48 && settings.convertTemperatureCommand == 0x58)
        let fast = MS5611Settings(pressureOversampling: .osr256, temperatureOversampling: .osr1024)
        #expect(fast.convertPressureCommand == 0x40 && fast.convertTemperatureCommand == 0x54)
        #expect(
            MS5611Oversampling.allCases.map(\.maximumConversionTime) == [
                .microseconds(600), .microseconds(1170), .microseconds(2280), .microseconds(4540),
                .microseconds(9040),
            ])
        #expect(MS5611Oversampling.decode(0x46) == .osr2048 && MS5611Oversampling.decode(0x4A) == nil)
        #expect(MS5611Oversampling.decode(0x41) == nil)
    }
}
