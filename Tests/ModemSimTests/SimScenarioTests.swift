// SensorGate — tests: faults planned for a whole run (what `sensorgate modem-sim` exposes), on virtual time.

import HAL
import HALSim
import Modem
import ModemSim
import Testing

@Suite struct SimScenarioTests {
    @Test func plannedGapsAndFaultsHappenAtTheirTimesAndTheDriverRecovers() throws {
        let rig = Rig(.bg96)
        var scenario = SimScenario()
        scenario.faults = [
            PlannedFault(at: MonotonicInstant.zero + .seconds(60), fault: .reboot),
            PlannedFault(at: MonotonicInstant.zero + .seconds(260), fault: .contextLoss),
        ]
        scenario.coverageGaps = [
            CoverageGap(start: MonotonicInstant.zero + .seconds(150), end: MonotonicInstant.zero + .seconds(180))
        ]
        scenario.apply(to: rig.modem)
        try rig.driver.start()
        #expect(rig.driver.state == .online)

        try rig.idle(until: { rig.clock.now() >= MonotonicInstant.zero + .seconds(55) }, limit: .seconds(300))
        #expect(rig.driver.metrics.unexpectedReboots == 0 && rig.modem.bootCount == 1)
        try rig.idle(until: { rig.clock.now() >= MonotonicInstant.zero + .seconds(110) }, limit: .seconds(300))
        #expect(rig.modem.bootCount == 2)
        #expect(rig.driver.metrics.unexpectedReboots == 1)
        try rig.driver.ensureOnline()
        #expect(rig.driver.state == .online && rig.clock.now() < MonotonicInstant.zero + .seconds(150))

        try rig.idle(until: { rig.clock.now() >= MonotonicInstant.zero + .seconds(155) }, limit: .seconds(300))
        #expect(!rig.modem.isRegistered)
        try rig.idle(until: { rig.clock.now() >= MonotonicInstant.zero + .seconds(230) }, limit: .seconds(300))
        #expect(rig.modem.isRegistered && rig.driver.state == .online)
        #expect(rig.driver.metrics.registrationLosses == 1)

        try rig.idle(until: { rig.clock.now() >= MonotonicInstant.zero + .seconds(300) }, limit: .seconds(300))
        #expect(rig.driver.metrics.contextLosses == 1)
        try rig.driver.ensureOnline()
        #expect(rig.driver.state == .online && rig.modem.isContextActive)
        #expect(rig.modem.bootCount == 2)
    }

    @Test func rebootsComeAtRandomIntervalsAveragingTheMeanAndFollowTheSeed() {
        func bootsInAnHour(seed: UInt64, mean: Duration?) -> Int {
            let modem = SimModem(
                dialect: .sim7080g, profile: .nbiot, transport: VirtualServer(ports: [7000]), quirks: .none, seed: seed)
            var scenario = SimScenario()
            scenario.rebootMeanInterval = mean
            scenario.apply(to: modem)
            modem.powerOn(at: .zero)
            modem.advance(to: MonotonicInstant.zero + .seconds(3600))
            return modem.bootCount
        }
        #expect(bootsInAnHour(seed: 3, mean: nil) == 1)
        let boots = bootsInAnHour(seed: 3, mean: .seconds(60))
        // 3600 s / (60 s mean + about 3 s of boot) ≈ 57 boots; the spread of a Poisson count is about 8.
        #expect((35...80).contains(boots), "\(boots) boots")
        #expect(bootsInAnHour(seed: 3, mean: .seconds(60)) == boots)
        let rare = bootsInAnHour(seed: 3, mean: .seconds(600))
        #expect((2...15).contains(rare), "\(rare) boots")
    }

    @Test func overlappingOrTouchingGapsAreFound() {
        var scenario = SimScenario()
        scenario.coverageGaps = [
            CoverageGap(start: MonotonicInstant.zero + .seconds(100), end: MonotonicInstant.zero + .seconds(130)),
            CoverageGap(start: MonotonicInstant.zero, end: MonotonicInstant.zero + .seconds(60)),
        ]
        #expect(scenario.overlappingGaps == nil)
        scenario.coverageGaps.append(
            CoverageGap(start: MonotonicInstant.zero + .seconds(60), end: MonotonicInstant.zero + .seconds(70)))
        let pair = scenario.overlappingGaps
        #expect(pair?.0 == CoverageGap(start: MonotonicInstant.zero, end: MonotonicInstant.zero + .seconds(60)))
        #expect(
            pair?.1
                == CoverageGap(start: MonotonicInstant.zero + .seconds(60), end: MonotonicInstant.zero + .seconds(70)))
    }
}
