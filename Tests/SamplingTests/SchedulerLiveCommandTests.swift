// SensorGate — SamplingTests: downlink commands served by a running scheduler, on the virtual clock.

import Drivers
import HAL
import HALSim
import Sampling
import Testing

/// Collects readings, rate changes and requested readings.
private final class CommandSink: SampleSinkCommands {
    var readings: [SensorReading] = []
    var requested: [(reading: SensorReading, label: String)] = []
    var changes: [(group: Int, rate: SamplingRate, at: MonotonicInstant)] = []

    func deliver(_ reading: SensorReading, from sensor: SensorTag) { readings.append(reading) }
    func missing(from sensor: SensorTag, at instant: MonotonicInstant, count: Int) {}
    func rateChanged(group: Int, to rate: SamplingRate, at instant: MonotonicInstant) {
        changes.append((group, rate, instant))
    }
    func deliverRequested(_ reading: SensorReading, from sensor: SensorTag) {
        requested.append((reading, sensor.label))
    }
}

@Suite struct SchedulerLiveCommandTests {
    private func rate(_ hertz: Double) throws -> SamplingRate { try #require(SamplingRate(hertz: hertz)) }

    private func scheduler(
        _ clock: VirtualClock, _ sink: CommandSink, rates: [(String, Double)]
    ) throws -> SamplingScheduler {
        let groups = try rates.map { label, hertz in
            RateGroupDefinition(
                name: label, rate: try rate(hertz),
                sensors: [SampledSensor(label: label, driver: FakeSensor(location: label, clock: clock))])
        }
        return SamplingScheduler(groups: groups, timebase: RealTimebase(clock: clock), sink: sink)
    }

    @Test func aRateChangeReanchorsTheGridAtTheNextDeadline() throws {
        let clock = VirtualClock()
        let sink = CommandSink()
        let scheduler = try scheduler(clock, sink, rates: [("baro", 100)])
        try scheduler.run(until: .zero + .seconds(1))
        #expect(sink.readings.count == 101)
        // Asked between deadlines (at 1.000 s, served; next at 1.010 s): the switch is at 1.010 s.
        let mailbox = try #require(scheduler.mailboxes.first)
        let ticket = mailbox.requestRate(try rate(30))
        #expect(!mailbox.rateApplied(ticket))
        let switchAt = MonotonicInstant(nanoseconds: 1_010_000_000)
        try scheduler.run(until: switchAt + .seconds(10))
        #expect(mailbox.rateApplied(ticket))
        #expect(sink.changes.count == 1)
        #expect(sink.changes.first?.at == switchAt)
        #expect(sink.changes.first?.rate == (try rate(30)))
        // n-th deadline after the switch: switch + n × 10¹² / 30 000 ns, exact (33 333 333.3… ns is no
        // whole number of nanoseconds: an accumulated period would drift).
        let after = Array(sink.readings.dropFirst(101))
        #expect(after.count == 301)
        for (n, reading) in after.enumerated() {
            let expected = switchAt.nanoseconds + Int64(n) * 1_000_000_000_000 / 30_000
            guard reading.timestamp.nanoseconds == expected else {
                Issue.record(
                    "sample \(n) after the switch at \(reading.timestamp.nanoseconds) ns, expected \(expected)")
                break
            }
        }
        let report = try #require(scheduler.reports.first)
        #expect(report.rateHz == 30)
        #expect(report.rateChanges == 1)
        #expect(report.samples == 402)
        #expect(report.deadlineMisses == 0 && report.skippedSamples == 0 && report.missingSamples == 0)
    }

    @Test func aSwitchedGridDoesNotDriftOverASimulatedDay() throws {
        let clock = VirtualClock()
        let sink = CommandSink()
        let scheduler = try scheduler(clock, sink, rates: [("slow", 1)])
        try scheduler.run(until: .zero + .milliseconds(2_500))
        let mailbox = try #require(scheduler.mailboxes.first)
        _ = mailbox.requestRate(SamplingRate(milliHertz: 300))
        // Served at 3 s: 0.3 Hz from there, 10¹² / 300 ns = 3.333… s apart.
        let switchAt = MonotonicInstant(nanoseconds: 3_000_000_000)
        try scheduler.run(until: switchAt + .seconds(86_400))
        #expect(sink.readings.count == 3 + 86_400 * 3 / 10 + 1)
        #expect(sink.readings.last?.timestamp == switchAt + .seconds(86_400))
    }

    @Test func onlyTheChangedGroupMoves() throws {
        let clock = VirtualClock()
        let sink = CommandSink()
        let scheduler = try scheduler(clock, sink, rates: [("imu", 1000), ("temp", 2)])
        try scheduler.run(until: .zero + .milliseconds(100))
        _ = scheduler.mailboxes[1].requestRate(try rate(10))
        try scheduler.run(until: .zero + .seconds(2))
        let reports = scheduler.reports
        #expect(reports[0].samples == 2001 && reports[0].rateChanges == 0)
        // 2 Hz deadlines at 0 (and the request waits for the next, 0.5 s); 10 Hz from 0.5 s to 2 s: 16.
        #expect(reports[1].samples == 1 + 16)
        #expect(sink.changes.map(\.group) == [1])
        #expect(reports[0].deadlineMisses == 0 && reports[1].deadlineMisses == 0)
    }

    @Test func aRequestedReadingComesOutOfScheduleAndLeavesTheGridAlone() throws {
        let clock = VirtualClock()
        let sink = CommandSink()
        let scheduler = try scheduler(clock, sink, rates: [("baro", 1), ("temp", 1)])
        try scheduler.run(until: .zero + .milliseconds(1_500))
        let ticket = scheduler.mailboxes[0].requestReading()
        #expect(!scheduler.mailboxes[0].readingServed(ticket))
        try scheduler.run(until: .zero + .milliseconds(1_700))
        #expect(scheduler.mailboxes[0].readingServed(ticket))
        #expect(sink.requested.map(\.label) == ["baro"])
        #expect(sink.requested.first?.reading.timestamp == .zero + .milliseconds(1_500))
        try scheduler.run(until: .zero + .seconds(3))
        let reports = scheduler.reports
        #expect(reports[0].requestedReadings == 1 && reports[1].requestedReadings == 0)
        // The schedule is untouched: deadlines at 0, 1, 2, 3 s.
        #expect(reports[0].samples == 4 && reports[1].samples == 4)
        #expect(sink.readings.allSatisfy { $0.timestamp.nanoseconds % 1_000_000_000 == 0 })
    }

    @Test func requestsToSeveralGroupsAndLaterOnesAreEachServedOnce() throws {
        let clock = VirtualClock()
        let sink = CommandSink()
        let scheduler = try scheduler(clock, sink, rates: [("baro", 1), ("temp", 1)])
        try scheduler.run(until: .zero + .milliseconds(1_500))
        let first = scheduler.mailboxes[0].requestReading()
        let second = scheduler.mailboxes[1].requestReading()
        try scheduler.run(until: .zero + .milliseconds(1_600))
        #expect(scheduler.mailboxes[0].readingServed(first) && scheduler.mailboxes[1].readingServed(second))
        #expect(sink.requested.map(\.label) == ["baro", "temp"])
        // Nothing new asked: nothing more served.
        try scheduler.run(until: .zero + .milliseconds(2_500))
        #expect(sink.requested.count == 2)
        let third = scheduler.mailboxes[1].requestReading()
        #expect(!scheduler.mailboxes[1].readingServed(third))
        try scheduler.run(until: .zero + .milliseconds(2_600))
        #expect(scheduler.mailboxes[1].readingServed(third))
        #expect(sink.requested.map(\.label) == ["baro", "temp", "temp"])
        #expect(sink.requested.last?.reading.timestamp == .zero + .milliseconds(2_500))
    }
}
