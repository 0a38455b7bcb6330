// SensorGate — tests: the network's PSM grant (the HIL `psm` fault) and the driver's wake-up after it.

import HAL
import HALSim
import Modem
import ModemSim
import Testing

@Suite struct PSMGrantTests {
    private func rig() throws -> Rig {
        var settings = ModemSettings()
        settings.psm = PSMSettings(periodicUpdate: .seconds(3600), activeTime: .seconds(10))
        let rig = Rig(.bc660k, settings: settings)
        try rig.driver.start()
        return rig
    }

    @Test func withoutAGrantTheModuleStaysIdleWhenItsActiveTimeRunsOut() throws {
        let rig = try rig()
        rig.modem.withholdPSM()
        let id = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        try rig.driver.send(bytes("reading"), on: id)
        try rig.idle(until: { rig.driver.state == .psm }, limit: .seconds(300))
        #expect(rig.driver.state == .online && rig.modem.power == .on)
        #expect(rig.modem.meter.psmTime(at: rig.clock.now()) == .zero)
        #expect(try rig.driver.receive(from: id) == bytes("reading"))
    }

    @Test func aGrantPutsTheModuleToSleepAtOnceAndTheNextSendWakesItAndIsDelivered() throws {
        let rig = try rig()
        let id = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        try rig.driver.send(bytes("first"), on: id)
        try rig.driver.idle(for: .seconds(3))
        #expect(try rig.driver.receive(from: id) == bytes("first"))
        // The network grants PSM from 5 s on, with the socket still open: the module sleeps at once.
        let start = rig.clock.now() + .seconds(5)
        rig.modem.grantPSM(from: start, until: start + .seconds(3600))
        try rig.idle(until: { rig.driver.state == .psm }, limit: .seconds(30))
        #expect(rig.driver.state == .psm && rig.modem.power == .psm)
        #expect(rig.driver.socketState(id) == .lost)
        // Asleep for ten minutes; then the gateway uploads: the open wakes the module (PWRKEY) first.
        try rig.driver.idle(for: .seconds(600))
        let again = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        try rig.driver.send(bytes("after the sleep"), on: again)
        try rig.idle(until: { rig.driver.socketState(again) != .open }, limit: .seconds(5))
        #expect(try rig.driver.receive(from: again) == bytes("after the sleep"))
        #expect(rig.driver.metrics.psmEntries == 1 && rig.driver.metrics.psmWakeUps == 1)
        #expect(rig.modem.meter.psmTime(at: rig.clock.now()) >= .seconds(600))
        // Inside the grant, the module goes back to sleep once its active time (and RRC tail) is over.
        try rig.idle(until: { rig.driver.state == .psm }, limit: .seconds(120))
        #expect(rig.driver.state == .psm && rig.driver.metrics.psmEntries == 2)
    }
}
