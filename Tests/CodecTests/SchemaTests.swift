// SensorGate — Codec tests: the stream schema, its wire form and exact physical values.

import Codec
import HAL
import Testing

@Suite struct SchemaTests {
    /// The worked example of docs/batch-format.md §11.5.
    private func barometer() throws -> StreamSchema {
        try StreamSchema(
            streamID: 1, name: "baro", rateMilliHz: 1000, timestamps: .uniform,
            channels: [
                .init(name: "pressure", unit: "Pa", lsb: try ExactRational(parsing: "0.01")),
                .init(name: "temperature", unit: "Cel", lsb: try ExactRational(parsing: "1/16")),
            ])
    }

    private let example: [UInt8] = [
        0x01, 0x01, 0x00, 0x04, 0x62, 0x61, 0x72, 0x6f, 0xe8, 0x07, 0x00, 0x00, 0x02,
        0x08, 0x70, 0x72, 0x65, 0x73, 0x73, 0x75, 0x72, 0x65, 0x02, 0x50, 0x61, 0x02, 0x64, 0x00, 0x01,
        0x0b, 0x74, 0x65, 0x6d, 0x70, 0x65, 0x72, 0x61, 0x74, 0x75, 0x72, 0x65, 0x03, 0x43, 0x65, 0x6c,
        0x02, 0x10, 0x00, 0x01,
    ]

    @Test func theWorkedExampleEncodesByteForByte() throws {
        let schema = try barometer()
        #expect(schema.encoded() == example)
        #expect(try StreamSchema.decode(example) == schema)
        #expect(schema.fingerprint == 0xc440_f4b3_0c9b_6a10)
    }

    @Test func fnv1aMatchesThePublishedVectors() {
        #expect(FNV1a64.hash([UInt8]()) == 0xcbf2_9ce4_8422_2325)
        #expect(FNV1a64.hash(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        #expect(FNV1a64.hash(Array("foobar".utf8)) == 0x8594_4171_f739_67e8)
    }

    @Test func aChangedUnitChangesTheFingerprint() throws {
        let schema = try barometer()
        var channels = schema.channels
        channels[0] = .init(name: "pressure", unit: "hPa", lsb: channels[0].lsb)
        let changed = try StreamSchema(
            streamID: 1, name: "baro", rateMilliHz: 1000, timestamps: .uniform, channels: channels)
        #expect(changed.fingerprint != schema.fingerprint)
    }

    @Test func lsbsAreExactInEveryPublishedShape() throws {
        #expect(try ExactRational(parsing: "0.061") == ExactRational(numerator: 61, denominator: 1000))
        #expect(try ExactRational(parsing: "0.0625") == ExactRational(parsing: "1/16"))
        #expect(try ExactRational(parsing: "-2.5e-3") == ExactRational(numerator: -1, denominator: 400))
        #expect(try ExactRational(parsing: "6.1E-2").description == "61/1000")
        #expect(try ExactRational(parsing: "131").description == "131")
        #expect(try ExactRational(parsing: "2/262") == ExactRational(numerator: 1, denominator: 131))
        #expect(try ExactRational(shortestDecimalOf: 0.00479).description == "479/100000")
        for bad in ["", "abc", "1/0", "1..2", "1e", "e5", "1/x", "1e99", "0.0000000000001"] {
            #expect(throws: CodecError.self, "\(bad)") { try ExactRational(parsing: bad) }
        }
    }

    @Test func physicalValuesAreCodeTimesLSBPlusOffsetExactly() throws {
        let sixteenth = try ExactRational(parsing: "1/16")
        #expect(PhysicalValue(code: 401, lsb: sixteenth).decimalText() == "25.0625")
        #expect(PhysicalValue(code: -3, lsb: try ExactRational(parsing: "0.01")).decimalText() == "-0.03")
        #expect(PhysicalValue(code: 1000, lsb: try ExactRational(parsing: "0.061")).decimalText() == "61")
        let gyro = try ExactRational(parsing: "1/131")
        #expect(PhysicalValue(code: 262, lsb: gyro).decimalText() == "2")
        #expect(!PhysicalValue(code: 1, lsb: gyro).isDecimal)
        #expect(PhysicalValue(code: 1, lsb: gyro).decimalText(maxFractionDigits: 6) == "0.007634")
        let kelvin = try ExactRational(parsing: "273.15")
        #expect(
            PhysicalValue(code: 2000, lsb: try ExactRational(parsing: "0.01"), offset: kelvin).decimalText()
                == "293.15")
        #expect(
            PhysicalValue(code: 2, lsb: try ExactRational(parsing: "1/3")).decimalText(maxFractionDigits: 4)
                == "0.6667")
        #expect(
            PhysicalValue(code: -1, lsb: try ExactRational(parsing: "1/3")).decimalText(maxFractionDigits: 2)
                == "-0.33")
        // The extremes of every field stay inside 128-bit arithmetic.
        let wide = try ExactRational(numerator: ExactRational.maxMagnitude, denominator: ExactRational.maxMagnitude - 1)
        let value = PhysicalValue(code: Int32.min, lsb: wide, offset: wide)
        #expect(value.doubleValue < -2.1e9)
    }

    @Test func theLayoutAndTimesFollowTheRate() throws {
        let schema = try barometer()
        let layout = try schema.layout()
        #expect(layout.channels == 2 && layout.timestamps == .uniform && layout.nominalPeriodMicros == 1_000_000)
        let imu = try StreamSchema(
            streamID: 7, name: "imu", rateMilliHz: 285_714, timestamps: .explicit, epochMicros: 5,
            channels: [.init(name: "acc_x", unit: "m/s2", lsb: try ExactRational(parsing: "0.00479"))])
        #expect(try imu.layout().nominalPeriodMicros == 3500)
        let third = try StreamSchema(
            streamID: 2, name: "", rateMilliHz: 3000, timestamps: .uniform, epochMicros: 1_000,
            channels: [.init(name: "x", unit: "", lsb: .one)])
        #expect(third.timeMicros(index: 1) == 1_000 + 333_333)
        #expect(third.timeMicros(index: 3) == 1_000 + 1_000_000)
        #expect(imu.timeMicros(explicit: 10) == 15)
    }

    private func refusal(
        id: UInt32 = 1, rate: UInt64 = 1, mode: TimestampMode = .uniform, _ channels: [StreamSchema.Channel]
    ) -> CodecError.Kind? {
        do {
            _ = try StreamSchema(streamID: id, name: "", rateMilliHz: rate, timestamps: mode, channels: channels)
            return nil
        } catch {
            return error.kind
        }
    }

    @Test func invalidSchemasAreRefusedWithTheField() throws {
        let one = [StreamSchema.Channel(name: "x", unit: "", lsb: .one)]
        #expect(refusal(one) == nil)
        #expect(refusal(id: 0, one) == .invalidInput)
        #expect(refusal(rate: 0, one) == .invalidInput)
        #expect(refusal(rate: StreamSchema.maxRateMilliHz + 1, one) == .invalidInput)
        #expect(refusal([]) == .invalidInput)
        #expect(refusal(one + one) == .invalidInput)
        #expect(refusal([.init(name: "x", unit: "", lsb: .zero)]) == .invalidInput)
        #expect(refusal([.init(name: "", unit: "", lsb: .one)]) == .invalidInput)
        #expect(refusal([.init(name: "x", unit: String(repeating: "m", count: 33), lsb: .one)]) == .invalidInput)
        #expect(refusal(rate: 0, mode: .explicit, one) == nil)
        #expect(
            try StreamSchema(streamID: 1, name: "", rateMilliHz: 0, timestamps: .explicit, channels: one).layout()
                .nominalPeriodMicros == 0)
    }

    @Test func everyTruncationAndDamageIsATypedError() throws {
        for length in 0..<example.count {
            let error = #expect(throws: CodecError.self) { try StreamSchema.decode(Array(example[..<length])) }
            #expect(error?.kind == .truncated, "prefix \(length)")
        }
        func kind(_ bytes: [UInt8]) -> CodecError.Kind? {
            do {
                _ = try StreamSchema.decode(bytes)
                return nil
            } catch {
                return error.kind
            }
        }
        var version = example
        version[0] = 2
        #expect(kind(version) == .unsupportedVersion)
        #expect(kind(example + [0]) == .corrupt)
        var longForm = example
        longForm.replaceSubrange(1...1, with: [0x81, 0x00])  // stream ID 1 in two bytes
        #expect(kind(longForm) == .corrupt)
        var unreduced = example
        unreduced.replaceSubrange(25...26, with: [0x04, 0xc8, 0x01])  // LSB 2/200
        #expect(kind(unreduced) == .corrupt)
        var control = example
        control[1] = 0
        #expect(kind(control) == .corrupt)
        var channels = example
        channels[12] = 65
        #expect(kind(channels) == .limitExceeded)
        var utf8 = example
        utf8[4] = 0xff
        #expect(kind(utf8) == .corrupt)
        var mode = example
        mode[10] = 2
        #expect(kind(mode) == .corrupt)
        var zeroLSB = example
        zeroLSB[25] = 0
        #expect(kind(zeroLSB) == .corrupt)
    }

    @Test func randomSchemasRoundTripAndRandomDamageNeverTraps() throws {
        var random = SplitMix64(seed: 5)
        for n in 0..<200 {
            let channels = (0..<Int.random(in: 1...8, using: &random)).map { c in
                StreamSchema.Channel(
                    name: "ch\(c)é", unit: ["Pa", "m/s2", "Cel", "[g]", ""][c % 5],
                    lsb: (try? ExactRational(
                        numerator: Int64.random(in: -1000...1000, using: &random) | 1,
                        denominator: Int64.random(in: 1...(1 << 40), using: &random))) ?? .one,
                    offset: (try? ExactRational(Int64.random(in: -300...300, using: &random))) ?? .zero)
            }
            let schema = try StreamSchema(
                streamID: UInt32.random(in: 1...UInt32.max, using: &random), name: "s\(n)",
                rateMilliHz: UInt64.random(in: 1...StreamSchema.maxRateMilliHz, using: &random),
                timestamps: Bool.random(using: &random) ? .uniform : .explicit,
                epochMicros: Int64.random(in: -(1 << 60)...(1 << 60), using: &random),
                firstSequence: UInt64.random(in: 0...UInt64(Int64.max), using: &random), channels: channels)
            let bytes = schema.encoded()
            #expect(try StreamSchema.decode(bytes) == schema)
            var damaged = bytes
            for _ in 0..<3 {
                damaged[Int.random(in: 0..<damaged.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            if let decoded = try? StreamSchema.decode(damaged) { #expect(decoded.encoded() == damaged) }
        }
    }
}
