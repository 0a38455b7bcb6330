// SensorGate — tests: the sleeping module's periodic tracking-area update (T3412) and what it costs.

import HAL
import HALSim
import Modem
import ModemSim
import Testing

@Suite struct PeriodicTAUTests {
    /// A BC66 that asked for T3412 = 1 h and T3324 = 10 s, asleep in PSM after its first active time;
    /// `release` is when its radio was released (T3412 started then).
    private func asleep() throws -> (rig: Rig, release: MonotonicInstant) {
        var settings = ModemSettings()
        settings.psm = PSMSettings(periodicUpdate: .seconds(3600), activeTime: .seconds(10))
        let rig = Rig(.bc66, settings: settings)
        try rig.driver.start()
        try rig.idle(until: { rig.driver.state == .psm }, limit: .seconds(120))
        try #require(rig.driver.state == .psm && rig.modem.power == .psm)
        let now = rig.clock.now()
        let entry = now - rig.modem.meter.psmTime(at: now)
        return (rig, entry - .seconds(10))
    }

    /// Moves the clock and the module to `instant` (the driver is asleep with its module).
    private func run(_ rig: Rig, to instant: MonotonicInstant) {
        rig.clock.advance(to: instant)
        rig.modem.advance(to: instant)
    }

    @Test func aSleepingModuleWakesForItsTAUAtEachExpiryOfT3412() throws {
        let (rig, release) = try asleep()
        run(rig, to: release + .seconds(4 * 3600))
        // T3412 restarts when each TAU's connection (2 s on NB-IoT) is released.
        let expected = (1...3).map { release + .seconds(3600 * $0 + 2 * ($0 - 1)) }
        #expect(rig.modem.periodicTAUs == expected)
        #expect(rig.modem.power == .psm)
        #expect(rig.harness.transcript.contains("EXIT PSM") == false)
    }

    @Test func theNetworksGrantedT3412ReplacesTheRequestedOne() throws {
        var settings = ModemSettings()
        settings.psm = PSMSettings(periodicUpdate: .seconds(3600), activeTime: .seconds(10))
        let rig = Rig(.bc66, settings: settings)
        rig.modem.grantedPeriodicTAU = .seconds(1800)
        try rig.driver.start()
        try rig.idle(until: { rig.driver.state == .psm }, limit: .seconds(120))
        let now = rig.clock.now()
        let release = now - rig.modem.meter.psmTime(at: now) - .seconds(10)
        run(rig, to: release + .seconds(3700))
        #expect(rig.modem.periodicTAUs == [release + .seconds(1800), release + .seconds(3602)])
    }

    @Test func theEnergyOverAWindowInPSMIncludesEachTAUAndItsActiveTime() throws {
        let (rig, release) = try asleep()
        let start = rig.clock.now()
        let profile = NetworkProfile.nbiot
        let before = rig.modem.meter.energyJoules(at: start, elapsed: start - .zero, profile: profile)
        let connectedBefore = rig.modem.meter.radioOnTime(at: start)
        // Three TAUs (release + 1 h, 2 h 2 s, 3 h 4 s), each awake 2 s connected + 10 s idle; asleep again.
        let end = release + .seconds(3 * 3600 + 600)
        run(rig, to: end)
        let after = rig.modem.meter.energyJoules(at: end, elapsed: end - .zero, profile: profile)
        let window = Double((end - start).components.seconds) + Double((end - start).components.attoseconds) / 1e18
        // 2 s × 0.3 W + 10 s × 3 mW per TAU; the rest of the window at 10 µW.
        let expected = 3 * (2 * 0.3 + 10 * 0.003) + (window - 3 * 12) * 0.000_01
        #expect(abs((after - before) - expected) < 1e-9)
        #expect(rig.modem.meter.radioOnTime(at: end) - connectedBefore == .seconds(6))
    }

    @Test func anUploadAfterTAUsWakesTheModuleAsUsual() throws {
        let (rig, release) = try asleep()
        run(rig, to: release + .seconds(2 * 3600 + 600))
        #expect(rig.modem.periodicTAUs.count == 2)
        let id = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        try rig.driver.send(bytes("after two TAUs"), on: id)
        try rig.idle(until: { rig.modem.meter.bytesDown > 0 }, limit: .seconds(10))
        #expect(try rig.driver.receive(from: id) == bytes("after two TAUs"))
        #expect(rig.driver.metrics.psmWakeUps == 1)
    }

    @Test func anUploadDuringATAUsActiveTimeWakesTheModuleAsUsual() throws {
        let (rig, release) = try asleep()
        // 5 s after the first TAU began: its connection is over, its active time runs.
        run(rig, to: release + .seconds(3605))
        #expect(rig.modem.periodicTAUs == [release + .seconds(3600)])
        let id = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        try rig.driver.send(bytes("in the active time"), on: id)
        try rig.idle(until: { rig.modem.meter.bytesDown > 0 }, limit: .seconds(10))
        #expect(try rig.driver.receive(from: id) == bytes("in the active time"))
        #expect(rig.driver.metrics.psmWakeUps == 1)
        // Awake, the module sleeps again after its own active time: no TAU falls due meanwhile.
        try rig.idle(until: { rig.driver.state == .psm }, limit: .seconds(120))
        #expect(rig.driver.state == .psm && rig.modem.periodicTAUs.count == 1)
    }

    @Test func aWakeByTheApplicationRestartsT3412() throws {
        let (rig, release) = try asleep()
        // An upload 15 min into the sleep; the module sleeps again after it.
        run(rig, to: release + .seconds(900))
        let id = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        try rig.driver.send(bytes("a quarter of an hour in"), on: id)
        try rig.idle(until: { rig.modem.meter.bytesDown > 0 }, limit: .seconds(10))
        try rig.driver.close(id)
        try rig.idle(until: { rig.driver.state == .psm }, limit: .seconds(120))
        let resleptAt = rig.clock.now()
        // The first sleep's T3412 would have run out at release + 1 h: no TAU then.
        run(rig, to: release + .seconds(3600 + 60))
        #expect(rig.modem.periodicTAUs.isEmpty)
        // The next one falls due one T3412 after the second sleep's release, not before.
        run(rig, to: resleptAt + .seconds(3600 + 60))
        let tau = try #require(rig.modem.periodicTAUs.first)
        #expect(rig.modem.periodicTAUs.count == 1)
        #expect(tau > release + .seconds(900 + 3600) && tau <= resleptAt + .seconds(3600))
    }
}
