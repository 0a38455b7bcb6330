// SensorGate — tests: PSM and eDRX timers as 3GPP bit strings (TS 24.008 §10.5.7.4, §10.5.7.4a, §10.5.5.32).

import Modem
import Testing

@Suite struct PSMTimerTests {
    /// The example of Quectel's BG96 AT manual (AT+CPSMS): T3412 "00000100" (4 × 10 min), T3324 "00001111" (15 × 2 s).
    @Test func theManualsExampleDecodesAndEncodesBack() {
        #expect(PSMTimer.decodeT3412("00000100") == .seconds(2400))
        #expect(PSMTimer.decodeT3324("00001111") == .seconds(30))
        #expect(PSMTimer.encodeT3412(.seconds(2400)) == "00000100")
        #expect(PSMTimer.encodeT3324(.seconds(30)) == "00001111")
    }

    @Test func eachT3412UnitIsChosenWhenItFitsBest() {
        #expect(PSMTimer.encodeT3412(.seconds(10)) == "01100101")  // 5 × 2 s
        #expect(PSMTimer.encodeT3412(.seconds(90)) == "10000011")  // 3 × 30 s
        #expect(PSMTimer.encodeT3412(.seconds(3600)) == "00000110")  // 6 × 10 min (equal to 1 × 1 h; finer unit)
        #expect(PSMTimer.encodeT3412(.seconds(86_400)) == "00111000")  // 24 × 1 h
        #expect(PSMTimer.encodeT3412(.seconds(360_000)) == "01001010")  // 10 × 10 h
        #expect(PSMTimer.encodeT3412(.seconds(1_152_000 * 31)) == "11011111")  // 31 × 320 h
        #expect(PSMTimer.encodeT3412(.seconds(1_152_000 * 32)) == nil)
    }

    @Test func aPeriodBetweenStepsRoundsUpToTheShortestLongerOne() {
        // 61 s: 31 × 2 s = 62 s is the shortest period not below it.
        #expect(PSMTimer.encodeT3412(.seconds(61)) == "01111111")
        // 70 s: 2 s steps stop at 62 s; 3 × 30 s = 90 s beats 2 × 1 min = 120 s.
        #expect(PSMTimer.encodeT3412(.seconds(70)) == "10000011")
        #expect(PSMTimer.encodeT3324(.seconds(70)) == "00100010")  // 2 × 1 min
    }

    @Test func t3324UnitsAndDeactivation() {
        #expect(PSMTimer.encodeT3324(.seconds(360)) == "00100110")  // 6 × 1 min (equal to 1 decihour)
        #expect(PSMTimer.encodeT3324(.seconds(3600)) == "01001010")  // 10 decihours
        #expect(PSMTimer.decodeT3324("01000001") == .seconds(360))
        #expect(PSMTimer.decodeT3324(PSMTimer.deactivated) == nil)
        #expect(PSMTimer.decodeT3412("11100000") == nil)
        #expect(PSMTimer.decodeT3412("0101") == nil)
        #expect(PSMTimer.decodeT3412("0000000x") == nil)
    }

    @Test func everyEncodingDecodesToAtLeastTheRequest() {
        for seconds in stride(from: 0, through: 200_000, by: 997) {
            let period = Duration.seconds(seconds)
            if let bits = PSMTimer.encodeT3412(period) {
                #expect((PSMTimer.decodeT3412(bits) ?? .zero) >= period)
            }
        }
    }

    @Test func edrxCyclesFollowTheTableAndNBIoTSkipsItsInvalidValues() {
        #expect(EDRXCycle.encode(.milliseconds(81_920), access: .nbiot) == "0101")
        #expect(EDRXCycle.encode(.seconds(120), access: .ltem) == "0110")  // 102.4 s
        #expect(EDRXCycle.encode(.seconds(120), access: .nbiot) == "0101")  // 102.4 s is not valid in NB-S1
        #expect(EDRXCycle.encode(.seconds(1), access: .ltem) == "0000")
        #expect(EDRXCycle.decode("1111", access: .nbiot) == .milliseconds(10_485_760))
        #expect(EDRXCycle.decode("0110", access: .nbiot) == nil)
    }

    @Test func theCommandsCarryTheBitStrings() throws {
        let command = try #require(
            ModemDialect.bg96.psmCommand(PSMSettings(periodicUpdate: .seconds(2400), activeTime: .seconds(30))))
        #expect(command.text == "AT+CPSMS=1,,,\"00000100\",\"00001111\"")
        #expect(ModemDialect.bc66.edrxCommand(.milliseconds(81_920)).text == "AT+CEDRXS=1,5,\"0101\"")
        #expect(ModemDialect.bg95.psmCommand(nil)?.text == "AT+CPSMS=0")
    }
}
