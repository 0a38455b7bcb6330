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
            let (k, _) = ResidualModel.context(magnitude)
            let quotient = u >> k
            if quotient < UInt64(quotientLimit) {
                bits &+= Int(quotient) &+ 1 &+ Int(k)
            } else {
                bits &+= quotientLimit &+ 6 &+ (64 &- u.leadingZeroBitCount)
            }
            magnitude = ResidualModel.update(magnitude, u)
        }
        return bits
    }

    /// The starting magnitude for a candidate: the carried one, or what a key batch would announce.
    static func startMagnitude(_ values: UnsafeBufferPointer<UInt64>, carried: UInt32?) -> (UInt32, UInt32) {
        if let carried { return (carried, 0) }
        let shift = ResidualModel.initialShift(forMeanOf: UnsafeBufferPointer(rebasing: values.prefix(16)))
        return (ResidualModel(initialShift: shift).magnitude, shift)
    }
}
