// SensorGate — Codec: the LPC predictor as an exact floating-point dot product, for the hot loops.

/// A quantised LPC, `(Σ c[j] · x[−1−j] + rounding) >> shift`, whose sum is computed over `Double`
/// vectors instead of 64-bit integer multiplications (which x86-64 and most cores have no vector form
/// of). It is exact, not an approximation: every coefficient it takes is below 2^15 in magnitude (the
/// format allows 16-bit widths, docs/batch-format.md §6.1) and every sample at most 2^31 (a 32-bit code), so each
/// product is below 2^46 and any partial sum of up to 32 of them below 2^51, where every integer is a
/// `Double` and no addition rounds. The result is the integer sum, as ``LinearKernel`` computes it.
/// (A block with a coefficient of exactly −2^15 takes ``LinearKernel``: it would let the sum reach
/// 2^51, where ``integer(_:)`` stops being exact.)
///
/// It reads the samples from a `Double` mirror of the window, `mirror[i] = Double(x[i])`, which its
/// owner fills for the history (``fill(from:to:zero:)``) and the hot loop extends with ``record(_:at:)``.
///
/// The newest sample, `x[−1]`, is multiplied on its own and the vectors cover `x[−order..<−1]`: in the
/// decoder, `x[−1]` was stored one loop turn before, and a vector load spanning that 8-byte store waits
/// for it to leave the store buffer instead of taking it from there (a store-forwarding stall, a quarter
/// of the decoder's LPC time when the vectors included it). The sum is of integers below 2^51 in any
/// order, so the split changes no result.
struct ExactLinearKernel: PredictorKernel {
    /// Taps per vector step.
    static let lanes = 8
    /// The most taps the vectors take (orders up to 32: c[1...] over 31 samples, in whole vector steps).
    static let maxTaps = 32
    /// The shortest order it pays for: below it the integer loop of ``LinearKernel`` is as short as the
    /// vector loop's fixed costs (the horizontal sum, the conversion, the mirror's store).
    static let minOrder = 13
    /// The most `Double`s ``withKernel(coefficients:order:shift:window:from:end:_:)`` needs beyond the run.
    static let padding = 2 * maxTaps + 1

    /// The coefficients after the first, reversed and zero-padded to `taps`: `reversed[taps − 1 − j] = c[j + 1]`.
    private let reversed: UnsafePointer<Double>
    /// `order − 1` rounded up to whole vector steps.
    private let taps: Int
    /// The first coefficient, `c[0]`, the newest sample's.
    private let newest: Double
    /// The mirror of the window: `mirror[i]` holds `Double(window[i])` for every index the loop reads.
    private let mirror: UnsafeMutablePointer<Double>
    /// The window the hot loop passes sample pointers into.
    private let window: UnsafePointer<Int64>
    let order: Int
    private let shift: Int64
    private let rounding: Int64

    /// Whether the exact path holds (and pays) for a run from `window[from]`: ``minOrder`` to 32 coefficients, each of
    /// magnitude below 2^15, and the `order` samples of history before `from` 32-bit codes (the run's own samples must
    /// be too: the decoder checks each as it makes it, the encoder's are a batch's 32-bit codes).
    static func applies(_ coefficients: UnsafePointer<Int64>, order: Int, window: UnsafePointer<Int64>, from: Int)
        -> Bool
    {
        guard order >= minOrder, order <= maxTaps, from >= order else { return false }
        var fits = true
        for j in 0..<order {
            fits = fits && coefficients[j].magnitude < 1 << 15
            let x = window[from &- 1 &- j]
            fits = fits && x == Int64(Int32(truncatingIfNeeded: x))
        }
        return fits
    }

    /// Runs `body` with a kernel for the run `window[from..<end]` (history before `from`, at least
    /// `order` samples, every one a 32-bit code) and returns its result: its scratch (the reversed
    /// coefficients and the mirror, `end − from` + ``padding`` `Double`s) lives for the call only. Nil,
    /// without running `body`, if no scratch could be had (the caller takes ``LinearKernel`` then).
    static func withKernel<R, E: Error>(
        coefficients: UnsafePointer<Int64>, order: Int, shift: Int, window: UnsafePointer<Int64>, from: Int,
        end: Int, _ body: (ExactLinearKernel) throws(E) -> R
    ) throws(E) -> R? {
        // The vectors take c[1...] over x[−order..<−1]; c[0] multiplies x[−1] alone.
        let vectorOrder = order - 1
        let taps = (vectorOrder + lanes - 1) / lanes * lanes
        let count = maxTaps + taps + 1 + (end - from)
        return try withUnsafeTemporaryAllocation(of: Double.self, capacity: count) {
            (scratch) throws(E) -> R? in
            guard let base = scratch.baseAddress else { return nil }
            for k in 0..<taps { base[k] = k >= taps - vectorOrder ? Double(coefficients[taps - k]) : 0 }
            // The mirror's index `from − 1 − taps` is the scratch's `maxTaps`.
            let mirror = base + maxTaps + taps + 1 - from
            let kernel = ExactLinearKernel(
                reversed: UnsafePointer(base), taps: taps, newest: Double(coefficients[0]), mirror: mirror,
                window: window, order: order, shift: Int64(shift), rounding: shift > 0 ? 1 << (shift - 1) : 0)
            // Taps beyond the order read history that may not exist: it is zero there, times zero.
            kernel.fill(from: from - 1 - taps, to: from - order, zero: true)
            kernel.fill(from: from - order, to: from, zero: false)
            return try body(kernel)
        }
    }

    /// The kernel for a run whose samples are all known before it starts (the encoder's): the mirror of
    /// `window[from..<to]` is filled here, and the kernel it returns records nothing, so the loop makes
    /// no store per sample. (A decoder cannot know its samples ahead; it records each, and the newest one's
    /// separate multiply keeps the vector loads off that store.)
    func known(from: Int, to: Int) -> Known {
        fill(from: from, to: to, zero: false)
        return Known(kernel: self)
    }

    /// An ``ExactLinearKernel`` over a mirror already filled for the whole run.
    struct Known: PredictorKernel {
        let kernel: ExactLinearKernel
        var order: Int { kernel.order }
        @inline(__always) func predict(_ x: UnsafePointer<Int64>) -> Int64 { kernel.predict(x) }
    }

    /// Mirrors `window[from..<to]` (or writes zeros there, for `zero`).
    private func fill(from: Int, to: Int, zero: Bool) {
        var i = from
        while i < to {
            mirror[i] = zero ? 0 : Double(window[i])
            i &+= 1
        }
    }

    /// The mirror's address for the window's `x`: samples and mirror entries are both 8 bytes, so the
    /// byte distance carries over (no division by the stride).
    @inline(__always) private func mirrored(_ x: UnsafePointer<Int64>) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(mirror) + UnsafeRawPointer(window).distance(to: UnsafeRawPointer(x))
    }

    @inline(__always) func predict(_ x: UnsafePointer<Int64>) -> Int64 {
        let newestSample = UnsafeRawPointer(mirrored(x)) - MemoryLayout<Double>.stride
        let h = newestSample - taps &* MemoryLayout<Double>.stride
        let c = UnsafeRawPointer(reversed)
        var low = SIMD4<Double>()
        var high = SIMD4<Double>()
        var k = 0
        while k < taps {
            let offset = k &* MemoryLayout<Double>.stride
            low +=
                c.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
                * h.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            high +=
                c.loadUnaligned(fromByteOffset: offset &+ 32, as: SIMD4<Double>.self)
                * h.loadUnaligned(fromByteOffset: offset &+ 32, as: SIMD4<Double>.self)
            k &+= Self.lanes
        }
        let four = low + high
        let sum = (four[0] + four[1]) + (four[2] + four[3]) + newest * newestSample.load(as: Double.self)
        return (Self.integer(sum) &+ rounding) >> shift
    }

    /// 1.5 · 2^52: added to an integer of magnitude below 2^51, the sum keeps the exponent 52, where
    /// the mantissa's low bits are the integer plus 2^51.
    private static let magic: Double = 6_755_399_441_055_744

    /// The integer `value` (|value| < 2^51) as an `Int64`, without the range checks of `Int64(_:)`.
    @inline(__always) private static func integer(_ value: Double) -> Int64 {
        Int64(bitPattern: (value + magic).bitPattern) &- Int64(bitPattern: magic.bitPattern)
    }

    @inline(__always) func record(_ value: Int64, at x: UnsafePointer<Int64>) {
        mirrored(x).storeBytes(of: Double(value), as: Double.self)
    }
}
