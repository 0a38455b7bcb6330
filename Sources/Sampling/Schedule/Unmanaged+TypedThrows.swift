// SensorGate — Sampling: borrowing an unretained reference in a call that throws a typed error.

extension Unmanaged {
    /// `_withUnsafeGuaranteedRef` with a typed error: `body` borrows the instance, which must be kept
    /// alive elsewhere for the call.
    @inline(__always)
    func withGuaranteedRef<Result, Failure: Error>(
        _ body: (Instance) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let outcome = _withUnsafeGuaranteedRef { instance in
            Swift.Result { () throws(Failure) in try body(instance) }
        }
        return try outcome.get()
    }
}
