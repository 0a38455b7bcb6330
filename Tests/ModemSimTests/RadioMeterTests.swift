// SensorGate — tests: radio-on time and energy estimates from the simulated modem's traffic.

import HAL
import HALSim
import Modem
import ModemSim
import Testing

@Suite struct RadioMeterTests {
    @Test func transfersKeepTheRadioOnForTheTailAndOverlapsMerge() throws {
        let rig = Rig(.bc66, quirks: .none)
        try rig.driver.start()
        let afterRegistration = rig.modem.meter.radioOnTime(at: rig.clock.now())
        let id = try rig.driver.openSocket(.udp, host: "192.0.2.10", port: 7000)
        let start = rig.clock.now()
        try rig.driver.send(Array(repeating: 0x55, count: 750), on: id)  // 200 ms on air at 30 kbit/s
        try rig.driver.idle(for: .seconds(60))
        let meter = rig.modem.meter
        #expect(meter.bytesUp == 750 && meter.bytesDown == 750)
        let batch = meter.radioOnTime(at: rig.clock.now()) - afterRegistration
        // One batch: the uplink, the echo back, the open's handshake, each followed by the 20 s RRC tail, merged.
        #expect(batch >= .seconds(20) && batch < .seconds(26), "\(batch) since \(start)")
        let joules = meter.energyJoules(
            at: rig.clock.now(), elapsed: rig.clock.now() - .zero, profile: rig.modem.profile)
        let onSeconds = Double(meter.radioOnTime(at: rig.clock.now()).nanoseconds) / 1e9
        #expect(joules > onSeconds * 0.3 && joules < onSeconds * 0.3 + 1)
    }
}
