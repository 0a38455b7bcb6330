// SensorGate — tests: recovery that escalates, dead links, reboots, PSM and the SIM, on virtual time.

import HAL
import HALSim
import Modem
import ModemSim
import Testing

@Suite struct RecoveryTests {
    @Test func aHungModemIsRecoveredByEscalatingToTheResetLine() throws {
        let rig = Rig(.bg96)
        try rig.driver.start()
        rig.modem.inject(.hang, at: rig.clock.now())
        let id = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        let metrics = rig.driver.metrics
        #expect(rig.driver.socketState(id) == .open)
        #expect(metrics.retries == 1 && metrics.reattaches == 1 && metrics.functionalityCycles == 1)
        #expect(metrics.resets == 1 && metrics.powerCycles == 0)
        #expect(rig.modem.bootCount == 2)
        let reset = try #require(rig.harness.lines.reset as? SimModemLine)
        let pulses = zip(reset.history, reset.history.dropFirst()).filter { $0.0.active && !$0.1.active }
        #expect(pulses.map { $0.1.at - $0.0.at } == [.milliseconds(300)])
    }

    @Test func withoutAResetLineTheLadderEndsInAPowerCycle() throws {
        let rig = Rig(.sim7080g)
        try rig.driver.start()
        rig.modem.inject(.hang, at: rig.clock.now())
        _ = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        #expect(rig.driver.state == .online)
        // SIM7080G has no RESET_N: AT+CFUN=1,1 goes unheard by a hung module, so the supply is cycled.
        #expect(rig.driver.metrics.resets == 1 && rig.driver.metrics.powerCycles == 1)
        let supply = try #require(rig.harness.lines.supply as? SimModemLine)
        #expect(supply.history.map(\.active) == [false, true])
    }

    /// A module that reboots as the driver sends prints its boot line, and nothing else; the send
    /// ends there (its socket is gone) instead of waiting out the 120 s send timeout, and a new socket
    /// works seconds later.
    @Test(arguments: ["bg96", "ec21", "sim7600", "sim7080g"])
    func aRebootDuringASendEndsItAtTheBootLine(_ name: String) throws {
        let dialect = try #require(ModemDialect.named(name))
        let rig = Rig(dialect, quirks: .none)
        try rig.driver.start()
        let id = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        let start = rig.clock.now()
        // The module restarts as the command reaches it: no prompt, no answer, only its boot lines.
        rig.modem.inject(.reboot, at: start)
        #expect { try rig.driver.send(bytes("lost in the reboot"), on: id) } throws: {
            ($0 as? ModemError)?.kind == .socketNotOpen
        }
        let ended = rig.clock.now() - start
        #expect(ended < dialect.power.bootTime + .seconds(10), "the send ended \(ended) after it began")
        #expect(rig.driver.metrics.unexpectedReboots == 1)
        let again = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        try rig.driver.send(bytes("after\n"), on: again)
        try rig.idle(until: { rig.server.received.values.contains(bytes("after\n")) })
        #expect(rig.server.received.values.contains(bytes("after\n")))
    }

    @Test func aSpontaneousRebootLosesTheSocketsAndIsCounted() throws {
        let rig = Rig(.ec21)
        try rig.driver.start()
        let id = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        rig.modem.inject(.reboot, at: rig.clock.now())
        try rig.driver.idle(for: .seconds(10))
        #expect(rig.driver.metrics.unexpectedReboots == 1)
        #expect(rig.driver.socketState(id) == .lost)
        #expect(throws: ModemError.self) { try rig.driver.send(bytes("x"), on: id) }
        let again = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        #expect(rig.driver.socketState(again) == .open)
    }

    @Test func aVanishedPortIsReopenedAndTheModemResynchronised() throws {
        let rig = Rig(.bg95)
        try rig.driver.start()
        let id = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        rig.harness.portAvailable = false
        #expect {
            try rig.driver.send(bytes("lost"), on: id)
        } throws: { ($0 as? ModemError)?.kind == .link }
        rig.harness.portAvailable = true
        try rig.driver.ensureOnline()
        try rig.driver.send(bytes("back"), on: id)
        try rig.driver.idle(for: .seconds(5))
        #expect(try rig.driver.receive(from: id) == bytes("back"))
        #expect(rig.driver.metrics.linkFailures >= 1)
    }

    @Test func psmEntryLosesTheSocketAndTheNextOpenWakesTheModem() throws {
        var settings = ModemSettings()
        settings.psm = PSMSettings(periodicUpdate: .seconds(3600), activeTime: .seconds(10))
        let rig = Rig(.bc66, settings: settings)
        try rig.driver.start()
        #expect(rig.modem.commandLog.contains("AT+CPSMS=1,,,\"00000110\",\"00000101\""))
        let id = try rig.driver.openSocket(.udp, host: "192.0.2.10", port: 7000)
        try rig.driver.send(bytes("reading"), on: id)
        try rig.idle(until: { rig.driver.state == .psm }, limit: .seconds(120))
        #expect(rig.driver.state == .psm && rig.modem.power == .psm)
        #expect(rig.driver.socketState(id) == .lost)
        #expect(try rig.driver.receive(from: id) == bytes("reading"))
        try rig.driver.idle(for: .seconds(600))
        let again = try rig.driver.openSocket(.udp, host: "192.0.2.10", port: 7000)
        #expect(rig.driver.socketState(again) == .open)
        #expect(rig.driver.metrics.psmEntries == 1 && rig.driver.metrics.psmWakeUps == 1)
        #expect(rig.modem.meter.psmTime >= .seconds(600))
    }

    @Test func aSIMPINIsEnteredAndAWrongOneStopsWithASIMError() throws {
        var settings = ModemSettings()
        settings.pin = "1234"
        let good = Rig(.a7670, settings: settings)
        good.modem.simPIN = "1234"
        try good.driver.start()
        #expect(good.driver.state == .online)

        settings.pin = "0000"
        let bad = Rig(.a7670, settings: settings)
        bad.modem.simPIN = "1234"
        #expect { try bad.driver.start() } throws: { ($0 as? ModemError)?.kind == .sim }
        #expect(bad.driver.state == .failed)
    }

    @Test func aCoverageGapIsARegistrationLossThatHeals() throws {
        let rig = Rig(.bg96)
        try rig.driver.start()
        rig.modem.addCoverageGap(CoverageGap(start: rig.clock.now() + .seconds(5), end: rig.clock.now() + .seconds(40)))
        try rig.driver.idle(for: .seconds(10))
        #expect(rig.driver.state == .registering && !rig.driver.isRegistered)
        try rig.idle(until: { rig.driver.isRegistered }, limit: .seconds(120))
        #expect(rig.driver.state == .online)
        #expect(rig.driver.metrics.registrationLosses == 1)
    }
}
