// SensorGate — tests: a seeded fault campaign against the driver, for every dialect.

import HAL
import HALSim
import Modem
import ModemSim
import Testing

/// The server side of the campaign's protocol: records `R<n>\n` are acknowledged `A<n>\n`.
final class Ledger {
    var records: Set<Int> = []
    private var partial: [Int: [UInt8]] = [:]

    func handle(_ connection: Int, _ bytes: [UInt8]) -> (reply: [UInt8], close: Bool) {
        var buffer = partial[connection, default: []] + bytes
        var reply: [UInt8] = []
        while let end = buffer.firstIndex(of: 0x0A) {
            let line = String(decoding: buffer[..<end], as: UTF8.self)
            buffer.removeSubrange(...end)
            if line.hasPrefix("R"), let number = Int(line.dropFirst()) {
                records.insert(number)
                reply += Array("A\(number)\n".utf8)
            }
        }
        partial[connection] = buffer
        return (reply, false)
    }
}

/// The client side: sends records until each is acknowledged, reconnecting as needed.
struct CampaignClient {
    var unacked: [Int] = []
    var acked: Set<Int> = []
    var socket: Int?
    var inbox: [UInt8] = []
    var next = 0

    mutating func ingest(_ bytes: [UInt8]) {
        inbox += bytes
        while let end = inbox.firstIndex(of: 0x0A) {
            let line = String(decoding: inbox[..<end], as: UTF8.self)
            inbox.removeSubrange(...end)
            if line.hasPrefix("A"), let number = Int(line.dropFirst()) {
                acked.insert(number)
                unacked.removeAll { $0 == number }
            }
        }
    }

    /// One round: make sure a socket is open, send what is unacknowledged, collect acknowledgements.
    mutating func round(_ driver: ModemDriver, newRecord: Bool) {
        if newRecord {
            unacked.append(next)
            next += 1
        }
        do {
            if let id = socket, driver.socketState(id) != .open {
                ingest(try driver.receive(from: id))
                try driver.close(id)
                socket = nil
            }
            if socket == nil { socket = try driver.openSocket(.tcp, host: "192.0.2.10", port: 7000) }
            guard let id = socket else { return }
            let payload = unacked.flatMap { Array("R\($0)\n".utf8) }
            if !payload.isEmpty { try driver.send(payload, on: id) }
            try driver.idle(for: .seconds(3))
            ingest(try driver.receive(from: id))
        } catch {
            // The driver recovers on the next call; a failed round is retried.
            _ = try? driver.idle(for: .seconds(1))
        }
    }
}

@Suite struct FaultCampaignTests {
    static let faults: [String] = [
        "reboot", "registrationLoss", "contextLoss", "sendBufferFull", "missingPrompt", "peerClose", "psm",
        "garbage", "lostSendResult",
    ]

    @Test(arguments: ModemDialect.all.map(\.name))
    func noDataLostAndStatesConsistentAfterASeededCampaign(_ name: String) throws {
        let dialect = try #require(ModemDialect.named(name))
        let ledger = Ledger()
        var settings = ModemSettings()
        if dialect.supportsPSM { settings.psm = PSMSettings(periodicUpdate: .seconds(3600), activeTime: .seconds(60)) }
        let rig = Rig(dialect, seed: 42, settings: settings, handler: ledger.handle)
        var random = SplitMix64(seed: 0xC0FFEE ^ UInt64(name.utf8.count))
        var client = CampaignClient()
        var injected: [String] = []
        try rig.driver.start()
        for round in 0..<40 {
            if round % 3 == 1 {
                let fault = Self.faults[random.next(below: Self.faults.count)]
                injected.append(fault)
                inject(fault, into: rig, socket: client.socket, ledger: ledger)
            }
            client.round(rig.driver, newRecord: round < 30)
        }
        for _ in 0..<20 where !client.unacked.isEmpty { client.round(rig.driver, newRecord: false) }
        try rig.driver.ensureOnline()
        try rig.driver.idle(for: .seconds(2))

        let context = "\(name) faults \(injected), metrics \(rig.driver.metrics)"
        #expect(client.unacked.isEmpty, "\(context)")
        #expect(ledger.records == Set(0..<30), "\(context)")
        #expect(rig.driver.state == .online, "\(context)")
        #expect(rig.driver.isContextUp == rig.modem.isContextActive, "\(context)")
        let driverOpen = Set(rig.driver.socketIDs.filter { rig.driver.socketState($0) == .open })
        let modemOpen = Set(rig.modem.socketStates.filter { $0.value == .open }.keys)
        #expect(driverOpen == modemOpen, "\(context)")
        #expect(rig.driver.socketIDs.allSatisfy { rig.driver.socketState($0) != .opening }, "\(context)")
    }

    private func inject(_ fault: String, into rig: Rig, socket: Int?, ledger: Ledger) {
        let now = rig.clock.now()
        switch fault {
        case "reboot": rig.modem.inject(.reboot, at: now)
        case "registrationLoss": rig.modem.inject(.registrationLoss(.seconds(20)), at: now)
        case "contextLoss": rig.modem.inject(.contextLoss, at: now)
        case "sendBufferFull": rig.modem.inject(.sendBufferFull(count: 2), at: now)
        case "missingPrompt": rig.modem.inject(.missingPrompt, at: now)
        case "lostSendResult": rig.modem.inject(.lostSendResult, at: now)
        case "peerClose":
            let acks = ledger.records.sorted().flatMap { Array("A\($0)\n".utf8) }
            rig.modem.inject(.peerClose(id: socket ?? 0, lastBytes: acks), at: now)
        case "psm":
            rig.modem.inject(rig.modem.dialect.supportsPSM ? .enterPSM : .reboot, at: now)
        default: rig.modem.inject(.garbage, at: now)
        }
    }
}
