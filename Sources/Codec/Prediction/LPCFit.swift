// SensorGate — Codec: fitting a quantised linear predictor to a batch (encoder only).

/// Fits linear predictors to a channel's samples (encoder side; the decoder only reads the integer
/// coefficients, so floating point here cannot make encoder and decoder disagree).
///
/// The fit runs on first differences, so the predictor's DC gain is exactly 1 whatever the offset of
/// the signal, and is converted to integer coefficients on the samples themselves.
enum LPCFit {
    /// The longest difference predictor the encoder tries (the format allows 32 coefficients).
    static let maxSearchOrder = 31

    /// What ``fit(_:scored:scratch:)`` works in, kept by the encoder so that a fit allocates nothing
    /// once the arrays have grown to the batch size.
    struct Scratch {
        var differences: [Double] = []
        var correlation: [Double] = []
        var a: [Double] = []
        var next: [Double] = []
        var best: [Double] = []
    }

    /// The best quantised predictor for `values` (history and batch) by estimated cost over the last
    /// `scored` samples, or nil when there are too few samples to fit one.
    static func fit(_ values: UnsafeBufferPointer<Int64>, scored: Int) -> Predictor? {
        var scratch = Scratch()
        return fit(values, scored: scored, scratch: &scratch)
    }

    /// ``fit(_:scored:)`` working in `scratch`.
    static func fit(_ values: UnsafeBufferPointer<Int64>, scored: Int, scratch: inout Scratch) -> Predictor? {
        let length = values.count - 1
        let maxOrder = min(length >= 2048 ? maxSearchOrder : 16, length / 8)
        guard maxOrder >= 1, scored >= 16 else { return nil }
        if scratch.differences.count < length { scratch.differences = [Double](repeating: 0, count: length) }
        if scratch.a.count < maxSearchOrder + 4 {
            for array in [\Scratch.correlation, \Scratch.a, \Scratch.next, \Scratch.best] {
                scratch[keyPath: array] = [Double](repeating: 0, count: maxSearchOrder + 4)
            }
        }
        return scratch.differences.withUnsafeMutableBufferPointer { differences in
            scratch.correlation.withUnsafeMutableBufferPointer { correlation in
                scratch.a.withUnsafeMutableBufferPointer { a in
                    scratch.next.withUnsafeMutableBufferPointer { next in
                        scratch.best.withUnsafeMutableBufferPointer { best in
                            fit(
                                values, length: length, maxOrder: maxOrder, scored: scored, d: differences,
                                correlation: correlation, a: a, next: next, best: best)
                        }
                    }
                }
            }
        }
    }

    private static func fit(
        _ values: UnsafeBufferPointer<Int64>, length: Int, maxOrder: Int, scored: Int,
        d: UnsafeMutableBufferPointer<Double>,
        correlation: UnsafeMutableBufferPointer<Double>, a aStart: UnsafeMutableBufferPointer<Double>,
        next nextStart: UnsafeMutableBufferPointer<Double>, best bestCoefficients: UnsafeMutableBufferPointer<Double>
    ) -> Predictor? {
        for i in 0..<length { d[i] = Double(values[i + 1] &- values[i]) }
        autocorrelation(d, length: length, maxOrder: maxOrder, into: correlation)
        guard correlation[0] > 0 else { return nil }
        correlation[0] *= 1.0 + 1e-9
        // Levinson–Durbin, keeping the coefficients and error of every order.
        var a = aStart
        var next = nextStart  // the next order's coefficients; swapped with `a`, so no order allocates
        for j in 0...maxOrder {
            a[j] = 0
            next[j] = 0
        }
        var error = correlation[0]
        var best: (order: Int, bits: Double) = (0, Double.infinity)
        let precision = shiftFor(scored)
        for order in 1...maxOrder {
            var acc = correlation[order]
            for j in 1..<order { acc -= a[j] * correlation[order - j] }
            let reflection = acc / error
            guard reflection.magnitude < 1 else { break }
            next[order] = reflection
            for j in 1..<order { next[j] = a[j] - reflection * a[order - j] }
            swap(&a, &next)
            error *= 1 - reflection * reflection
            let perSample = max(error / Double(length), 1e-3)
            let bits = 0.5 * Double(scored) * log2(perSample) + Double(order + 1) * Double(precision + 3)
            if bits < best.bits {
                best = (order, bits)
                for j in 0..<order { bestCoefficients[j] = a[j + 1] }
            }
        }
        guard best.order > 0 else { return nil }
        return quantise(Array(bestCoefficients[0..<best.order]), shift: precision)
    }

    /// `correlation[lag] = Σ d[i] · d[i − lag]` for every lag up to `maxOrder` (and up to 3 beyond it,
    /// `correlation` has room), over `d[0..<length]`.
    ///
    /// Eight lags per pass over the samples where the order allows (four for the last group), each lag's
    /// sum in its own vector lane, with the products added in the same order as four-lag groups would
    /// add them (the lanes of a group's first four lags take their first four products on their own):
    /// the sums, and so the fitted coefficients and the bytes, do not depend on the grouping. The
    /// samples behind `d[i]` are loaded as they lie in memory, so lane m holds the lag `last − m`.
    static func autocorrelation(
        _ d: UnsafeMutableBufferPointer<Double>, length: Int, maxOrder: Int,
        into correlation: UnsafeMutableBufferPointer<Double>
    ) {
        guard let base = d.baseAddress else { return }
        let samples = UnsafeRawPointer(base)
        let stride = MemoryLayout<Double>.stride
        var lag = 0
        while lag <= maxOrder {
            let eight = lag + 4 <= maxOrder
            // Lags lag...lag+3 from i = lag + 3 (lane m: lag + 3 − m).
            var low = SIMD4<Double>(repeating: 0)
            var i = lag + 3
            let lowEnd = min(eight ? lag + 7 : length, length)
            while i < lowEnd {
                let y = samples.loadUnaligned(fromByteOffset: (i - lag - 3) * stride, as: SIMD4<Double>.self)
                low += SIMD4<Double>(repeating: base[i]) * y
                i += 1
            }
            var lanes = SIMD8<Double>(lowHalf: SIMD4<Double>(repeating: 0), highHalf: low)
            if eight {
                // Lags lag...lag+7 from i = lag + 7 (lane m: lag + 7 − m).
                while i < length {
                    let y = samples.loadUnaligned(fromByteOffset: (i - lag - 7) * stride, as: SIMD8<Double>.self)
                    lanes += SIMD8<Double>(repeating: base[i]) * y
                    i += 1
                }
            }
            let width = eight ? 8 : 4
            for k in 0..<width {
                // The group of four this lag belongs to, and where its products started.
                let groupStart = lag + (k / 4) * 4
                var sum = eight ? lanes[7 - k] : low[3 - k]
                var j = lag + k
                while j < min(groupStart + 3, length) {
                    sum += base[j] * base[j - lag - k]
                    j += 1
                }
                correlation[lag + k] = sum
            }
            lag += width
        }
    }

    /// The coefficient precision for a batch of `count` samples: more samples pay for finer coefficients.
    static func shiftFor(_ count: Int) -> Int {
        let log = Int.bitWidth - count.leadingZeroBitCount - 1
        return min(max(log + 2, 8), 13)
    }

    /// Integer coefficients on the samples for the difference predictor `a` at `shift`, reducing the
    /// shift until every coefficient fits 16 bits.
    static func quantise(_ a: [Double], shift: Int) -> Predictor? {
        var shift = shift
        while shift >= 0 {
            let scale = Double(1 << shift)
            let q = a.map { Int64(($0 * scale).rounded()) }
            var c = [Int64](repeating: 0, count: q.count + 1)
            c[0] = (1 << shift) + q[0]
            for t in 1..<q.count { c[t] = q[t] - q[t - 1] }
            c[q.count] = -q[q.count - 1]
            if c.allSatisfy({ $0 > -(1 << 15) && $0 < (1 << 15) }) {
                return .lpc(c.map { Int32($0) }, shift: shift)
            }
            shift -= 1
        }
        return nil
    }
}

/// log2 without Foundation.
@inline(__always)
func log2(_ x: Double) -> Double {
    // x = m · 2^e with m in [1, 2): log2 x = e + log2 m, log2 m from a short series of ln.
    let e = Double(x.exponent)
    let m = x.significand
    let t = (m - 1) / (m + 1)
    let t2 = t * t
    let ln = 2 * t * (1 + t2 / 3 + t2 * t2 / 5 + t2 * t2 * t2 / 7 + t2 * t2 * t2 * t2 / 9)
    return e + ln * 1.4426950408889634
}
