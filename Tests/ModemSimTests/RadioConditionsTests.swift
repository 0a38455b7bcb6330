// SensorGate — tests: the simulated module's radio conditions, its signal reports and its link in them.

import HAL
import Modem
import ModemSim
import Testing

@Suite struct RadioConditionsTests {
    /// `actual` within 0.001 of `expected`.
    private func near(_ actual: Double, _ expected: Double) -> Bool { abs(actual - expected) < 0.001 }

    @Test func nominalConditionsGiveTheReportsOfATownCell() {
        // Per resource element: S = −96 dBm, S/I = 7.2 dB, N = −125.2 dBm: SINR = −10 log10(10^−0.72 +
        // 10^−2.92) = 7.173 dB; RSRQ = −10 log10(12 × (0.64 + 0.1917)) = −9.992 dB.
        let lte = RadioConditions.nominal(resourceBlocks: 25)
        #expect(near(lte.sinrDB, 7.173) && near(lte.rsrqDB, -9.992), "\(lte.sinrDB) \(lte.rsrqDB)")
        // Over 25 resource blocks (5 MHz): −96 + 10 log10(300 × 0.8317) = −72.029 dBm.
        #expect(near(lte.rssiDBm, -72.029), "\(lte.rssiDBm)")
        // +CSQ: 20 (−73 ≤ RSSI < −71), +CESQ: RSRQ 20 (−10 ≤ RSRQ < −9.5), RSRP 45 (−96 ≤ RSRP < −95).
        #expect(lte.csqIndex == 20 && lte.cesqRSRQIndex == 20 && lte.cesqRSRPIndex == 45)
        // Quectel's SINR in fifths of a dB above −20 dB: (7.173 + 20) × 5 = 135.9.
        #expect(lte.qcsqSINR == 136)
        #expect(lte.rateFactor == 1)
        // NB-IoT measures its RSSI over one resource block (180 kHz): −96 + 10 log10(12 × 0.8317) = −86.008.
        let nbiot = RadioConditions.nominal(resourceBlocks: 1)
        #expect(near(nbiot.rssiDBm, -86.008) && nbiot.csqIndex == 13, "\(nbiot.rssiDBm)")
    }

    @Test func theEdgeOfCoverageLowersEveryFigureAndTheRate() {
        // −120 dBm: N/S = 10^−0.52 = 0.302: SINR = 3.076 dB, RSRQ −11.332 dB, RSSI over 5 MHz −94.688 dBm.
        let edge = RadioConditions(rsrpDBm: -120, resourceBlocks: 25)
        #expect(near(edge.sinrDB, 3.076) && near(edge.rsrqDB, -11.332) && near(edge.rssiDBm, -94.688))
        #expect(edge.csqIndex == 9 && edge.cesqRSRQIndex == 17 && edge.cesqRSRPIndex == 21 && edge.qcsqSINR == 115)
        // log2(1 + 10^0.3076) / log2(1 + 10^0.7173) = 1.6031 / 2.6419.
        #expect(near(edge.rateFactor, 0.6068), "\(edge.rateFactor)")
        // The lowest figure: the RSSI is the noise over 180 kHz (−114.4 dBm), +CSQ 0 (−113 dBm or less),
        // RSRQ −25.7 dB below +CESQ's range (index 0), RSRP index 1 (−140 ≤ RSRP < −139).
        let floor = RadioConditions(rsrpDBm: -140, resourceBlocks: 1)
        #expect(near(floor.rssiDBm, -114.290) && floor.csqIndex == 0, "\(floor.rssiDBm)")
        #expect(floor.cesqRSRQIndex == 0 && floor.cesqRSRPIndex == 1)
        #expect(near(floor.rateFactor, 0.0177), "\(floor.rateFactor)")
        // A signal stronger than nominal does not raise the rate past the profile's.
        #expect(RadioConditions(rsrpDBm: -60, resourceBlocks: 25).rateFactor == 1)
    }

    @Test func rsrpIsKeptWithinWhatTheReportsCanSay() {
        #expect(RadioConditions(rsrpDBm: -150, resourceBlocks: 1).rsrpDBm == -140)
        let strong = RadioConditions(rsrpDBm: -30, resourceBlocks: 1)
        #expect(strong.rsrpDBm == -44 && strong.cesqRSRPIndex == 97 && strong.csqIndex == 31)
        #expect(RadioConditions(rsrpDBm: -96, resourceBlocks: 0).resourceBlocks == 1)
    }

    @Test func theModuleReportsAWeakSignalOnlyInItsWindow() {
        let bench = Bench(.ec21)
        _ = bench.exchange("ATE0\r")
        bench.modem.addWeakSignal(rsrpDBm: -120, from: bench.now + .seconds(10), until: bench.now + .seconds(70))
        #expect(bench.exchange("AT+CSQ\r") == "\r\n+CSQ: 20,99\r\n\r\nOK\r\n")
        #expect(bench.exchange("AT+QCSQ\r") == "\r\n+QCSQ: \"LTE\",-72,-96,136,-10\r\n\r\nOK\r\n")
        bench.wait(.seconds(10))
        #expect(bench.exchange("AT+CSQ\r") == "\r\n+CSQ: 9,99\r\n\r\nOK\r\n")
        #expect(bench.exchange("AT+CESQ\r") == "\r\n+CESQ: 99,99,255,255,17,21\r\n\r\nOK\r\n")
        #expect(bench.exchange("AT+QCSQ\r") == "\r\n+QCSQ: \"LTE\",-95,-120,115,-11\r\n\r\nOK\r\n")
        // The driver's parsers read back what the module measured, to the reports' resolution.
        #expect(SignalQuality.cesq("+CESQ: 99,99,255,255,17,21") == SignalQuality(rsrpDBm: -120, rsrqDB: -11.5))
        bench.wait(.seconds(60))
        #expect(bench.exchange("AT+CESQ\r") == "\r\n+CESQ: 99,99,255,255,20,45\r\n\r\nOK\r\n")
    }

    @Test func aWeakSignalSlowsTheUplink() {
        // 8 kbit/s, no jitter, no loss: 1000 bytes take 1 s on the air at the nominal signal, then the
        // 40 ms latency; at −130 dBm (a rate factor of 0.1484) 8000 bits at 1187 bit/s take 6.74 s,
        // and the latency grows by the same factor, to 270 ms.
        var profile = NetworkProfile.cat1
        profile.uplinkBitsPerSecond = 8000
        profile.latencyJitter = .zero
        profile.lossRate = 0
        let bench = Bench(.bg96, profile: profile)
        _ = bench.exchange("ATE0\r")
        _ = bench.exchange("AT+QIACT=1\r")
        _ = bench.exchange("AT+QIOPEN=1,0,\"TCP\",\"10.0.0.1\",8009,0,0\r")
        let payload = String(repeating: "x", count: 1000)
        func arrivalAfterSend() -> Duration {
            let before = bench.server.received.values.reduce(0) { $0 + $1.count }
            _ = bench.exchange("AT+QISEND=0,1000\r", within: .milliseconds(1))
            _ = bench.exchange(payload, within: .milliseconds(1))
            var waited = Duration.milliseconds(1)
            while bench.server.received.values.reduce(0, { $0 + $1.count }) < before + 1000, waited < .seconds(30) {
                bench.wait(.milliseconds(10))
                waited += .milliseconds(10)
            }
            return waited
        }
        let nominal = arrivalAfterSend()
        #expect(nominal >= .milliseconds(1040) && nominal < .milliseconds(1060), "\(nominal)")
        bench.modem.addWeakSignal(rsrpDBm: -130, from: bench.now, until: bench.now + .seconds(60))
        let weak = arrivalAfterSend()
        #expect(weak >= .milliseconds(7009) && weak < .milliseconds(7030), "\(weak)")
    }
}
