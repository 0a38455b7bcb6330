// SensorGate — Codec: the encoder's estimate of what a residual sequence will cost.

/// Estimates bits for coding residuals with a ``ResidualModel``: the adaptive Golomb split the model
/// would use, counted as unary quotient + stop bit + remainder bits. The adaptive 16-symbol coder does
/// better; the estimate only ranks the encoder's choices.
enum CostEstimate {
    /// Quotients from here on are counted as an escape: a length and the value's bits.
    static let quotientLimit = 20

    /// Bits for `values` (zig-zag residuals) starting from the running magnitude `magnitude`.
    static func bits(_ values: UnsafeBufferPointer<UInt64>, magnitude: UInt32) -> Int {
        var magnitude = magnitude
        var bits = 0
        for u in values {
            bits &+= cost(u, magnitude: magnitude)
            magnitude = ResidualModel.update(magnitude, u)
        }
        return bits
    }

    /// ``bits(_:magnitude:)`` of two sequences of one length, side by side: each is one chain of
    /// dependent steps (the running magnitude), and two independent chains fill the core's idle slots.
    static func bits(
        _ first: UnsafeBufferPointer<UInt64>, magnitude firstMagnitude: UInt32,
        _ second: UnsafeBufferPointer<UInt64>, magnitude secondMagnitude: UInt32
    ) -> (Int, Int) {
        guard first.count == second.count, let a = first.baseAddress, let b = second.baseAddress else {
            return (bits(first, magnitude: firstMagnitude), bits(second, magnitude: secondMagnitude))
        }
        var (ma, mb) = (firstMagnitude, secondMagnitude)
        var (bitsA, bitsB) = (0, 0)
        var i = 0
        while i < first.count {
            bitsA &+= cost(a[i], magnitude: ma)
            bitsB &+= cost(b[i], magnitude: mb)
            ma = ResidualModel.update(ma, a[i])
            mb = ResidualModel.update(mb, b[i])
            i &+= 1
        }
        return (bitsA, bitsB)
    }

    /// The bits of one value at the running magnitude `magnitude`.
    @inline(__always)
    private static func cost(_ u: UInt64, magnitude: UInt32) -> Int {
        let (k, _) = ResidualModel.context(magnitude)
        let quotient = u >> k
        return quotient < UInt64(quotientLimit)
            ? Int(quotient) &+ 1 &+ Int(k) : quotientLimit &+ 6 &+ (64 &- u.leadingZeroBitCount)
    }

    /// The starting magnitude for a candidate: the carried one, or what a key batch would announce.
    static func startMagnitude(_ values: UnsafeBufferPointer<UInt64>, carried: UInt32?) -> (UInt32, UInt32) {
        if let carried { return (carried, 0) }
        let shift = ResidualModel.initialShift(forMeanOf: UnsafeBufferPointer(rebasing: values.prefix(16)))
        return (ResidualModel(initialShift: shift).magnitude, shift)
    }
}
