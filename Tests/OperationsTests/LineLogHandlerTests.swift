// SensorGate — the command line's logs: the handler's levels, text and JSON lines; events from status snapshots.

import Foundation
import Gateway
import Logging
import Operations
import Sampling
import Synchronization
import Testing

/// Collects the lines a handler writes.
private final class Lines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func append(_ line: String) { lines.withLock { $0.append(line) } }
}

@Suite struct LineLogHandlerTests {
    /// A logger for `label` writing into `lines`, at 2026-11-22T07:40:05.123Z.
    private func logger(_ label: String, _ lines: Lines, level: Logger.Level = .notice, format: LogLineFormat = .text)
        -> Logger
    {
        Logger(label: label) { label in
            LineLogHandler(
                label: label, level: level, format: format,
                now: { Date(timeIntervalSince1970: 1_795_333_205.123_4) }, sink: { lines.append($0) })
        }
    }

    @Test func quietByDefaultBelowNotice() {
        let lines = Lines()
        let log = logger("sensorgate.mqtt", lines)
        log.info("connected to mqtt://127.0.0.1:1883")
        log.debug("PUBACK 7")
        log.notice("delivering over MQTT")
        log.warning("connection lost")
        #expect(
            lines.all == ["sensorgate: mqtt: delivering over MQTT\n", "sensorgate: mqtt: warning: connection lost\n"])
    }

    @Test func textLineCarriesSortedMetadataQuotedWhereNeeded() {
        let lines = Lines()
        var log = logger("sensorgate.mqtt", lines, level: .info)
        log[metadataKey: "device"] = "a1b2"
        log.error(
            "batch not published", metadata: ["stream": "3", "reason": "socket closed", "note": "a=\"b\"", "empty": ""])
        #expect(
            lines.all == [
                "sensorgate: mqtt: error: batch not published device=a1b2 empty=\"\" note=\"a=\\\"b\\\"\" "
                    + "reason=\"socket closed\" stream=3\n"
            ])
    }

    @Test func callMetadataWinsOverTheLoggers() {
        let lines = Lines()
        var log = logger("run", lines)
        log[metadataKey: "broker"] = "old"
        log.notice("moved", metadata: ["broker": "new"])
        #expect(lines.all == ["sensorgate: run: moved broker=new\n"])
    }

    @Test func jsonLineIsOneObjectWithTimestampLevelLoggerMessageAndMetadata() throws {
        let lines = Lines()
        let log = logger("sensorgate.collector", lines, level: .info, format: .json)
        log.warning(
            "rejected: bad signature", metadata: ["topic": "sensorgate/a1/imu", "msg": "shadowed", "ids": ["1", "2"]])
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix("}\n") && !line.dropLast().contains("\n"))
        let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["ts"] as? String == "2026-11-22T07:40:05.123Z")
        #expect(object["level"] as? String == "warning")
        #expect(object["logger"] as? String == "sensorgate.collector")
        #expect(object["msg"] as? String == "rejected: bad signature")
        #expect(object["topic"] as? String == "sensorgate/a1/imu")
        #expect(object["meta.msg"] as? String == "shadowed")
        #expect(object["ids"] as? [String] == ["1", "2"])
    }
}

@Suite struct StatusEventsTests {
    /// A status after `seconds` with one 100 Hz group of `samples` taken and `missing` missing.
    private func status(
        seconds: Int64, samples: Int, missing: Int, overflows: Int = 0, linkUp: Bool = true, dropped: Int = 0
    ) -> GatewayStatus {
        var group = RateGroupReport(name: "bmp280", rateHz: 100, trigger: "polled", sensors: ["baro"])
        group.samples = samples
        group.missingSamples = missing
        group.busErrors = missing
        group.fifoOverflows = overflows
        var result = GatewayStatus(
            simulated: .seconds(seconds), total: .seconds(60), samples: samples, windows: 0, groups: [group])
        result.pipeline.rounds = Int(seconds)
        result.pipeline.linkUp = linkUp
        result.pipeline.storeDepth = 3
        if dropped > 0 { result.pipeline.sealer.droppedSamples = ["store full": dropped] }
        return result
    }

    private func events(_ statuses: [GatewayStatus]) -> [String] {
        let lines = Lines()
        var events = StatusEvents(
            logger: Logger(label: "sensorgate.run") { LineLogHandler(label: $0, sink: { lines.append($0) }) })
        for status in statuses { events.observe(status) }
        return lines.all
    }

    @Test func aFailingSensorIsReportedOnceAndItsRecoveryOnce() {
        let lines = events([
            status(seconds: 1, samples: 100, missing: 0),
            status(seconds: 2, samples: 150, missing: 50),
            status(seconds: 3, samples: 150, missing: 150),
            status(seconds: 4, samples: 250, missing: 150),
            status(seconds: 5, samples: 350, missing: 150),
        ])
        #expect(
            lines == [
                "sensorgate: run: warning: samples missing; the sensor is retried with back-off bus-errors=50 "
                    + "group=bmp280 missing=50 sensor-errors=0 sensors=baro\n",
                "sensorgate: run: sampling again group=bmp280 sensors=baro\n",
            ])
    }

    @Test func clockStepsAreLoggedOnceEachWithWhatTheTimelineDid() {
        var forward = status(seconds: 2, samples: 200, missing: 0)
        forward.clockStepsSeen = 1
        forward.lastClockStep = ClockStep(
            atMonotonicMicros: 2_000_000, atUTCMicros: 5, stepMicros: 3_600_000_000, disposition: .applied,
            aheadMicros: 0)
        var same = forward
        same.simulated = .seconds(3)
        var back = same
        back.simulated = .seconds(4)
        back.clockStepsSeen = 2
        back.lastClockStep = ClockStep(
            atMonotonicMicros: 4_000_000, atUTCMicros: 9, stepMicros: -1_500_000, disposition: .held,
            aheadMicros: 1_500_000)
        let lines = events([status(seconds: 1, samples: 100, missing: 0), forward, same, back])
        #expect(
            lines == [
                "sensorgate: run: system clock stepped; sample times move with it from the next batch "
                    + "moved-s=3600.000 step-s=3600.000\n",
                "sensorgate: run: warning: system clock stepped back; sample times stay ahead of it (upstream is "
                    + "told) ahead-s=1.500 step-s=-1.500\n",
            ])
    }

    @Test func storeErrorsMetByTheDeliveryAreLoggedOncePerStatusThatSeesNewOnes() {
        var failing = status(seconds: 2, samples: 200, missing: 0)
        failing.pipeline.deliveryStoreErrors = 2
        failing.pipeline.lastDeliveryStoreError = "state/store.sqlite: cannot read pending batches (I/O error)"
        var same = failing
        same.simulated = .seconds(3)
        let lines = events([status(seconds: 1, samples: 100, missing: 0), failing, same])
        #expect(
            lines == [
                "sensorgate: run: error: the store failed the delivery; batches stay stored and are retried "
                    + "error=\"state/store.sqlite: cannot read pending batches (I/O error)\" errors=2\n"
            ])
    }

    @Test func linkDownAndBackDropsAndOverflowsAreLogged() {
        let lines = events([
            status(seconds: 1, samples: 100, missing: 0, linkUp: false),
            status(seconds: 2, samples: 200, missing: 0),
            status(seconds: 3, samples: 300, missing: 0, overflows: 2, linkUp: false),
            status(seconds: 4, samples: 400, missing: 0, overflows: 2, linkUp: false, dropped: 7),
            status(seconds: 5, samples: 500, missing: 0, overflows: 2, dropped: 7),
        ])
        #expect(
            lines == [
                "sensorgate: run: warning: FIFO overflow: samples lost in the chip group=bmp280 overflows=2 sensors=baro\n",
                "sensorgate: run: warning: upstream link down; batches wait in the store store-depth=3\n",
                "sensorgate: run: error: samples dropped before the store reason=\"store full\" samples=7\n",
                "sensorgate: run: upstream link up again store-depth=3\n",
            ])
    }
}
