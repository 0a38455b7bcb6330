// SensorGate — Drivers: rounding to the nearest integer, ties away from zero, without a libm call.

/// `Double.rounded()` (to nearest, ties away from zero) in integer arithmetic. On x86-64 without
/// SSE4.1 `rounded()` is a call into libm's `round`, and the models and the world round at every
/// sample; this gives the same Double, bit for bit, inline.
///
/// Why it is exact, for every Double `x` that is not NaN (NaN gives NaN):
/// - `|x| ≥ 2⁵²` (and ±∞): every such Double is an integer already, and `round` returns it.
/// - `|x| < 2⁵²`: `Int64(|x|)` truncates exactly (it fits), and `Double(whole)` is exact (below
///   2⁵³). The fraction `|x| − whole` is exact too: below 1 both are multiples of |x|'s ulp (an
///   integer is a multiple of any ulp ≤ 1, and |x| < 1 has `whole` 0), so the difference is a
///   multiple of that ulp below 1, which fits in 52 bits, and IEEE subtraction returns it unrounded.
///   Comparing that exact fraction with 0.5 is then the exact test for "round up": ties
///   (0.5, 2.5) go up and values just below a tie (0.49999999999999994) do not, unlike
///   `floor(x + 0.5)`, whose addition rounds. `whole + 1 ≤ 2⁵²` is exact as a Double.
/// - The sign is put back last, so negatives round away from zero and −0.4 and −0.0 give −0.0, as
///   `round` does.
public enum NearestInteger {
    /// `value.rounded()`, bit for bit (see the type's comment), without a libm call.
    /// - Parameter value: any Double.
    /// - Returns: the nearest integer, ties away from zero; ±∞ and NaN as they are.
    @inlinable @inline(__always)
    public static func rounded(_ value: Double) -> Double {
        let magnitude = value.magnitude
        guard magnitude < 0x1p52 else { return value.isNaN ? value + value : value }
        let whole = Int64(magnitude)
        let fraction = magnitude - Double(whole)
        // Without branches (`&+` cannot overflow below 2⁵², and lets the compiler select): the
        // fraction of a noisy value is above or below one half at random, which no predictor learns.
        let near = Double(fraction >= 0.5 ? whole &+ 1 : whole)
        return Double(signOf: value, magnitudeOf: near)
    }
}
