// SensorGate — Drivers tests: the TMP117 temperature format and timing against the datasheet's tables.

import Drivers
import Testing

@Suite struct TMP117ConversionTests {
    /// Datasheet §7.3.3, Table 7-1 (temperature register value at 0.0078125 °C resolution), plus −55 °C,
    /// the bottom of the operating range, and 200 °C.
    static let table: [(celsius: Double, code: UInt16)] = [
        (-256, 0x8000), (-55, 0xE480), (-25, 0xF380), (-0.125, 0xFFF0), (-0.0078125, 0xFFFF), (0, 0x0000),
        (0.0078125, 0x0001), (0.125, 0x0010), (1, 0x0080), (25, 0x0C80), (100, 0x3200), (200, 0x6400),
        (255.9921875, 0x7FFF),
    ]

    @Test(arguments: table)
    func registerValuesConvertBothWays(_ celsius: Double, _ code: UInt16) {
        #expect(TMP117Temperature.celsius(code) == celsius)
        #expect(TMP117Temperature.code(celsius) == code)
    }

    @Test func codesOutsideTheRegisterAreRefused() {
        #expect(TMP117Temperature.code(256) == nil)
        #expect(TMP117Temperature.code(-256.01) == nil)
        #expect(TMP117Temperature.code(.nan) == nil)
        // Rounding to the nearest LSB: 25.004 °C is 3200.5 LSB → 3201 (0x0C81).
        #expect(TMP117Temperature.code(25.004) == 0x0C81)
    }

    @Test func conversionCycleTableInContinuousMode() {
        // Datasheet §7.4.1, conversion cycle time by CONV (rows) and AVG (columns 1, 8, 32, 64), ms.
        let table: [[Double]] = [
            [15.5, 125, 500, 1000], [125, 125, 500, 1000], [250, 250, 500, 1000], [500, 500, 500, 1000],
            [1000, 1000, 1000, 1000], [4000, 4000, 4000, 4000], [8000, 8000, 8000, 8000],
            [16000, 16000, 16000, 16000],
        ]
        for (code, row) in table.enumerated() {
            for (column, milliseconds) in row.enumerated() {
                let cycle = TMP117ConversionCycle.allCases[code]
                let averaging = TMP117Averaging.allCases[column]
                #expect(
                    cycle.cycleTime(with: averaging) == .microseconds(Int64(milliseconds * 1000)),
                    "CONV \(code) AVG \(column)")
            }
        }
        // Active conversion: 15.5 ms per conversion averaged.
        #expect(
            TMP117Averaging.allCases.map(\.activeConversionTime) == [
                .microseconds(15_500), .microseconds(124_000), .microseconds(496_000), .microseconds(992_000),
            ])
    }

    @Test func configurationWords() {
        // Factory 0x0220 (continuous, CONV 100, AVG 01) with DR/Alert (bit 2) set.
        #expect(TMP117Settings.default.startConfiguration == 0x0224)
        // One-shot waits in shutdown (MOD 01) and triggers with MOD 11; no averaging, POL high.
        let oneShot = TMP117Settings(mode: .oneShot, averaging: .none, alertActiveHigh: true)
        #expect(oneShot.startConfiguration == 0x060C)
        #expect(oneShot.configurationWord(mode: 0b11) == 0x0E0C)
        #expect(TMP117Settings(conversionCycle: .ms15_5, dataReadyPin: false).startConfiguration == 0x0020)
        #expect(TMP117Settings(offsetC: -1.5).offsetCode == 0xFF40)
        #expect(TMP117Settings(offsetC: 300).offsetCode == nil)
    }
}
