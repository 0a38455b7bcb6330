// SensorGate — HALSim: a simulated I2C bus that routes transactions to chip models by address.

import HAL

/// A simulated I2C controller with chip models attached at addresses.
///
/// Each transaction goes to the ``I2CTarget`` at its address, one call per message in wire order and
/// ``I2CTarget/i2cStop()`` at the end — also after a NACK, a timeout or a bus error, because a real
/// controller sends STOP then. An address with no target is not acknowledged. With a ``VirtualClock``
/// attached, the bus moves time by the wire time of every byte (9 clocks at `clockHz`) and by the
/// targets' clock stretching, so models see time pass as on a real bus. A ``FaultPlan`` injects
/// NACKs, bus errors, a stuck bus, bit flips and disappearing devices.
public final class SimI2CBus: I2CBus {
    /// The bus name, `sim:NAME`.
    public let name: String
    /// What the simulated adapter can do; without `.plainI2C` it accepts only SMBus-shaped transactions.
    public let functionality: I2CFunctionality
    /// The clock the bus advances, if any.
    public let clock: VirtualClock?
    /// The SCL frequency in hertz.
    public let clockHz: Int
    /// The longest clock stretch the controller waits for before it gives up with `.timeout`.
    public let stretchTimeout: Duration
    /// The attached chip models by address (built from the list on each call: for inspection and
    /// messages, not the transaction path).
    public var targets: [I2CAddress: any I2CTarget] {
        Dictionary(attached.map { ($0.address, $0.target) }, uniquingKeysWith: { _, last in last })
    }
    /// The attached models as a short list, searched without hashing on every transaction.
    private var attached: [(address: I2CAddress, target: any I2CTarget)] = []
    /// The number of transactions asked for so far, failed ones included.
    public private(set) var transactionCount = 0
    /// Faults to inject, or nil for a healthy bus.
    public var faultPlan: FaultPlan?
    /// `SAD+W bytes`, `SAD+R data`: the messages of ``writeRead(_:_:into:)``, refilled at each call.
    private var readMessages = [I2COperation.write([0]), I2COperation.read(count: 0)]
    /// The message of ``write(_:from:)``, refilled at each call.
    private var writeMessage = [I2COperation.write([0])]
    /// The message of ``read(_:into:)``, refilled at each call.
    private var readMessage = [I2COperation.read(count: 0)]
    /// Wire time clocked but not yet moved on the clock: the data bytes of a write, moved together
    /// with what follows on the wire before the target is next called (see ``deferWireTime(bytes:)``).
    var pendingWireNanoseconds: Int64 = 0

    /// Creates a bus with no targets.
    /// - Parameters:
    ///   - name: the bus name. Default: `sim:i2c0`.
    ///   - functionality: what the adapter can do. Default: `.full`.
    ///   - clock: the virtual clock to advance, or nil to leave time alone.
    ///   - clockHz: the SCL frequency in hertz, more than 0. Default: 400 kHz (fast mode).
    ///   - stretchTimeout: the longest clock stretch accepted. Default: 25 ms (the SMBus limit).
    public init(
        name: String = "sim:i2c0", functionality: I2CFunctionality = .full, clock: VirtualClock? = nil,
        clockHz: Int = 400_000, stretchTimeout: Duration = .milliseconds(25)
    ) {
        precondition(clockHz > 0, "an I2C bus needs a positive clock rate")
        self.name = name
        self.functionality = functionality
        self.clock = clock
        self.clockHz = clockHz
        self.stretchTimeout = stretchTimeout
    }

    /// Attaches a chip model at `address`, replacing any model already there.
    /// - Parameters:
    ///   - target: the chip model.
    ///   - address: its 7-bit address.
    public func attach(_ target: any I2CTarget, at address: I2CAddress) {
        attached.removeAll { $0.address == address }
        attached.append((address, target))
    }

    /// Detaches the model at `address`; the address then NACKs.
    /// - Parameter address: the address to free.
    public func detach(at address: I2CAddress) {
        attached.removeAll { $0.address == address }
    }

    /// Runs one transaction against the model at `address`.
    /// - Parameters:
    ///   - address: the target address.
    ///   - operations: the messages; reads are filled in.
    /// - Throws: `HALError`: `.noAcknowledge(.address)` for an absent target, `.noAcknowledge(.data)`
    ///   when the model NACKs a byte, `.timeout` for a stretch beyond ``stretchTimeout`` or a stuck bus,
    ///   `.bus` (EIO) for an injected bus error, `.unsupported` for a shape an SMBus-only bus cannot
    ///   express, `.invalidArgument` for an empty transaction.
    public func transaction(_ address: I2CAddress, _ operations: inout [I2COperation]) throws(HALError) {
        let moment = FaultMoment(transaction: transactionCount, time: clock?.now() ?? .zero)
        transactionCount += 1
        guard !operations.isEmpty else {
            throw failure(.invalidArgument, address, hint: "a transaction needs at least one message")
        }
        if !functionality.contains(.plainI2C) { try checkSMBusShape(address, operations) }
        let site = FaultSite.address(address)
        if let plan = faultPlan, plan.inject(.stuckBus, at: site, moment) {
            clock?.advance(by: stretchTimeout)
            throw failure(.timeout, address, hint: "SDA is held low (stuck bus, injected fault)")
        }
        if let plan = faultPlan, plan.inject(.absent, at: site, moment) || plan.inject(.nack, at: site, moment) {
            advanceWireTime(bytes: 1)
            throw failure(.noAcknowledge(.address), address, hint: "\(address) did not answer (injected fault)")
        }
        guard let target = attachedTarget(address) else {
            advanceWireTime(bytes: 1)
            throw failure(.noAcknowledge(.address), address, hint: absentHint(address))
        }
        defer {
            advanceWireTime(bytes: 0)
            target.i2cStop()
            clock?.noteTargetAccess(target)
        }
        for index in operations.indices {
            try runMessage(&operations[index], on: target, at: address, moment)
        }
    }

    /// Writes `bytes` then fills `buffer` after a repeated start, through messages the bus keeps (no
    /// allocation once the sizes have been seen): the same traffic, faults and wire time as
    /// ``transaction(_:_:)``.
    /// - Parameters:
    ///   - address: the target address.
    ///   - bytes: the bytes to write first.
    ///   - buffer: receives the bytes read.
    /// - Throws: see ``transaction(_:_:)``; `.invalidArgument` for an empty write or read.
    public func writeRead(
        _ address: I2CAddress, _ bytes: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer
    ) throws(HALError) {
        try checkWriteRead(address, bytes, buffer)
        readMessages[0].bytes.replaceKeepingCapacity(with: bytes)
        readMessages[1].bytes.resizeKeepingCapacity(to: buffer.count)
        try transaction(address, &readMessages)
        readMessages[1].bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
    }

    /// Writes `bytes` through a message the bus keeps (no allocation once the size has been seen).
    /// - Parameters:
    ///   - address: the target.
    ///   - bytes: the bytes to send.
    /// - Throws: see ``transaction(_:_:)``.
    public func write(_ address: I2CAddress, from bytes: UnsafeRawBufferPointer) throws(HALError) {
        writeMessage[0].bytes.replaceKeepingCapacity(with: bytes)
        try transaction(address, &writeMessage)
    }

    /// Fills `buffer` through a message the bus keeps (no allocation once the size has been seen).
    /// - Parameters:
    ///   - address: the target.
    ///   - buffer: receives the bytes read.
    /// - Throws: see ``transaction(_:_:)``.
    public func read(_ address: I2CAddress, into buffer: UnsafeMutableRawBufferPointer) throws(HALError) {
        readMessage[0].bytes.resizeKeepingCapacity(to: buffer.count)
        try transaction(address, &readMessage)
        readMessage[0].bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
    }

    // MARK: - Helpers

    /// The target at `address`, if one is attached.
    private func attachedTarget(_ address: I2CAddress) -> (any I2CTarget)? {
        for slot in attached where slot.address == address { return slot.target }
        return nil
    }

    func failure(_ kind: HALErrorKind, _ address: I2CAddress, errno: Int32? = nil, hint: String) -> HALError {
        HALError(kind, device: name, operation: "transaction with \(address)", errno: errno, hint: hint)
    }

    private func absentHint(_ address: I2CAddress) -> String {
        let attached = targets.keys.sorted().map(\.description).joined(separator: " ")
        return "no chip model attached at \(address) (attached: \(attached.isEmpty ? "none" : attached))"
    }
}
