// SensorGate — Drivers tests: the inverse conversion's search, with and without a hint, finds the same code.

import Drivers
import Testing

@Suite struct InverseConversionTests {
    /// The BMP280 datasheet's example trims (§3.12), spelled out here rather than taken from the driver.
    private let example = BMP280Calibration(
        digT1: 27504, digT2: 26435, digT3: -1000, digP1: 36477,
        digP2to9: [-10685, 3024, 2855, 140, -7, 15500, -14600, 6000])
    /// t_fine of the datasheet's example (adc_T 519888, 25.08 °C).
    private let tFine: Int32 = 128422

    /// Pressure in Pa from a 20-bit code, as the BMP280 model inverts it (decreasing in the code).
    private func pascals(_ code: Int32) -> Double {
        Double(Int32(bitPattern: example.compensatePressure(adcP: code, tFine: tFine))) / 256
    }

    /// Temperature in °C from a 20-bit code (increasing in the code).
    private func celsius(_ code: Int32) -> Double {
        Double(example.compensateTemperature(adcT: code).centidegreesC) / 100
    }

    /// Hints near, far from and beyond the answer, at both ends, and none.
    private func hints(around code: Int32) -> [Int32?] {
        [nil, code, code + 16, code - 16, code + 1 << 12, code - 1 << 12, 0, 0xFFFF0, -5, 1 << 21]
    }

    @Test func theDatasheetExampleIsFoundFromAnyHint() {
        // 100653.27 Pa at 25.08 °C is adc_P 415148 (§3.12): the search finds it at full resolution.
        for hint in hints(around: 415_148) {
            let code = InverseConversion.nearestCode(target: 100_653.27, codeBits: 20, resolution: 20, hint: hint) {
                pascals($0)
            }
            #expect(code == 415_148, "hint \(String(describing: hint))")
        }
        // 25.08 °C spans several codes (0.01 °C per step of the result): from a far hint the search ends on
        // the same one as without a hint.
        let plain = InverseConversion.nearestCode(target: 25.08, codeBits: 20, resolution: 20) { celsius($0) }
        let adcT = InverseConversion.nearestCode(target: 25.08, codeBits: 20, resolution: 20, hint: 600_000) {
            celsius($0)
        }
        #expect(adcT == plain)
        #expect(celsius(adcT) == 25.08)
        #expect(abs(Int(adcT) - 519_888) < 32)
    }

    @Test func aHintNeverChangesTheCodeFound() {
        // Pressures from 30 kPa to 110 kPa and temperatures from −40 to 85 °C, at 16 to 20 bits, with the
        // edges beyond the range: the hinted search returns what the whole-range bisection returns.
        var checked = 0
        func check(_ target: Double, _ unit: String, resolution: Int, _ convert: (Int32) -> Double) {
            let plain = InverseConversion.nearestCode(target: target, codeBits: 20, resolution: resolution, convert)
            for hint in hints(around: plain) {
                let hinted = InverseConversion.nearestCode(
                    target: target, codeBits: 20, resolution: resolution, hint: hint, convert)
                #expect(hinted == plain, "\(target) \(unit), \(resolution) bits, hint \(String(describing: hint))")
                checked += 1
            }
        }
        for resolution in [16, 18, 20] {
            for step in 0...80 { check(30_000 + Double(step) * 1_000.37, "Pa", resolution: resolution, pascals) }
            for target in stride(from: -45.0, through: 90.0, by: 0.73) {
                check(target, "°C", resolution: resolution, celsius)
            }
        }
        #expect(checked > 5_000)
    }

    @Test func aNearHintTakesFewerConversions() {
        // A conversion a few codes from the last one (a resting barometer with noise) brackets the answer
        // in a few steps instead of bisecting 2^20 codes.
        let target = 100_653.27
        var plainCount = 0
        let plain = InverseConversion.nearestCode(target: target, codeBits: 20, resolution: 20) {
            plainCount += 1
            return pascals($0)
        }
        var hintedCount = 0
        let hinted = InverseConversion.nearestCode(target: target, codeBits: 20, resolution: 20, hint: plain + 3) {
            hintedCount += 1
            return pascals($0)
        }
        #expect(hinted == plain)
        #expect(plainCount >= 22)
        #expect(hintedCount <= 10)
    }
}
