// SensorGate — Gateway: assembling a run's report.

import Board
import Collector
import Envelope
import HAL
import Sampling
import Store

extension GatewayRunner {
    func report(
        bound: BoundBoard, scheduler: SamplingScheduler, batcher: Batcher, pipeline: Pipeline, store: BatchStore,
        identity: (DeviceIdentity, Bool), ended: String, simulated: Duration, wall: Duration, samplingNs: Int64,
        waitingForSealingNs: Int64,
        collector: CollectorReport, givenUp: [String], stateDirectory: String
    ) -> GatewayReport {
        let plan = batcher.plan
        let groups = scheduler.reports
        var sensors: [GatewayReport.Sensor] = []
        for (index, stream) in plan.streams.enumerated() {
            sensors.append(
                GatewayReport.Sensor(
                    label: stream.name, stream: stream.id, samples: batcher.samples[index],
                    missing: batcher.missing[index]))
        }
        for label in plan.unbatched {
            let group = groups.first { $0.sensors.contains(label) }
            sensors.append(
                GatewayReport.Sensor(
                    label: label, stream: 0, samples: group?.samples ?? 0, missing: group?.missingSamples ?? 0))
        }
        let sealer = pipeline.sealer.counters
        var delivery = pipeline.delivery.counters
        // What the collector verified and decoded, by its own count, whatever the transport.
        delivery.batchesVerified = collector.streams.reduce(0) { $0 + $1.batches }
        delivery.samplesVerified = collector.streams.reduce(0) { $0 + $1.samples }
        delivery.duplicates = collector.duplicates
        delivery.schemas = collector.schemas
        delivery.rejected = max(delivery.rejected, collector.totalRejected)
        delivery.undecodable = collector.streams.reduce(0) { $0 + $1.undecodable }
        let drops = (try? store.dropReport()) ?? DropReport(counts: [])
        let depth = store.count
        let seconds = { (ns: Int64) in Double(ns) / 1e9 }
        let simulatedS = seconds(simulated.nanoseconds)
        let wallS = seconds(wall.nanoseconds)
        return GatewayReport(
            board: board.file, delivery: pipeline.delivery.mode, stateDirectory: stateDirectory,
            deviceID: identity.0.deviceID.description, identityCreated: identity.1,
            storeRecovery: store.recovery.description, ended: ended, simulatedS: simulatedS, wallS: wallS,
            speedup: simulatedS / max(wallS, 1e-9), sensors: sensors,
            samplesTaken: groups.reduce(0) { $0 + $1.samples },
            samplesBatched: batcher.samples.reduce(0, +), deadlineMisses: groups.reduce(0) { $0 + $1.deadlineMisses },
            groups: groups,
            batcherDrops: Dictionary(uniqueKeysWithValues: batcher.drops.map { ($0.key.rawValue, $0.value) }),
            sealer: sealer, deliveryCounters: delivery, collector: collector, storeDrops: drops,
            dropNotices: pipeline.reporter?.counters ?? DropReporterCounters(),
            unexplainedGaps: collector.streams.reduce(0) { $0 + $1.unexplainedGaps },
            storeDepthAtEnd: depth, givenUp: givenUp,
            everySampleVerified: depth == 0 && delivery.samplesVerified >= sealer.samples && givenUp.isEmpty
                && delivery.rejected == 0 && delivery.undecodable == 0,
            peakRSSKiB: ProcessMemory.peakResidentKiB(),
            stages: GatewayReport.Stages(
                samplingS: seconds(samplingNs), encodeS: seconds(sealer.encodeNs), signS: seconds(sealer.signNs),
                storeS: seconds(sealer.storeNs), deliveryS: seconds(delivery.timeNs),
                waitingForSealingS: seconds(waitingForSealingNs)),
            radio: (pipeline.delivery as? MQTTDelivery)?.radioReport(), modem: pipeline.delivery.modemStatus)
    }
}
