// SensorGate — tests: the modem driver against the simulated modem, normal flows, every dialect.

import HAL
import HALSim
import Modem
import ModemSim
import Testing

@Suite struct DriverFlowTests {
    @Test(arguments: ModemDialect.all.map(\.name))
    func powerOnRegisterOpenSendReceiveClose(_ name: String) throws {
        let dialect = try #require(ModemDialect.named(name))
        let rig = Rig(dialect)
        try rig.driver.start()
        #expect(rig.driver.state == .online, "\(rig.harness.transcript)")
        #expect(rig.modem.bootCount == 1)
        let id = try rig.driver.openSocket(.tcp, host: "192.0.2.10", port: 7000)
        #expect(rig.driver.socketState(id) == .open)
        let message = bytes("hello \(name)\r\nOK\r\n")
        try rig.driver.send(message, on: id)
        var received: [UInt8] = []
        try rig.idle(until: {
            received += (try? rig.driver.receive(from: id)) ?? []
            return received.count >= message.count
        })
        #expect(received == message, "\(rig.harness.transcript)")
        #expect(rig.server.received.values.first == message)
        try rig.driver.close(id)
        #expect(rig.driver.socketState(id) == .closed)
        #expect(rig.modem.socketStates.isEmpty)
        #expect(rig.driver.metrics.recoveries == 0)
    }
}
