// SensorGate — tests: the simulated module's control lines as a board wires them, and their pulse widths.

import HAL
import HALSim
import Modem
import ModemSim
import Testing

@Suite struct ControlLineTests {
    /// A BC66 asleep in PSM, its driver holding the lines `wired`.
    private func asleep(wired: Set<ModemLineRole>) throws -> Rig {
        var settings = ModemSettings()
        settings.psm = PSMSettings(periodicUpdate: .seconds(3600), activeTime: .seconds(10))
        let rig = Rig(.bc66, settings: settings, wired: wired)
        try rig.driver.start()
        try rig.idle(until: { rig.driver.state == .psm }, limit: .seconds(120))
        try #require(rig.driver.state == .psm && rig.modem.power == .psm)
        return rig
    }

    /// Holds `line` active for `width` on the rig's clock.
    private func pulse(_ line: any GPIOOutputLine, _ width: Duration, on rig: Rig) throws {
        try line.set(true)
        rig.clock.advance(by: width)
        try line.set(false)
    }

    @Test func theDriverWakesASleepingBC66WithAPSMEINTPulseOf100ms() throws {
        let rig = try asleep(wired: [.powerKey, .wake, .reset])
        let id = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        try rig.driver.send(bytes("woken by PSM_EINT"), on: id)
        try rig.idle(until: { rig.modem.meter.bytesDown > 0 }, limit: .seconds(10))
        #expect(try rig.driver.receive(from: id) == bytes("woken by PSM_EINT"))
        let wake = rig.harness.wakeLine.history
        #expect(wake.map(\.active) == [true, false])
        #expect(wake.count == 2 && wake[1].at - wake[0].at == .milliseconds(100))
        // PWRKEY was pressed once, to switch the module on; the wake-up left it alone.
        let key = try #require(rig.harness.lines.powerKey as? SimModemLine)
        #expect(key.history.map(\.active) == [true, false])
        #expect(rig.driver.metrics.psmWakeUps == 1 && rig.modem.lastWakeLine == .wake)
    }

    @Test func withoutAWakeLineTheDriverWakesItWithA500msPWRKEYPulse() throws {
        let rig = try asleep(wired: [.powerKey])
        let key = try #require(rig.harness.lines.powerKey as? SimModemLine)
        let pressesBefore = key.history.count
        let id = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        try rig.driver.send(bytes("woken by PWRKEY"), on: id)
        try rig.idle(until: { rig.modem.meter.bytesDown > 0 }, limit: .seconds(10))
        #expect(try rig.driver.receive(from: id) == bytes("woken by PWRKEY"))
        let pulse = key.history.dropFirst(pressesBefore)
        #expect(pulse.map(\.active) == [true, false])
        #expect(pulse.last!.at - pulse.first!.at == .milliseconds(500))
        #expect(rig.harness.wakeLine.history.isEmpty && rig.modem.lastWakeLine == .powerKey)
    }

    @Test func aTooShortPulseDoesNotWakeTheModule() throws {
        let rig = try asleep(wired: [.powerKey, .wake])
        // PSM_EINT needs 100 ms (BC66), PWRKEY the 500 ms power-on pulse.
        try pulse(rig.harness.wakeLine, .milliseconds(99), on: rig)
        rig.clock.advance(by: .seconds(10))
        rig.modem.advance(to: rig.clock.now())
        #expect(rig.modem.power == .psm)
        let key = try #require(rig.harness.lines.powerKey)
        try pulse(key, .milliseconds(499), on: rig)
        rig.clock.advance(by: .seconds(10))
        rig.modem.advance(to: rig.clock.now())
        #expect(rig.modem.power == .psm)
        // The full-width pulse on the wake line does wake it: the boot lines follow.
        try pulse(rig.harness.wakeLine, .milliseconds(100), on: rig)
        rig.clock.advance(by: .seconds(1))
        rig.modem.advance(to: rig.clock.now())
        #expect(rig.modem.power == .on && rig.modem.lastWakeLine == .wake)
    }

    @Test func aBoardWiringOnlySomeLinesGivesTheDriverOnlyThose() {
        let clock = VirtualClock()
        let modem = SimModem(dialect: .bc66, profile: .nbiot, transport: VirtualServer(ports: [7000]))
        let harness = SimModemHarness(modem: modem, clock: clock)
        let lines = harness.lines(wired: [.wake, .reset])
        #expect(lines.powerKey == nil && lines.supply == nil)
        #expect(lines.wake?.name == "sim:modem.PSM_EINT" && lines.reset?.name == "sim:modem.RESET_N")
        #expect(harness.lines.wake == nil)
    }
}
