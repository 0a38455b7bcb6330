// SensorGate — Drivers: models invert a driver's conversion by searching the codes.

/// The inverse of a datasheet conversion, for models: the raw code whose converted value is nearest a
/// physical value. Searching through the driver's own conversion keeps model and driver consistent
/// even where the datasheet formula has no closed-form inverse (Bosch and TE compensations).
public enum InverseConversion {
    /// The code of `resolution` significant bits (the low `codeBits − resolution` bits zero) whose
    /// converted value is closest to `target`, by binary search over a conversion monotonic in the
    /// code (either direction). Targets beyond the range give the end code.
    /// - Parameters:
    ///   - target: the physical value.
    ///   - codeBits: the width of the code register.
    ///   - resolution: how many leading bits the conversion produces.
    ///   - hint: a code near the answer (the previous conversion's), or nil. It changes only how many
    ///     conversions the search evaluates, never the code it returns: the search gallops out from the
    ///     hint to bracket the answer, then bisects the bracket, and finds the same first code at or
    ///     beyond the target that a bisection of the whole range finds.
    ///   - convert: the conversion from code to physical value.
    /// - Returns: the nearest code.
    public static func nearestCode(
        target: Double, codeBits: Int, resolution: Int, hint: Int32? = nil, _ convert: (Int32) -> Double
    ) -> Int32 {
        let shift = Int32(codeBits - resolution)
        let top = Int32((1 << resolution) - 1)
        let increasing = convert(top << shift) >= convert(0)
        // Whether step `step` (a code without its zero low bits) converts to a value short of the target.
        func below(_ step: Int32) -> Bool {
            let value = convert(step << shift)
            return increasing ? value < target : value > target
        }
        // The answer is the first step in 0..<top not short of the target, or top: it lies in low...high.
        var low: Int32 = 0
        var high = top
        if let hint {
            let start = min(max(hint >> shift, 0), top - 1)
            if start >= 0 {
                var reach: Int32 = 1
                if below(start) {
                    low = start + 1
                    while low <= top - reach, below(low + reach - 1) {
                        low += reach
                        reach = reach < top / 2 ? reach * 2 : reach
                    }
                    high = low <= top - reach ? low + reach - 1 : top
                } else {
                    high = start
                    while high >= reach, !below(high - reach) {
                        high -= reach
                        reach = reach < top / 2 ? reach * 2 : reach
                    }
                    low = high >= reach ? high - reach + 1 : 0
                }
            }
        }
        while low < high {
            let middle = low + (high - low) / 2
            if below(middle) { low = middle + 1 } else { high = middle }
        }
        if low > 0, abs(convert((low - 1) << shift) - target) <= abs(convert(low << shift) - target) {
            low -= 1
        }
        return low << shift
    }

    /// The two's-complement code nearest `value / scale`, clipped to a signed `bits`-wide register
    /// (how linear sensors such as accelerometers, gyroscopes and magnetometers quantise).
    /// - Parameters:
    ///   - value: the physical value.
    ///   - scale: the physical value of one LSB.
    ///   - bits: the register width (16 for most).
    /// - Returns: the code.
    @inline(__always)
    public static func linearCode(_ value: Double, scale: Double, bits: Int = 16) -> Int32 {
        linearCode(value, step: ReciprocalDivisor(scale), bits: bits)
    }

    /// ``linearCode(_:scale:bits:)`` with the LSB's reciprocal made once for several values (the axes of
    /// one sample): the same codes, from a multiplication instead of a division per value.
    /// - Parameters:
    ///   - value: the physical value.
    ///   - step: the physical value of one LSB, with its reciprocal.
    ///   - bits: the register width (16 for most).
    /// - Returns: the code.
    @inline(__always)
    public static func linearCode(_ value: Double, step: ReciprocalDivisor, bits: Int = 16) -> Int32 {
        let limit = Double((1 << (bits - 1)) - 1)
        guard value.isFinite, step.divisor != 0 else { return 0 }
        let code = step.roundedQuotient(value)
        return Int32(min(max(code, -limit - 1), limit))
    }
}
