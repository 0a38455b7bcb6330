// SensorGate — Sampling: requests to a running rate group from another thread, lock-free.

import Synchronization

/// The way into one running rate group from another thread (the downlink command handler): ask for a
/// new rate or a fresh reading, and learn when the sampling thread has done it.
///
/// Every field is an `Atomic`: the sampling thread reads the requests with one atomic load per group
/// and wake-up, and neither side takes a lock or allocates. A rate request is one 64-bit word (a
/// serial number in the high half, the rate in mHz in the low half), so a new request replaces one
/// not yet taken and the sampler never sees half of one.
public final class SamplingMailbox: Sendable {
    /// The group's name.
    public let groupName: String
    /// The labels of the group's sensors.
    public let labels: [String]
    /// `polled`, `data-ready` or `fifo`: only a polled group's pace is the sampler's to change.
    public let trigger: String
    /// The fastest rate worth polling: the output data rate a sensor's driver states (polling faster
    /// returns the same conversion again); nil when no driver of the group states one.
    public let fastestUsefulRate: SamplingRate?
    private let rateRequest = Atomic<UInt64>(0)
    private let rateDone = Atomic<UInt32>(0)
    private let rateSerial = Atomic<UInt32>(0)
    private let readRequests = Atomic<UInt64>(0)
    private let readsServed = Atomic<UInt64>(0)
    /// Counts the reading requests of every group of the scheduler, so that the sampling thread
    /// looks into the groups' mailboxes only when one of them has something.
    let tally: RequestTally

    /// A mailbox for a group.
    /// - Parameters:
    ///   - groupName: the group's name.
    ///   - labels: its sensors' labels.
    ///   - trigger: its trigger's name.
    ///   - fastestUsefulRate: the slowest output data rate its drivers state, if any.
    ///   - tally: the count of reading requests shared by the scheduler's groups.
    init(
        groupName: String, labels: [String], trigger: String, fastestUsefulRate: SamplingRate?,
        tally: RequestTally
    ) {
        self.groupName = groupName
        self.tally = tally
        self.labels = labels
        self.trigger = trigger
        self.fastestUsefulRate = fastestUsefulRate
    }

    // MARK: - The requesting side

    /// Asks the sampling thread to run the group at `rate` from its next deadline on.
    /// - Parameter rate: the new rate (at most 2³² − 1 mHz).
    /// - Returns: the request's ticket, for ``rateApplied(_:)``.
    public func requestRate(_ rate: SamplingRate) -> UInt32 {
        let serial = rateSerial.add(1, ordering: .relaxed).newValue
        let milliHertz = UInt64(min(rate.milliHertz, Int64(UInt32.max)))
        rateRequest.store(UInt64(serial) << 32 | milliHertz, ordering: .releasing)
        return serial
    }

    /// Whether the request `ticket` (or a later one) has taken effect on the sampling thread.
    public func rateApplied(_ ticket: UInt32) -> Bool {
        let done = rateDone.load(ordering: .acquiring)
        return done != 0 && done &- ticket < UInt32.max / 2
    }

    /// Asks the sampling thread for one reading of every sensor of the group, out of schedule.
    /// - Returns: the request's ticket, for ``readingServed(_:)``.
    public func requestReading() -> UInt64 {
        let ticket = readRequests.add(1, ordering: .releasing).newValue
        tally.count.add(1, ordering: .releasing)
        return ticket
    }

    /// Whether the reading `ticket` asked for has been taken and handed to the sink.
    public func readingServed(_ ticket: UInt64) -> Bool {
        readsServed.load(ordering: .acquiring) >= ticket
    }

    // MARK: - The sampling thread's side

    /// A rate request newer than `seen`: its serial and rate.
    func pendingRate(after seen: UInt32) -> (serial: UInt32, rate: SamplingRate)? {
        let word = rateRequest.load(ordering: .acquiring)
        let serial = UInt32(truncatingIfNeeded: word >> 32)
        guard serial != seen, word != 0 else { return nil }
        return (serial, SamplingRate(milliHertz: Int64(word & 0xFFFF_FFFF)))
    }

    /// The rate request `serial` has taken effect.
    func confirmRate(_ serial: UInt32) { rateDone.store(serial, ordering: .releasing) }

    /// Reading requests made so far (a counter; the sampler serves up to it).
    var readsRequested: UInt64 { readRequests.load(ordering: .acquiring) }

    /// Readings requested up to `count` have been served.
    func confirmReads(upTo count: UInt64) { readsServed.store(count, ordering: .releasing) }
}

/// The reading requests made to all groups of one scheduler, counted together (the mailbox's count
/// first, then this one), so that a loop turn with none to serve costs one atomic load.
final class RequestTally: Sendable {
    /// Requests made so far.
    let count = Atomic<UInt64>(0)
}
