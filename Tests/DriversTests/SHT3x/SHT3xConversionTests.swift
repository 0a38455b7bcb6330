// SensorGate — Drivers tests: the SHT3x conversion formulas, the 65535 divisor and the CRC framing.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct SHT3xConversionTests {
    @Test func theDivisorIsTwoToTheSixteenMinusOne() {
        // §4.13: full scale S = 0xFFFF is exactly 130 °C and 100 %RH; a divisor of 65536 gives
        // 129.9973 °C and 99.9985 %RH.
        #expect(SHT3xConversion.temperatureC(0xFFFF) == 130)
        #expect(SHT3xConversion.humidityRH(0xFFFF) == 100)
        #expect(SHT3xConversion.temperatureC(0x0000) == -45)
        #expect(SHT3xConversion.humidityRH(0x0000) == 0)
        // Half scale is not exactly half, because 0x8000 is not 65535 / 2.
        #expect(SHT3xConversion.humidityRH(0x8000) == 100 * 32768 / 65535.0)
        #expect(SHT3xConversion.humidityRH(0x8000) > 50)
    }

    @Test func wordsCarryTheDatasheetCRCExample() {
        // §4.12, table 20: CRC(0xBEEF) = 0x92.
        #expect(SHT3xWords.encode([0xBEEF]) == [0xBE, 0xEF, 0x92])
        #expect(SHT3xWords.encode([0x8010, 0x0000]) == [0x80, 0x10, 0xE1, 0x00, 0x00, 0x81])
        #expect(SHT3xWords.decode([0xBE, 0xEF, 0x92, 0x66, 0x66, 0x93]) == .success([0xBEEF, 0x6666]))
    }

    @Test func aBadCRCNamesItsWord() {
        #expect(SHT3xWords.decode([0xBE, 0xEF, 0x93, 0x66, 0x66, 0x93]) == .failure(SHT3xWords.WordError(index: 0)))
        #expect(SHT3xWords.decode([0xBE, 0xEF, 0x92, 0x66, 0x66, 0x00]) == .failure(SHT3xWords.WordError(index: 1)))
        #expect(SHT3xWords.decode([0xBE, 0xEF]) == .failure(SHT3xWords.WordError(index: 0)))
    }

    @Test func commandsAreTheDatasheetTables() {
        // Table 9: single shot.
        #expect(SHT3xCommand.singleShot(.high, clockStretching: true).bytes == [0x2C, 0x06])
        #expect(SHT3xCommand.singleShot(.medium, clockStretching: true).bytes == [0x2C, 0x0D])
        #expect(SHT3xCommand.singleShot(.low, clockStretching: true).bytes == [0x2C, 0x10])
        #expect(SHT3xCommand.singleShot(.high, clockStretching: false).bytes == [0x24, 0x00])
        #expect(SHT3xCommand.singleShot(.medium, clockStretching: false).bytes == [0x24, 0x0B])
        #expect(SHT3xCommand.singleShot(.low, clockStretching: false).bytes == [0x24, 0x16])
        // Table 10: periodic, by rate and repeatability.
        let table: [(SHT3xPeriodicRate, [UInt16])] = [
            (.mps0_5, [0x2032, 0x2024, 0x202F]), (.mps1, [0x2130, 0x2126, 0x212D]),
            (.mps2, [0x2236, 0x2220, 0x222B]), (.mps4, [0x2334, 0x2322, 0x2329]),
            (.mps10, [0x2737, 0x2721, 0x272A]),
        ]
        for (rate, codes) in table {
            for (repeatability, code) in zip([SHT3xRepeatability.high, .medium, .low], codes) {
                #expect(SHT3xCommand.periodic(rate, repeatability).rawValue == code)
                #expect(SHT3xCommand(rawValue: code).measurement?.mode == .periodic(rate))
            }
        }
        #expect(SHT3xCommand(rawValue: 0x3093).measurement == nil)
        #expect(SHT3xCommand.fetchData.description == "0xe000")
    }

    @Test func settingsComeFromBoardOptions() throws {
        let entry = try #require(ChipRegistry.entry("sensirion,sht3x"))
        #expect(entry.interfaces == [.i2c] && entry.part == "SHT3x")
        let options = ChipOptions(["mode": "periodic", "rate": "4", "repeatability": "low", "heater": "on"])
        let clock = VirtualClock()
        let bus = SimI2CBus(clock: clock)
        let driver = try entry.makeDriver(.i2c(bus, I2CAddress(0x44)), clock, options)
        #expect(driver.outputDataRateHz == 4)
        #expect(
            (driver as? SHT3x)?.settings
                == SHT3xSettings(repeatability: .low, mode: .periodic, rate: .mps4, heater: true))
        #expect(throws: ChipOptionError(key: "rate", message: "'3' is not one of 0.5, 1, 2, 4, 10")) {
            _ = try entry.makeDriver(.i2c(bus, I2CAddress(0x44)), clock, ChipOptions(["rate": "3"]))
        }
    }
}
