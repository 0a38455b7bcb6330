// SensorGate — tests: a driver wired to a simulated modem and a virtual server, on virtual time.

import HAL
import HALSim
import Modem
import ModemSim

/// The bytes of a text.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A driver, a simulated modem of one dialect, and an echo server on port 7000.
struct Rig {
    let clock = VirtualClock()
    let server: VirtualServer
    let modem: SimModem
    let harness: SimModemHarness
    let driver: ModemDriver

    init(
        _ dialect: ModemDialect, network: NetworkProfile? = nil, quirks: ModemQuirks = .default, seed: UInt64 = 7,
        settings: ModemSettings = .default, chunkLimit: Int = 7,
        handler: VirtualServer.Handler? = nil, wired: Set<ModemLineRole>? = nil
    ) {
        server = handler.map { VirtualServer(ports: [7000], handler: $0) } ?? VirtualServer(ports: [7000])
        let profile = network ?? (dialect.access == .cat1 ? NetworkProfile.cat1 : NetworkProfile.nbiot)
        modem = SimModem(dialect: dialect, profile: profile, transport: server, quirks: quirks, seed: seed)
        harness = SimModemHarness(modem: modem, clock: clock, chunkLimit: chunkLimit)
        let harness = harness
        driver = ModemDriver(
            dialect: dialect, settings: settings, lines: wired.map { harness.lines(wired: $0) } ?? harness.lines,
            clock: clock,
            openPort: { () throws(HALError) -> any SerialPort in try harness.openPort() })
    }

    /// Runs the driver idle until `predicate` holds or `limit` passes.
    func idle(until predicate: () -> Bool, limit: Duration = .seconds(60)) throws {
        let end = clock.now() + limit
        while !predicate() && clock.now() < end { try driver.idle(for: .milliseconds(500)) }
    }
}
