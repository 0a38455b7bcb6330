// SensorGate — HALSim: one message of a simulated I2C transaction, its clock stretching and wire time.

import HAL

extension SimI2CBus {
    /// The time `bytes` bytes take on the wire: 9 clocks each (8 data bits and the acknowledge).
    /// - Parameter bytes: the number of bytes, address bytes included.
    /// - Returns: the duration at ``clockHz``, truncated to whole nanoseconds.
    public func wireTime(bytes: Int) -> Duration {
        .nanoseconds(wireNanoseconds(bytes: bytes))
    }

    /// ``wireTime(bytes:)`` in integer nanoseconds: a `Duration` converts through 128-bit attoseconds.
    private func wireNanoseconds(bytes: Int) -> Int64 {
        Int64(bytes) * 9 * 1_000_000_000 / Int64(clockHz)
    }

    /// Moves the clock by the wire time of `bytes` bytes (``wireTime(bytes:)``) and any deferred before.
    func advanceWireTime(bytes: Int) {
        let nanoseconds = pendingWireNanoseconds + wireNanoseconds(bytes: bytes)
        pendingWireNanoseconds = 0
        clock?.advance(byNanoseconds: nanoseconds)
    }

    /// Adds the wire time of `bytes` bytes without moving the clock yet: the next
    /// ``advanceWireTime(bytes:)`` (the next message's address byte, or the transaction's end, before
    /// the target is called again) moves it for both. The target sees the same instants, and the
    /// events on the way run in the same order at their own instants, with one call of the clock's
    /// observer instead of two.
    func deferWireTime(bytes: Int) {
        pendingWireNanoseconds += wireNanoseconds(bytes: bytes)
    }

    /// Clocks one message: the address byte (a read header the target does not acknowledge ends the
    /// transaction with a NACK of the address), the target's stretch, then the data bytes.
    func runMessage(
        _ message: inout I2COperation, on target: any I2CTarget, at address: I2CAddress, _ moment: FaultMoment
    ) throws(HALError) {
        advanceWireTime(bytes: 1)
        if message.direction == .read, !target.i2cAcknowledgesRead() {
            throw failure(.noAcknowledge(.address), address, hint: "\(address) did not acknowledge its read header")
        }
        let stretch = target.i2cClockStretch(beforeRead: message.direction == .read)
        clock?.noteTargetAccess(target)
        // Most targets never stretch: one test for zero on every message, the comparisons after it only
        // for a stretch (each `Duration` comparison is a call into 128-bit arithmetic).
        if stretch != .zero {
            if stretch > stretchTimeout {
                clock?.advance(by: stretchTimeout)
                let held = "\(stretch.nanoseconds / 1_000) µs"
                let limit = "\(stretchTimeout.nanoseconds / 1_000) µs"
                throw failure(
                    .timeout, address, hint: "\(address) stretched SCL for \(held), beyond the \(limit) limit")
            }
            clock?.advance(by: stretch)
        }
        switch message.direction {
        case .write:
            try write(message.bytes, to: target, at: address, moment)
        case .read:
            target.i2cRead(into: &message.bytes)
            clock?.noteTargetAccess(target)
            faultPlan?.injectBitFlips(at: .address(address), into: &message.bytes, moment)
            advanceWireTime(bytes: message.bytes.count)
        }
    }

    private func write(
        _ bytes: [UInt8], to target: any I2CTarget, at address: I2CAddress, _ moment: FaultMoment
    ) throws(HALError) {
        if let first = bytes.first, let plan = faultPlan,
            plan.injectBusError(at: .address(address), firstByte: first, moment)
        {
            advanceWireTime(bytes: 1)
            throw failure(.bus, address, errno: 5, hint: "write to register \(Hex.byte(first)) failed (injected fault)")
        }
        let acknowledge = target.i2cWrite(bytes)
        clock?.noteTargetAccess(target)
        switch acknowledge {
        case .ack:
            deferWireTime(bytes: bytes.count)
        case .nack(let index):
            advanceWireTime(bytes: min(max(index + 1, 0), bytes.count))
            throw failure(.noAcknowledge(.data), address, hint: "\(address) did not acknowledge data byte \(index)")
        }
    }
}
