// SensorGate — sensorgate run: the summary printed at the end of a run.

import Foundation
import Gateway
import Modem

/// The end-of-run summary as text.
enum RunSummary {
    static func text(_ report: GatewayReport) -> String {
        var lines: [String] = []
        lines.append(
            String(
                format: "run: %@ simulated in %.2f s wall (%.1f× real time), ended by %@; delivery: %@",
                clock(.nanoseconds(Int64(report.simulatedS * 1e9))), report.wallS, report.speedup, report.ended,
                report.delivery))
        lines.append("device \(report.deviceID), state \(report.stateDirectory)")
        for sensor in report.sensors {
            lines.append(
                "  \(sensor.label.padding(toLength: 14, withPad: " ", startingAt: 0)) stream \(sensor.stream)  "
                    + "\(sensor.samples) samples, \(sensor.missing) missing")
        }
        let sealer = report.sealer
        lines.append(
            "samples: \(report.samplesTaken) taken, \(report.samplesBatched) batched, "
                + "\(report.deliveryCounters.samplesVerified) delivered and verified")
        lines.append(
            "batches: \(sealer.batches) stored (+\(sealer.schemas) schemas), \(report.deliveryCounters.batchesVerified) "
                + "verified; \(sealer.envelopeBytes) bytes produced (\(sealer.payloadBytes) codec bytes), "
                + String(format: "%.3f bytes/sample", Double(sealer.payloadBytes) / Double(max(sealer.samples, 1))))
        let drops =
            report.batcherDrops.map { "\($0.key) \($0.value)" } + sealer.droppedSamples.map { "\($0.key) \($0.value)" }
            + report.storeDrops.counts.map { "store \($0.reason.rawValue) stream \($0.stream) \($0.batches) batches" }
        lines.append("drops: \(drops.isEmpty ? "none" : drops.sorted().joined(separator: ", "))")
        if report.dropNotices.notices > 0 || report.unexplainedGaps > 0 {
            lines.append(
                "drop notices sent upstream: \(report.dropNotices.notices), reporting "
                    + "\(report.dropNotices.batchesReported) batches; sequence gaps no notice explains: "
                    + "\(report.unexplainedGaps)")
        }
        if let clock = report.clock, clock.stepsSeen > 0 {
            let held = clock.steps.filter { $0.movedMicros == 0 }.count
            lines.append(
                "system clock stepped \(clock.stepsSeen) times (\(held) held back"
                    + String(format: "; times run %.3f s ahead of it", Double(clock.aheadMicros) / 1e6)
                    + "), told upstream in \(sealer.clockStepNotices) clock-step notices")
        }
        lines.append(
            "deadline misses \(report.deadlineMisses); store depth at end \(report.storeDepthAtEnd); "
                + "duplicates \(report.deliveryCounters.duplicates), rejected \(report.deliveryCounters.rejected)")
        for line in report.modbusRTU ?? [] { lines.append(ModbusRTUSummary.text(line)) }
        let stages = report.stages
        var stageLine = String(
            format: "wall per stage: sampling %.2f s, encode %.2f s, sign %.2f s, store %.2f s, deliver %.2f s",
            stages.samplingS, stages.encodeS, stages.signS, stages.storeS, stages.deliveryS)
        if stages.waitingForSealingS > 0 {
            stageLine += String(format: "; the sampler waited %.2f s for sealing", stages.waitingForSealingS)
        }
        lines.append(stageLine)
        if let radio = report.radio {
            lines.append(
                "radio (\(radio.dialect), simulated \(radio.network)): \(radio.bytesUp) bytes up, \(radio.bytesDown) down; "
                    + String(
                        format: "connected %.0f s of %.0f s, PSM %.0f s; energy %.1f J (%.2f mWh), %.3f J per envelope",
                        radio.radioOnS, radio.elapsedS, radio.psmS, radio.energyJ, radio.energyJ / 3.6,
                        radio.energyPerBatchJ))
        }
        if let modem = report.modem {
            let counters = modem.counters
            lines.append(
                "modem \(modemText(modem)); \(counters.recoveries) recoveries, "
                    + "\(counters.registrationLosses) registration losses, \(counters.commandTimeouts) command timeouts"
            )
        }
        lines.append("peak memory \(report.peakRSSKiB / 1024) MiB (VmHWM)")
        lines.append(report.everySampleVerified ? "every sample delivered and verified" : "NOT every sample verified")
        return lines.joined(separator: "\n")
    }

    /// The live status line (redrawn in place on a terminal): progress, samples, the worst group's p99
    /// wake-up latency and its misses, the store's depth, the link (and its module's state and signal),
    /// and bytes on air so far.
    static func statusLine(_ status: GatewayStatus) -> String {
        let done = Double(status.simulated.nanoseconds) / Double(max(status.total.nanoseconds, 1)) * 100
        let pipeline = status.pipeline
        let misses = status.groups.reduce(0) { $0 + $1.deadlineMisses }
        let p99 = status.groups.map(\.latency.p99Nanoseconds).max() ?? 0
        let errors = status.groups.reduce(0) { $0 + $1.busErrors + $1.sensorErrors }
        let link = (pipeline.linkUp ? "up" : "down") + (pipeline.modem.map { " (\(modemText($0)))" } ?? "")
        return String(
            format: "\r%5.1f%%  %@  %d samples  p99 %.0f µs  %d misses  %d errors  store %d  link %@  %@ on air ",
            done, clock(status.simulated), status.samples, Double(p99) / 1000, misses, errors, pipeline.storeDepth,
            link, bytes(pipeline.sealer.envelopeBytes))
    }

    /// The module in a few words, with what its last signal reading reported:
    /// `bc66 online, RSSI -73 dBm, RSRP -96 dBm, RSRQ -10.0 dB`.
    static func modemText(_ modem: ModemStatus) -> String {
        let signal = modem.signal?.summary ?? ""
        return "\(modem.dialect) \(modem.state.rawValue)" + (signal.isEmpty ? "" : ", " + signal)
    }

    /// `812 B`, `1.4 MB`.
    static func bytes(_ count: Int) -> String {
        switch count {
        case ..<10_000: "\(count) B"
        case ..<10_000_000: String(format: "%.1f kB", Double(count) / 1e3)
        default: String(format: "%.1f MB", Double(count) / 1e6)
        }
    }

    /// `1h02m03s`.
    static func clock(_ duration: Duration) -> String {
        let seconds = Int(duration.nanoseconds / 1_000_000_000)
        return String(format: "%dh%02dm%02ds", seconds / 3600, seconds / 60 % 60, seconds % 60)
    }
}
