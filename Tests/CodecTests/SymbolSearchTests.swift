// SensorGate — Codec tests: the decoder's division-free symbol search against the quotient's.

import HAL
import Testing

@testable import Codec

@Suite struct SymbolSearchTests {
    /// The definition (docs/batch-format.md §4.1): the largest s with r · E[s] ≤ code, found as the
    /// count of E[1…15] at most ⌊code / r⌋.
    private static func reference(_ row: UnsafePointer<UInt16>, code: UInt32, scale: UInt32) -> Int {
        SymbolCDF.find(row, code / scale)
    }

    /// Every row a decoder can hold: 0 ≤ C[1] ≤ … ≤ C[15] ≤ 32752, the symbol count n (0…255) in row[0].
    private static func randomRow(_ generator: inout SplitMix64) -> [UInt16] {
        var counts = (1..<16).map { _ in UInt16(generator.next() % 32753) }
        switch generator.next() % 4 {
        case 0: counts = counts.map { $0 / 64 }  // crowded at the bottom
        case 1: counts = counts.map { 32752 - $0 / 64 }  // crowded at the top
        default: break
        }
        return [UInt16(generator.next() % 256)] + counts.sorted()
    }

    /// A starting row (docs/batch-format.md §5).
    private static func startRow(geometric: Bool) -> [UInt16] {
        var row = [UInt16](repeating: 0, count: 16)
        row.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            SymbolCDF.start(base, geometric: geometric)
        }
        return row
    }

    /// The codes worth trying at `scale`: each edge's product and its neighbours, both ends, random ones.
    private static func codes(_ row: [UInt16], scale: UInt32, _ generator: inout SplitMix64) -> [UInt32] {
        var codes: [UInt32] = [0, 1, .max, .max - 1, scale << 15 - 1, scale << 15]
        for i in 1..<16 {
            let product = scale * (UInt32(row[i]) + UInt32(i))
            codes += [product - 1, product, product + 1]
        }
        for _ in 0..<20 { codes.append(UInt32(truncatingIfNeeded: generator.next())) }
        return codes
    }

    @Test func theSearchFindsTheQuotientsSymbolAtEveryEdge() {
        var generator = SplitMix64(seed: 41)
        var rows: [[UInt16]] = [
            [0] + [UInt16](repeating: 0, count: 15),  // E = i: the narrowest low symbols
            [255] + [UInt16](repeating: 32752, count: 15),  // E[15] = 32767, the largest edge
        ]
        rows += [Self.startRow(geometric: true), Self.startRow(geometric: false)]
        for _ in 0..<400 { rows.append(Self.randomRow(&generator)) }
        var checked = 0
        var disagreements = 0
        var symbols = Set<Int>()
        for row in rows {
            // r = range >> 15 for every range the decoder can hold (2^24 ≤ range < 2^32).
            var scales: [UInt32] = [1 << 9, 1 << 9 + 1, 4099, 1 << 16, 1 << 17 - 1]
            for _ in 0..<6 { scales.append(UInt32(1 << 9) + UInt32(generator.next() % (1 << 17 - 1 << 9))) }
            for scale in scales {
                for code in Self.codes(row, scale: scale, &generator) {
                    let (found, expected) = row.withUnsafeBufferPointer { buffer in
                        guard let base = buffer.baseAddress else { return (-1, -2) }
                        return (
                            SymbolCDF.find(base, code: code, scale: scale),
                            Self.reference(base, code: code, scale: scale)
                        )
                    }
                    if found != expected { disagreements += 1 }
                    symbols.insert(found)
                    checked += 1
                }
            }
        }
        #expect(disagreements == 0)
        #expect(checked > 100_000)
        #expect(symbols == Set(0..<16))  // every symbol, so no lane is left out of the count
    }

    @Test func theWorkedExamplesRowFindsItsSymbol() {
        // docs/batch-format.md §9.2: row 3 starts C[0…5] = 0, 8188, 16376, 20470, 24564, 26611, r = 0x2000,
        // and symbol 4 owns 0x2000 × (24564 + 4) = 0x0BFF0000 up to 0x2000 × (26611 + 5) − 1 = 0x0CFEFFFF.
        let row = Self.startRow(geometric: false)
        #expect(Array(row[1...5]) == [8188, 16376, 20470, 24564, 26611])
        let found = row.withUnsafeBufferPointer { buffer -> [Int] in
            guard let base = buffer.baseAddress else { return [] }
            return [0x0BFF_0000, 0x0CFE_FFFF, 0x0BFE_FFFF, 0x0CFF_0000].map {
                SymbolCDF.find(base, code: $0, scale: 0x2000)
            }
        }
        #expect(found == [4, 4, 3, 5])
    }

    /// The adaptation as docs/batch-format.md §4.1 defines it, one count at a time: the rate from the
    /// row's symbol count n, each C[i] moved towards 0 (i ≤ s) or the total (i > s), n counted up to 255.
    private static func adaptedReference(_ row: [UInt16], symbol s: Int) -> [UInt16] {
        let n = Int(row[0])
        let rate = min(8, Int.bitWidth - 1 - (n + 64).leadingZeroBitCount)
        var next = row
        for i in 1..<16 {
            let count = Int(row[i])
            let target = i > s ? Int(SymbolCDF.total) : 0
            next[i] = UInt16(count + ((target - count) >> rate))
        }
        next[0] = UInt16(min(n + 1, 255))
        return next
    }

    @Test func adaptationMovesEveryCountAndCountsSymbolsUpTo255() {
        var generator = SplitMix64(seed: 41)
        var row = Self.startRow(geometric: true)
        // 300 symbols: the rate slows from 1/64 to 1/256 and the symbol count stops at 255.
        for step in 0..<300 {
            let symbol = Int(generator.next() % 16)
            let expected = Self.adaptedReference(row, symbol: symbol)
            row.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                SymbolCDF.adapt(base, symbol: symbol)
            }
            #expect(row == expected, "step \(step), symbol \(symbol)")
        }
        #expect(row[0] == 255)
    }
}
