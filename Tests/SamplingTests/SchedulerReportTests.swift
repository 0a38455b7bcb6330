// SensorGate — SamplingTests: reports that keep earlier latency summaries (the run's status line).

import Drivers
import HAL
import HALSim
import Sampling
import Testing

@Suite struct SchedulerReportTests {
    @Test func reportsKeepingLatencyHaveNewCountsAndTheEarlierSummaries() throws {
        let clock = VirtualClock()
        let slow = FakeSensor(location: "slow", clock: clock)
        // Every 100th read takes 3.7 periods of a 1 kHz group: late wake-ups after each.
        slow.readCost = { $0 % 100 == 50 ? .microseconds(3_700) : .microseconds(10) }
        let group = RateGroupDefinition(
            name: "imu", rate: try #require(SamplingRate(hertz: 1000)),
            sensors: [SampledSensor(label: "imu", driver: slow)])
        let scheduler = SamplingScheduler(
            groups: [group], timebase: RealTimebase(clock: clock), sink: CollectingSink())
        try scheduler.run(until: .zero + .milliseconds(500))
        let earlier = scheduler.reports
        try scheduler.run(until: .zero + .seconds(1))
        let kept = try #require(scheduler.reports(keepingLatencyOf: earlier).first)
        let fresh = try #require(scheduler.reports.first)
        let before = try #require(earlier.first)
        #expect(kept.samples == fresh.samples)
        #expect(kept.samples > before.samples)
        #expect(kept.deadlineMisses == fresh.deadlineMisses)
        #expect(kept.latency == before.latency)
        #expect(fresh.latency.count > before.latency.count)
        // Without earlier reports every group is summarised anew.
        #expect(scheduler.reports(keepingLatencyOf: []).first?.latency == fresh.latency)
    }
}
