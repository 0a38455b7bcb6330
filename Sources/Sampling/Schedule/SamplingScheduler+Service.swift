// SensorGate — Sampling: serving a due group: reading, draining, counting, retrying.

import Drivers
import HAL

extension SamplingScheduler {
    /// A polled group (or a FIFO group drained on a timer): read every sensor for the current
    /// deadline, then move to the next deadline, skipping those already past.
    func servePolled(_ group: RateGroup) {
        if let (serial, rate) = group.mailbox.pendingRate(after: group.rateSerialSeen) {
            // A live rate change takes effect at this deadline: the grid is re-anchored here.
            group.rateSerialSeen = serial
            let instant = group.deadline
            group.switchRate(to: rate, at: instant)
            (sink as? any SampleSinkCommands)?.rateChanged(group: group.groupIndex, to: rate, at: instant)
            group.mailbox.confirmRate(serial)
        }
        let deadline = group.deadline
        lastServedDeadline = deadline
        record(group, latency: clock.now() - deadline)
        let finish = SuspendedService.Finish.polled
        guard sampleSlots(group, from: 0, at: deadline, finish: finish) else { return }
        finishService(group, finish)
    }

    /// Ends a service once every slot is served: overruns, skipped deadlines, the next deadline or
    /// the re-anchoring on a watermark drain.
    func finishService(_ group: RateGroup, _ finish: SuspendedService.Finish) {
        switch finish {
        case .polled:
            let finished = clock.now()
            if finished > group.deadline(after: 1) { group.report.overruns += 1 }
            let latest = group.latestIndex(atOrBefore: finished)
            let next = group.index + 1
            if latest > next {
                let skipped = Int(latest - next)
                group.report.skippedSamples += skipped
                if case .polled = group.trigger {
                    let first = group.deadline(after: 1)
                    for slot in group.slots { reportMissing(group, slot.tag, at: first, count: skipped) }
                }
                group.move(to: latest)
            } else {
                group.move(to: next)
            }
        case .edge(let edge, let drainStart, let wasSynchronised):
            if wasSynchronised, clock.now() > edge + group.rate.period { group.report.overruns += 1 }
            // A FIFO's watermark rises again a watermark's worth of samples after the drain emptied it, so
            // a late drain moves the next edge by its lateness; a data-ready pin keeps the chip's own pace.
            let isFIFO = group.isFIFO
            if isFIFO { group.drainEnd = clock.now() }
            group.reanchor(at: isFIFO ? drainStart : edge)
        }
    }

    /// Samples slots `first...` of a group for `instant`. The service is suspended
    /// (``RateGroup/suspended``) when a stepped FIFO drain has more steps, and between two sensors,
    /// so that a group whose deadline comes earlier can be served in between.
    /// - Returns: whether every slot was served (false: suspended).
    func sampleSlots(
        _ group: RateGroup, from first: Int, at instant: MonotonicInstant, edge: MonotonicInstant? = nil,
        finish: SuspendedService.Finish
    ) -> Bool {
        var index = first
        while index < group.slots.count {
            if index > first {
                suspend(group, at: index, drainInProgress: false, instant: instant, finish: finish)
                return false
            }
            guard sample(group, index, at: instant, edge: edge) else {
                suspend(group, at: index, drainInProgress: true, instant: instant, finish: finish)
                return false
            }
            index += 1
        }
        return true
    }

    private func suspend(
        _ group: RateGroup, at index: Int, drainInProgress: Bool, instant: MonotonicInstant,
        finish: SuspendedService.Finish
    ) {
        group.suspended = SuspendedService(
            slot: index, drainInProgress: drainInProgress, instant: instant, finish: finish,
            finishBy: instant + group.rate.period)
    }

    /// Resumes a suspended service: the next step of its drain or its next sensor, then the slots after
    /// it, then the end.
    func resume(_ group: RateGroup) {
        guard let service = group.suspended else { return }
        group.suspended = nil
        var index = service.slot
        if service.drainInProgress, group.slots[index].unretainedDrivers.withGuaranteedRef({ $0.stepped != nil }) {
            let tag = group.slots[index].tag
            do throws(DriverError) {
                let drivers = group.slots[index].unretainedDrivers
                let complete = try drivers.withGuaranteedRef { (faces) throws(DriverError) in
                    try faces.stepped?.continueFIFODrain(into: &group.slots[index].drained) ?? true
                }
                guard complete else {
                    group.suspended = service
                    return
                }
                deliverDrain(group, index, at: service.instant)
                succeeded(group, index)
            } catch {
                failed(group, index, error, at: service.instant)
                reportMissing(group, tag, at: service.instant, count: expectedPerService(group, index))
            }
            index += 1
            if index < group.slots.count {
                suspend(group, at: index, drainInProgress: false, instant: service.instant, finish: service.finish)
                return
            }
        } else {
            let edge: MonotonicInstant? =
                if case .dataReady = group.trigger, case .edge(let edge, _, _) = service.finish { edge } else { nil }
            guard sampleSlots(group, from: index, at: service.instant, edge: edge, finish: service.finish) else {
                return
            }
        }
        finishService(group, service.finish)
    }

    /// Takes the readings other threads asked for (downlink `read`) of every group, out of schedule:
    /// one reading of each sensor not backing off, delivered through ``SampleSinkCommands/deliverRequested(_:from:)``.
    /// A FIFO sensor is drained (its samples go the usual way) and its newest sample is the reading.
    func serveReadRequests() {
        let total = requestTally.count.load(ordering: .acquiring)
        guard total != requestsServed else { return }
        var allServed = true
        for groupIndex in groups.indices {
            let group = groups[groupIndex]
            let requested = group.mailbox.readsRequested
            guard requested != group.readsServed else { continue }
            // A group in the middle of a stepped drain takes its requests once the drain is complete.
            guard group.suspended == nil else {
                allServed = false
                continue
            }
            for index in group.slots.indices where !group.slots[index].needsBringUp {
                guard group.slots[index].retryAt <= clock.now() else { continue }
                let tag = group.slots[index].tag
                do throws(DriverError) {
                    let reading: SensorReading?
                    if let fifo = group.slots[index].fifo, group.isFIFO {
                        group.slots[index].drained.removeAll(keepingCapacity: true)
                        try fifo.drainFIFO(into: &group.slots[index].drained)
                        for drainedIndex in group.slots[index].drained.indices {
                            sink.deliver(group.slots[index].drained[drainedIndex], from: tag)
                        }
                        group.report.samples += group.slots[index].drained.count
                        reading = group.slots[index].drained.last
                    } else {
                        reading = try group.slots[index].driver.read()
                    }
                    if let reading {
                        if let commands = sink as? any SampleSinkCommands {
                            commands.deliverRequested(reading, from: tag)
                        } else {
                            sink.deliver(reading, from: tag)
                        }
                        group.report.requestedReadings += 1
                    }
                } catch {
                    if case .bus = error.reason { group.report.busErrors += 1 } else { group.report.sensorErrors += 1 }
                }
            }
            group.readsServed = requested
            group.mailbox.confirmReads(upTo: requested)
        }
        if allServed { requestsServed = total }
    }

    /// A data-ready or watermark group whose edge is pending or whose window closed.
    func serveEdge(_ group: RateGroup, line: any GPIOInputLine, edgePending: Bool) throws(HALError) {
        let isFIFO = group.isFIFO
        var rising = 0
        var staleRising = false
        var edge: MonotonicInstant?
        if edgePending {
            edgeEvents.removeAll(keepingCapacity: true)
            try line.readEvents(into: &edgeEvents)
            for index in edgeEvents.indices where edgeEvents[index].edge == .rising {
                // A watermark that rose during this group's previous drain (the drain popped the FIFO
                // below it and a new sample raised it again) was answered by that drain.
                if isFIFO, edgeEvents[index].timestamp < group.drainEnd {
                    staleRising = true
                    continue
                }
                rising += 1
                edge = edgeEvents[index].timestamp
            }
        }
        if edge == nil, staleRising {
            // Only stale edges: still above the watermark means samples filled it during that drain.
            guard (try? line.get()) ?? false else { return }
            edge = group.drainEnd
        }
        guard let edge else {
            serveMissedEdge(group, line: line, isFIFO: isFIFO)
            return
        }
        let wasSynchronised = group.synchronised
        group.synchronised = true
        if rising > 1, !isFIFO {
            // The chip signalled samples that were overwritten before the sampler read them.
            group.report.skippedSamples += rising - 1
            for slot in group.slots { reportMissing(group, slot.tag, at: group.deadline, count: rising - 1) }
        }
        let drainStart = clock.now()
        // An edge that came before the first deadline (a chip brought up early fills its FIFO while the
        // others come up) is answered from the start on: the scheduler was not running before.
        record(group, latency: drainStart - max(edge, startInstant ?? edge))
        let finish = SuspendedService.Finish.edge(edge: edge, drainStart: drainStart, wasSynchronised: wasSynchronised)
        guard sampleSlots(group, from: 0, at: edge, edge: isFIFO ? nil : edge, finish: finish) else { return }
        finishService(group, finish)
    }

    /// No edge came in the window: count it, and read anyway when the line is active (a latched
    /// data-ready pin whose edge was lost), so the chip's pin is cleared and sampling resumes.
    private func serveMissedEdge(_ group: RateGroup, line: any GPIOInputLine, isFIFO: Bool) {
        let deadline = group.deadline
        group.report.edgeTimeouts += 1
        if group.synchronised { group.report.deadlineMisses += 1 }
        let active = (try? line.get()) ?? false
        if active {
            let now = clock.now()
            for index in group.slots.indices { sample(group, index, at: now, edge: nil, steps: false) }
            group.reanchor(at: now)
        } else {
            if !isFIFO {
                for slot in group.slots { reportMissing(group, slot.tag, at: deadline, count: 1) }
            }
            if group.synchronised { group.move(to: group.index + 1) } else { group.reanchor(at: clock.now()) }
        }
    }

    /// Takes one sample (or drains one FIFO) of slot `index`, unless it is backing off.
    /// - Parameters:
    ///   - at: the deadline or edge being served.
    ///   - edge: the data-ready edge, which dates the reading; nil keeps the driver's date.
    ///   - steps: whether a stepped FIFO drain may stop after its first step.
    /// - Returns: false when a stepped drain has more steps to take (``resume(_:)``), else true.
    @discardableResult
    func sample(
        _ group: RateGroup, _ index: Int, at instant: MonotonicInstant, edge: MonotonicInstant?, steps: Bool = true
    ) -> Bool {
        let tag = group.slots[index].tag
        guard group.slots[index].retryAt <= instant else {
            reportMissing(group, tag, at: instant, count: expectedPerService(group, index))
            return true
        }
        if group.slots[index].needsBringUp {
            guard bringUp(group, index, at: instant) else {
                reportMissing(group, tag, at: instant, count: expectedPerService(group, index))
                return true
            }
        }
        // The drivers are called through the slot's unretained reference, borrowed (the slot holds them).
        let drivers = group.slots[index].unretainedDrivers
        do throws(DriverError) {
            let drain = try drivers.withGuaranteedRef { (faces) throws(DriverError) -> Bool? in
                guard group.isFIFO, faces.fifo != nil else { return nil }
                group.slots[index].drained.removeAll(keepingCapacity: true)
                if steps, let complete = try faces.stepped?.beginFIFODrain(into: &group.slots[index].drained) {
                    return complete
                }
                try faces.fifo?.drainFIFO(into: &group.slots[index].drained)
                return true
            }
            if let drain {
                guard drain else { return false }
                deliverDrain(group, index, at: instant)
            } else {
                var reading = try drivers.withGuaranteedRef { (faces) throws(DriverError) in try faces.driver.read() }
                if let edge { reading.timestamp = edge }
                sink.deliver(reading, from: tag)
                group.report.samples += 1
            }
            succeeded(group, index)
        } catch {
            failed(group, index, error, at: instant)
            reportMissing(group, tag, at: instant, count: expectedPerService(group, index))
        }
        return true
    }

    /// Delivers a complete FIFO drain of slot `index` (in its `drained` buffer) and counts its losses
    /// and overflows.
    private func deliverDrain(_ group: RateGroup, _ index: Int, at instant: MonotonicInstant) {
        let tag = group.slots[index].tag
        let drivers = group.slots[index].unretainedDrivers
        let lost = drivers.withGuaranteedRef { $0.fifo?.fifoLostSamples ?? 0 }
        // Samples the chip wrote but an overflow lost: missing, dated at the drain that found them.
        reportMissing(group, tag, at: instant, count: lost - group.slots[index].fifoLostSeen)
        group.slots[index].fifoLostSeen = lost
        // The readings (over 300 bytes each, inline) are handed on in one call, read in place from the
        // drain buffer: the sink neither copies each out nor is called once per reading.
        let sink = self.sink
        group.slots[index].drained.withUnsafeBufferPointer { readings in sink.deliver(contentsOf: readings, from: tag) }
        group.report.samples += group.slots[index].drained.count
        let overflows = drivers.withGuaranteedRef { $0.fifo?.fifoOverflows ?? 0 }
        group.report.fifoOverflows += max(0, overflows - group.slots[index].fifoOverflowsSeen)
        group.slots[index].fifoOverflowsSeen = overflows
    }

    /// Brings slot `index` up; on failure counts it and schedules the retry.
    /// - Returns: whether the sensor is up.
    @discardableResult
    func bringUp(_ group: RateGroup, _ index: Int, at instant: MonotonicInstant) -> Bool {
        if group.slots[index].failures > 0 { group.report.retries += 1 }
        do throws(DriverError) {
            try group.slots[index].driver.bringUp()
            group.slots[index].needsBringUp = false
            if let fifo = group.slots[index].fifo {
                group.slots[index].fifoOverflowsSeen = fifo.fifoOverflows
                group.slots[index].fifoLostSeen = fifo.fifoLostSamples
            }
            return true
        } catch {
            failed(group, index, error, at: instant)
            group.slots[index].needsBringUp = true
            return false
        }
    }

    private func succeeded(_ group: RateGroup, _ index: Int) {
        guard group.slots[index].failures > 0 else { return }
        group.slots[index].failures = 0
        group.slots[index].lastError = nil
        group.report.recoveries += 1
    }

    private func failed(_ group: RateGroup, _ index: Int, _ error: DriverError, at instant: MonotonicInstant) {
        if case .bus = error.reason { group.report.busErrors += 1 } else { group.report.sensorErrors += 1 }
        group.slots[index].failures += 1
        group.slots[index].lastError = error
        let failures = group.slots[index].failures
        group.slots[index].retryAt = instant + settings.retry.backoff(afterFailures: failures)
        // One failure is often a glitch the driver handles itself; from the second, start afresh.
        if failures > 1 { group.slots[index].needsBringUp = true }
    }

    /// Samples one service of slot `index` stands for: one, or for a FIFO drain the chip's output
    /// samples per drain period.
    private func expectedPerService(_ group: RateGroup, _ index: Int) -> Int {
        guard group.isFIFO, let odr = group.slots[index].driver.outputDataRateHz else { return 1 }
        return max(1, Int((odr / group.rate.hertz).rounded()))
    }

    private func reportMissing(_ group: RateGroup, _ tag: SensorTag, at instant: MonotonicInstant, count: Int) {
        guard count > 0 else { return }
        group.report.missingSamples += count
        sink.missing(from: tag, at: instant, count: count)
    }

    private func record(_ group: RateGroup, latency: Duration) {
        group.latency.record(latency)
        if latency > group.lateTolerance { group.report.deadlineMisses += 1 }
    }
}
