// SensorGate — Operations: log events from the run's status snapshots: what changed, once.

import Foundation
import Gateway
import Logging
import Sampling

/// Turns the run's successive ``GatewayStatus`` snapshots into log events for a person: a rate group
/// that starts losing samples (and when it recovers), FIFO overflows, the upstream link going down
/// and coming back, samples dropped before the store, store errors met by the delivery, edge events.
/// Each is logged on the change, never per sample, with the group, sensors and counts as metadata;
/// nothing runs on the sampling hot path (the run hands a snapshot after each slice of time).
public struct StatusEvents {
    private let logger: Logger
    private var previous: GatewayStatus?
    private var failing: Set<String> = []
    private var linkWasUp = false

    /// Events for `logger`.
    public init(logger: Logger) { self.logger = logger }

    /// Logs what changed since the previous snapshot.
    public mutating func observe(_ status: GatewayStatus) {
        defer {
            previous = status
            linkWasUp = linkWasUp || status.pipeline.linkUp
        }
        guard let previous else { return }
        let before = Dictionary(previous.groups.map { ($0.name, $0) }) { first, _ in first }
        for group in status.groups {
            guard let earlier = before[group.name] else { continue }
            observe(group, since: earlier)
        }
        if previous.pipeline.linkUp && !status.pipeline.linkUp {
            logger.warning(
                "upstream link down; batches wait in the store",
                metadata: ["store-depth": "\(status.pipeline.storeDepth)"])
        } else if linkWasUp && !previous.pipeline.linkUp && status.pipeline.linkUp {
            logger.notice("upstream link up again", metadata: ["store-depth": "\(status.pipeline.storeDepth)"])
        }
        for (reason, count) in status.pipeline.sealer.droppedSamples.sorted(by: { $0.key < $1.key }) {
            let new = count - (previous.pipeline.sealer.droppedSamples[reason] ?? 0)
            guard new > 0 else { continue }
            logger.error("samples dropped before the store", metadata: ["reason": "\(reason)", "samples": "\(new)"])
        }
        let storeErrors = status.pipeline.deliveryStoreErrors - previous.pipeline.deliveryStoreErrors
        if storeErrors > 0 {
            logger.error(
                "the store failed the delivery; batches stay stored and are retried",
                metadata: [
                    "errors": "\(storeErrors)", "error": "\(status.pipeline.lastDeliveryStoreError ?? "unknown")",
                ])
        }
        if status.clockStepsSeen > previous.clockStepsSeen, let step = status.lastClockStep {
            observe(step, steps: status.clockStepsSeen - previous.clockStepsSeen)
        }
        let events = (status.edge?.events ?? 0) - (previous.edge?.events ?? 0)
        if events > 0 { logger.notice("edge events raised or cleared", metadata: ["events": "\(events)"]) }
    }

    /// A step of the system clock (the latest of `steps` seen in one slice).
    private func observe(_ step: ClockStep, steps: Int) {
        let seconds = { (micros: Int64) in String(format: "%.3f", Double(micros) / 1e6) }
        var metadata: Logger.Metadata = ["step-s": "\(seconds(step.stepMicros))"]
        if steps > 1 { metadata["steps"] = "\(steps)" }
        if step.movedMicros > 0 {
            metadata["moved-s"] = "\(seconds(step.movedMicros))"
            logger.notice("system clock stepped; sample times move with it from the next batch", metadata: metadata)
        } else {
            metadata["ahead-s"] = "\(seconds(step.aheadMicros))"
            logger.warning(
                "system clock stepped back; sample times stay ahead of it (upstream is told)", metadata: metadata)
        }
    }

    private mutating func observe(_ group: RateGroupReport, since earlier: RateGroupReport) {
        var metadata: Logger.Metadata = [
            "group": "\(group.name)", "sensors": "\(group.sensors.joined(separator: ","))",
        ]
        let missing = group.missingSamples - earlier.missingSamples
        let taken = group.samples - earlier.samples
        if missing > 0 && !failing.contains(group.name) {
            failing.insert(group.name)
            metadata["missing"] = "\(missing)"
            metadata["bus-errors"] = "\(group.busErrors - earlier.busErrors)"
            metadata["sensor-errors"] = "\(group.sensorErrors - earlier.sensorErrors)"
            logger.warning("samples missing; the sensor is retried with back-off", metadata: metadata)
        } else if missing == 0 && taken > 0 && failing.contains(group.name) {
            failing.remove(group.name)
            logger.notice("sampling again", metadata: metadata)
        }
        let overflows = group.fifoOverflows - earlier.fifoOverflows
        if overflows > 0 {
            metadata["overflows"] = "\(overflows)"
            logger.warning("FIFO overflow: samples lost in the chip", metadata: metadata)
        }
    }
}
