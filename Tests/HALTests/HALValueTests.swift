// SensorGate — tests of HAL's value types.

import HAL
import Testing

@Suite struct HALValueTests {
    @Test func errorDescriptionNamesDeviceOperationErrnoAndHint() {
        let error = HALError(
            .noAcknowledge(.address), device: "/dev/i2c-1", operation: "I2C_RDWR to 0x76", errno: 6,
            hint: "is the chip wired and powered?")
        #expect(
            error.description
                == "/dev/i2c-1: I2C_RDWR to 0x76: no acknowledge of address (errno 6 ENXIO): is the chip wired and powered?"
        )
        #expect(HALError(.timeout, device: "sim:i2c0", operation: "read").description == "sim:i2c0: read: timeout")
    }

    @Test func addressesAreSevenBitAndKnowReservedRanges() {
        #expect(I2CAddress(rawValue: 0x80) == nil)
        #expect(I2CAddress(rawValue: 0x76)?.description == "0x76")
        #expect(I2CAddress(0x03).isReserved)
        #expect(I2CAddress(0x78).isReserved)
        #expect(!I2CAddress(0x08).isReserved)
        #expect(!I2CAddress(0x77).isReserved)
    }

    @Test func hexSpelling() {
        #expect(Hex.byte(0x0F) == "0x0f")
        #expect(Hex.word(0x0117) == "0x0117")
        #expect(Hex.bytes([0xD0, 0x58]) == "[0xd0 0x58]")
    }

    @Test func instantArithmeticIsExactInNanoseconds() {
        let start = MonotonicInstant(nanoseconds: 1_000)
        let later = start + .milliseconds(3)
        #expect(later.nanoseconds == 3_001_000)
        #expect(later - start == .milliseconds(3))
        #expect(Duration.seconds(86_400 * 365).nanoseconds == 31_536_000_000_000_000)
        #expect(Duration.microseconds(-5).nanoseconds == -5_000)
        #expect(Duration.seconds(Int64.max).nanoseconds == .max)
        #expect(Duration.seconds(Int64.min).nanoseconds == .min)
        #expect(Duration(attoseconds: 1_999_999_999).nanoseconds == 1)
        #expect(Duration(attoseconds: -1_999_999_999).nanoseconds == -1)
        // The edges of the range: exactly Int64.min and Int64.max nanoseconds, and one attosecond-scale
        // step past them.
        #expect(Duration(attoseconds: Int128(Int64.max) * 1_000_000_000 + 999_999_999).nanoseconds == .max)
        #expect(Duration(attoseconds: Int128(Int64.min) * 1_000_000_000 - 999_999_999).nanoseconds == .min)
        #expect(Duration(attoseconds: Int128(Int64.min) * 1_000_000_000 - 1_000_000_000).nanoseconds == .min)
    }

    @Test func nanosecondsAgreeWithTheGeneric128BitDivision() {
        var random = SplitMix64(seed: 20_261_122)
        var mismatches: [Int128] = []
        for _ in 0..<20_000 {
            // Magnitudes from a few attoseconds to well past the Int64 nanosecond range.
            let shift = Int(random.next() % 100)
            let magnitude = (Int128(random.next() >> 1) << 32 | Int128(random.next() >> 32)) >> (95 - min(shift, 95))
            let attoseconds = random.next() & 1 == 0 ? magnitude : -magnitude
            let expected = Int64(clamping: attoseconds / 1_000_000_000)
            if Duration(attoseconds: attoseconds).nanoseconds != expected { mismatches.append(attoseconds) }
        }
        #expect(mismatches.isEmpty, "first mismatch at \(mismatches.first ?? 0) attoseconds")
    }

    @Test func periodTimesIndexIsExactBelowANanosecond() {
        // A 3200 Hz period is 312 500 ns; a third of a second is not a whole number of nanoseconds.
        let third = Duration.seconds(1) / 3
        #expect(third * 3 == .seconds(1) - Duration(attoseconds: 1))
        #expect(third * Int64(3_000_000) == .seconds(1_000_000) - Duration(attoseconds: 1_000_000))
        #expect(Duration.nanoseconds(312_500) * 3200 == .seconds(1))
        #expect(Duration.nanoseconds(312_500) * Int64(-3200) == .seconds(-1))
        // A week of samples at 3200 Hz, indexed by Int64, lands on the second.
        #expect(Duration.nanoseconds(312_500) * Int64(3200 * 604_800) == .seconds(604_800))
    }

    @Test func spiModesSpellPolarityAndPhase() {
        #expect(!SPIMode.mode0.clockIdlesHigh && !SPIMode.mode0.samplesOnSecondEdge)
        #expect(SPIMode.mode3.clockIdlesHigh && SPIMode.mode3.samplesOnSecondEdge)
        #expect(SPITransfer(write: [1, 2, 3], readCount: 3).length == 3)
    }
}
