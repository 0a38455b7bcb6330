// SensorGate — HALSim: a simulated SPI controller with chip models at chip selects.

import HAL

/// A simulated SPI controller: chip models attached at chip selects, and a device handle per select.
///
/// A transaction selects the target, hands it each segment whole, and deselects it. What a real
/// bus does is kept: a chip select with nothing attached reads 0xFF on every byte (MISO floats and
/// the pull-up wins) and raises no error, because the controller cannot tell; a clock mode the chip
/// does not support shifts the data it returns by one bit. With a ``VirtualClock`` the bus moves
/// time by each segment's clocks and delay: the clocks of back-to-back segments in one move, at the
/// next delay, chip select release or the end of the transaction, so a chip sees a burst as starting
/// when its first byte does (as chips latch their data registers for a burst read). A release inside
/// a transaction keeps chip select high for ``SPITransfer/chipSelectReleaseNanoseconds``, as Linux
/// does. A ``FaultPlan`` injects bit flips, absent devices, a stuck MISO line and EIO.
public final class SimSPIBus {
    /// The controller name, `sim:NAME`; devices are named `sim:NAME.CS`.
    public let name: String
    /// The clock the bus advances, if any.
    public let clock: VirtualClock?
    /// The attached chip models by chip select (built from the list on each call: for inspection,
    /// not the transaction path).
    public var targets: [Int: any SPITarget] {
        Dictionary(attached.map { ($0.chipSelect, $0.target) }, uniquingKeysWith: { _, last in last })
    }
    /// The attached models as a short list, searched without hashing on every transaction.
    private var attached: [SPIAttachment] = []
    /// The number of transactions asked for so far, on all chip selects, failed ones included.
    public private(set) var transactionCount = 0
    /// Faults to inject, or nil for a healthy bus.
    public var faultPlan: FaultPlan?
    /// What the target sends during write-only segments, reused between transactions.
    private var scratch: [UInt8] = []

    /// Creates a controller with nothing attached.
    /// - Parameters:
    ///   - name: the controller name. Default: `sim:spi0`.
    ///   - clock: the virtual clock to advance, or nil to leave time alone.
    public init(name: String = "sim:spi0", clock: VirtualClock? = nil) {
        self.name = name
        self.clock = clock
    }

    /// Attaches a chip model at `chipSelect`, replacing any model already there.
    ///
    /// The model's ``SPITarget/supportedModes`` are asked here, once, and kept for its transactions
    /// (a chip's clock modes are fixed; attach the model again after changing them).
    /// - Parameters:
    ///   - target: the chip model.
    ///   - chipSelect: the chip select number.
    public func attach(_ target: any SPITarget, chipSelect: Int) {
        attached.removeAll { $0.chipSelect == chipSelect }
        attached.append(SPIAttachment(chipSelect: chipSelect, target: target))
    }

    /// Detaches the model at `chipSelect`; its bytes then read 0xFF.
    /// - Parameter chipSelect: the chip select number.
    public func detach(chipSelect: Int) {
        attached.removeAll { $0.chipSelect == chipSelect }
    }

    /// A device handle for `chipSelect`, as `/dev/spidevB.C` is on Linux; nothing need be attached.
    /// - Parameters:
    ///   - chipSelect: the chip select number.
    ///   - configuration: the initial clock configuration. Default: mode 0, 8 bits, 1 MHz.
    /// - Returns: the device, named `NAME.CS`.
    public func device(chipSelect: Int, configuration: SPIConfiguration = .default) -> SimSPIDevice {
        SimSPIDevice(bus: self, chipSelect: chipSelect, configuration: configuration)
    }

    /// Runs a transaction for a device handle.
    func run(
        _ transfers: inout [SPITransfer], chipSelect: Int, configuration: SPIConfiguration, device: String
    ) throws(HALError) {
        let moment = FaultMoment(transaction: transactionCount, time: clock?.now() ?? .zero)
        transactionCount += 1
        var firstByte: UInt8?
        for index in transfers.indices {
            let writeCount = transfers[index].write.count
            let readCount = transfers[index].read.count
            if writeCount > 0, readCount > 0, writeCount != readCount {
                throw HALError(
                    .invalidArgument, device: device, operation: "transaction",
                    hint: "segment \(index) writes \(writeCount) bytes but reads \(readCount)")
            }
            if firstByte == nil, writeCount > 0 || readCount > 0 { firstByte = transfers[index].write.first ?? 0x00 }
        }
        let site = FaultSite.chipSelect(chipSelect)
        if let plan = faultPlan, let firstByte, plan.injectBusError(at: site, firstByte: firstByte, moment) {
            throw HALError(
                .bus, device: device, operation: "transaction", errno: 5,
                hint: "command \(Hex.byte(firstByte)) failed (injected fault)")
        }
        let stuck = faultPlan?.inject(.stuckBus, at: site, moment) ?? false
        let absent = !stuck && (faultPlan?.inject(.absent, at: site, moment) ?? false)
        let slot = stuck || absent ? nil : attachedSlot(chipSelect)
        let target = slot?.target
        var line = MISOLine(
            idle: stuck ? 0x00 : 0xFF, phaseMismatch: slot.map { !$0.supports(configuration.mode) })
        exchange(&transfers, with: target, line: &line, configuration: configuration)
        injectBitFlips(into: &transfers, at: site, moment)
    }

    /// Runs the transaction of ``SimSPIDevice/writeThenRead(_:into:)``: `command` written, then `read.count`
    /// bytes read, chip select held throughout. The same as ``run(_:chipSelect:configuration:device:)`` with
    /// those two segments (the same calls into the chip, at the same virtual times; `read` holds what the
    /// segment would), without building the segments: this is a register read, the simulated board's
    /// commonest transaction. Under a fault plan, with nothing attached or in a clock mode the chip does not
    /// support, it runs the two segments. `command` is `inout` only so that the device's buffer is lent, not
    /// retained, for the call; it is not changed.
    func runCommandThenRead(
        _ command: inout [UInt8], into read: inout [UInt8], chipSelect: Int, configuration: SPIConfiguration,
        device: String
    ) throws(HALError) {
        guard faultPlan == nil, let index = attachedIndex(chipSelect), attached[index].supports(configuration.mode)
        else {
            var segments = [SPITransfer(write: command), SPITransfer(readCount: read.count)]
            try run(&segments, chipSelect: chipSelect, configuration: configuration, device: device)
            read = segments[1].read
            return
        }
        transactionCount += 1
        let speedHz = Int64(max(configuration.speedHz, 1))
        // Back to back: one clock move for both segments' clocks, as `exchange` makes.
        let wireNanoseconds =
            Self.wireNanoseconds(bytes: command.count, speedHz: speedHz)
            + Self.wireNanoseconds(bytes: read.count, speedHz: speedHz)
        attached[index].commandThenRead(
            command, into: &read, scratch: &scratch, clock: clock, wireNanoseconds: wireNanoseconds)
    }

    /// Runs the transaction of ``SimSPIDevice/writeThenReadRepeatedly(_:into:repeats:)``: per read,
    /// `command` written and `read.count` bytes read with chip select held, chip select then released
    /// for ``SPITransfer/chipSelectReleaseNanoseconds`` before the next. The same calls into the chip at
    /// the same virtual times as the segments of ``SPITransfer/repeatedRead(_:length:repeats:)``, without
    /// building them (a FIFO drained entry by entry). Under a fault plan, with nothing attached or in a
    /// clock mode the chip does not support, it runs those segments.
    func runRepeatedRead(
        _ command: inout [UInt8], into buffer: UnsafeMutableRawBufferPointer, through read: inout [UInt8],
        repeats: Int, chipSelect: Int, configuration: SPIConfiguration, device: String
    ) throws(HALError) {
        let length = read.count
        guard faultPlan == nil, let index = attachedIndex(chipSelect), attached[index].supports(configuration.mode)
        else {
            var segments = SPITransfer.repeatedRead(command, length: length, repeats: repeats)
            try run(&segments, chipSelect: chipSelect, configuration: configuration, device: device)
            for entry in 0..<repeats {
                UnsafeMutableRawBufferPointer(rebasing: buffer[(entry * length)..<((entry + 1) * length)])
                    .copyBytes(from: segments[2 * entry + 1].read)
            }
            return
        }
        transactionCount += 1
        let speedHz = Int64(max(configuration.speedHz, 1))
        let wireNanoseconds =
            Self.wireNanoseconds(bytes: command.count, speedHz: speedHz)
            + Self.wireNanoseconds(bytes: length, speedHz: speedHz)
        let timing = SPIRepeatedReadTiming(
            wireNanoseconds: wireNanoseconds, releaseNanoseconds: SPITransfer.chipSelectReleaseNanoseconds)
        if attached[index].repeatedRead(
            command, into: buffer, length: length, repeats: repeats, timing: timing, clock: clock)
        {
            return
        }
        for entry in 0..<repeats {
            if entry > 0 { clock?.advance(byNanoseconds: SPITransfer.chipSelectReleaseNanoseconds) }
            attached[index].commandThenRead(
                command, into: &read, scratch: &scratch, clock: clock, wireNanoseconds: wireNanoseconds)
            read.withUnsafeBytes { bytes in
                UnsafeMutableRawBufferPointer(rebasing: buffer[(entry * length)..<((entry + 1) * length)])
                    .copyMemory(from: bytes)
            }
        }
    }

    // MARK: - Helpers

    /// The time `bytes` bytes take on the wire at `speedHz`, in whole nanoseconds (eight clocks a byte).
    private static func wireNanoseconds(bytes: Int, speedHz: Int64) -> Int64 {
        Int64(bytes) * 8 * 1_000_000_000 / speedHz
    }

    /// The attachment at `chipSelect`, if a model is attached there.
    private func attachedSlot(_ chipSelect: Int) -> SPIAttachment? {
        attachedIndex(chipSelect).map { attached[$0] }
    }

    /// Where in ``attached`` the model at `chipSelect` is, if one is attached there.
    private func attachedIndex(_ chipSelect: Int) -> Int? {
        attached.withUnsafeBufferPointer { slots in slots.firstIndex { $0.chipSelect == chipSelect } }
    }

    private func exchange(
        _ transfers: inout [SPITransfer], with target: (any SPITarget)?, line: inout MISOLine,
        configuration: SPIConfiguration
    ) {
        let clock = self.clock
        // Back-to-back segments clock without a gap: their wire time is added up and the clock moves
        // once, at a delay, at a chip select release or at the end (each move runs the events due).
        var wireNanoseconds: Int64 = 0
        target?.spiSelect()
        for index in transfers.indices {
            let length = transfers[index].length
            if let target {
                // The whole segment in one call; a write-only segment's answer goes to the scratch buffer.
                let write = transfers[index].write
                if transfers[index].read.isEmpty {
                    scratch.resizeKeepingCapacity(to: length)
                    target.spiExchange(write, into: &scratch)
                    line.observe(scratch)
                } else {
                    target.spiExchange(write, into: &transfers[index].read)
                    line.sample(&transfers[index].read)
                }
                clock?.noteTargetAccess(target)
            } else if !transfers[index].read.isEmpty {
                line.float(&transfers[index].read)
            }
            let speedHz = Int64(max(transfers[index].speedHz ?? configuration.speedHz, 1))
            let delayMicroseconds = Int64(transfers[index].delayAfterMicroseconds)
            wireNanoseconds += Self.wireNanoseconds(bytes: length, speedHz: speedHz)
            if delayMicroseconds > 0 {
                // Nothing touches the chip between the clocks and the delay: one move for both.
                clock?.advance(byNanoseconds: wireNanoseconds + delayMicroseconds * 1_000)
                wireNanoseconds = 0
            }
            if transfers[index].releaseChipSelect && index < transfers.index(before: transfers.endIndex) {
                clock?.advance(byNanoseconds: wireNanoseconds)
                wireNanoseconds = 0
                target?.spiDeselect()
                if let target { clock?.noteTargetAccess(target) }
                clock?.advance(byNanoseconds: SPITransfer.chipSelectReleaseNanoseconds)
                target?.spiSelect()
                line.reselect()
            }
        }
        clock?.advance(byNanoseconds: wireNanoseconds)
        target?.spiDeselect()
        if let target { clock?.noteTargetAccess(target) }
    }

    /// Bit flips hit the transaction's read data as one stream, at most one flip per rule.
    private func injectBitFlips(into transfers: inout [SPITransfer], at site: FaultSite, _ moment: FaultMoment) {
        guard let plan = faultPlan else { return }
        var stream = transfers.flatMap(\.read)
        plan.injectBitFlips(at: site, into: &stream, moment)
        var offset = 0
        for index in transfers.indices {
            let count = transfers[index].read.count
            transfers[index].read = Array(stream[offset..<(offset + count)])
            offset += count
        }
    }
}

/// A chip model at a chip select, with the clock modes it samples correctly as asked at attach (a
/// `Set` asked and searched on every transaction cost about 55 instructions of hashing per sample).
private struct SPIAttachment {
    /// The chip select number.
    let chipSelect: Int
    /// The chip model.
    let target: any SPITarget
    /// Bit `n` set when the model supports mode `n`.
    let modeMask: UInt8
    /// The model, when it serves entry-by-entry reads itself (asked once, at attach).
    let repeatedReader: (any SPIRepeatedReadTarget)?

    init(chipSelect: Int, target: any SPITarget) {
        self.chipSelect = chipSelect
        self.target = target
        repeatedReader = target as? any SPIRepeatedReadTarget
        modeMask = target.supportedModes.reduce(0) { $0 | 1 << $1.rawValue }
    }

    /// Whether the model samples correctly in `mode`.
    func supports(_ mode: SPIMode) -> Bool { modeMask & 1 << mode.rawValue != 0 }

    /// The chip's side of ``SimSPIBus/runCommandThenRead(_:into:chipSelect:configuration:device:)``: select,
    /// `command` clocked in (its answer into `scratch`), `read.count` bytes clocked out, the wire time,
    /// deselect. `mutating` (it changes nothing) so that the bus calls it on its attachment in place: the
    /// model is then borrowed, where one read out of the list is retained and released per transaction.
    mutating func commandThenRead(
        _ command: [UInt8], into read: inout [UInt8], scratch: inout [UInt8], clock: VirtualClock?,
        wireNanoseconds: Int64
    ) {
        target.spiSelect()
        scratch.resizeKeepingCapacity(to: command.count)
        target.spiExchange(command, into: &scratch)
        target.spiExchange([], into: &read)
        clock?.noteTargetAccess(target)
        clock?.advance(byNanoseconds: wireNanoseconds)
        target.spiDeselect()
        clock?.noteTargetAccess(target)
    }

    /// The whole of an entry-by-entry read, when the model serves it itself (``SPIRepeatedReadTarget``);
    /// false, with nothing done, otherwise. `mutating` for the reason ``commandThenRead`` is.
    mutating func repeatedRead(
        _ command: [UInt8], into buffer: UnsafeMutableRawBufferPointer, length: Int, repeats: Int,
        timing: SPIRepeatedReadTiming, clock: VirtualClock?
    ) -> Bool {
        guard let repeatedReader else { return false }
        return repeatedReader.spiRepeatedRead(
            command, into: buffer, length: length, repeats: repeats, timing: timing, clock: clock)
    }
}

/// The MISO line as the controller samples it.
private struct MISOLine {
    /// What the line reads with no target driving it.
    let idle: UInt8
    /// Whether the controller samples on the wrong edge for the selected chip (nil: no chip).
    let phaseMismatch: Bool?
    /// The bit the chip drove just before the current byte (a mismatched phase reads it first).
    private var carry: UInt8 = 1

    init(idle: UInt8, phaseMismatch: Bool?) {
        self.idle = idle
        self.phaseMismatch = phaseMismatch
    }

    /// Turns the bytes a chip sent into what the controller reads, in place.
    ///
    /// With a phase mismatch the controller reads the stream one bit late: the previous byte's last
    /// bit (or the idle-high line, at the start of a selection), then the first seven bits.
    mutating func sample(_ bytes: inout [UInt8]) {
        guard phaseMismatch == true else { return }
        for index in bytes.indices {
            let driven = bytes[index]
            bytes[index] = (carry << 7) | (driven >> 1)
            carry = driven & 1
        }
    }

    /// Follows bytes a chip sent that the controller does not keep (a write-only segment).
    mutating func observe(_ bytes: [UInt8]) {
        guard phaseMismatch == true, let last = bytes.last else { return }
        carry = last & 1
    }

    /// Nobody drives MISO: every byte reads the idle level.
    func float(_ bytes: inout [UInt8]) {
        for index in bytes.indices { bytes[index] = idle }
    }

    /// Chip select was released and asserted again.
    mutating func reselect() { carry = 1 }
}
