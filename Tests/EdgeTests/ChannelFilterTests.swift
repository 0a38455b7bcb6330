// SensorGate — Edge tests: channel filters against scipy and by definition; alarms, deadband, anomalies.

import Edge
import Foundation
import Testing

@Suite struct ChannelFilterTests {
    /// The test signal of Scripts/reference_decimation.py.
    static func signal(_ i: Int) -> Double {
        let x = Double(i)
        return sin(0.05 * x) + 0.5 * sin(2.9 * x) + 0.25 * cos(1.3 * x + 0.2)
    }

    @Test func decimationMatchesScipyFirwinAndLfilter() {
        for reference in decimationReference {
            var decimator = Decimator(factor: reference.factor)
            #expect(decimator.taps.count == reference.taps.count)
            for (ours, theirs) in zip(decimator.taps, reference.taps) {
                #expect(abs(ours - theirs) <= 1e-12, "M=\(reference.factor) tap")
            }
            var outputs: [Double] = []
            for i in 0..<400 {
                if let y = decimator.update(Self.signal(i)) { outputs.append(y) }
            }
            #expect(outputs.count == reference.output.count)
            for (ours, theirs) in zip(outputs, reference.output) {
                #expect(abs(ours - theirs) <= 1e-12, "M=\(reference.factor) output")
            }
        }
    }

    @Test func decimationRemovesWhatWouldAlias() {
        // 0.4 cycles/sample would alias to 0.4 after decimating by 4 (new Nyquist 0.5 of 0.25 → 0.125 c/s).
        var decimator = Decimator(factor: 4)
        var peak = 0.0
        for i in 0..<4000 {
            if let y = decimator.update(sin(2 * Double.pi * 0.4 * Double(i))), i > 400 { peak = max(peak, abs(y)) }
        }
        #expect(peak < 0.002)
    }

    @Test func movingAverageAndMedianAreTheMeanAndMedianOfTheWindow() {
        var average = MovingAverage(length: 5)
        var median = MedianFilter(length: 4)
        var history: [Double] = []
        var noise = TestNoise(seed: 3)
        for _ in 0..<200 {
            let x = (noise.gaussian() * 100).rounded() / 10
            history.append(x)
            let a = average.update(x)
            let m = median.update(x)
            let last5 = history.suffix(5)
            #expect(abs(a - last5.reduce(0, +) / Double(last5.count)) < 1e-9)
            let last4 = history.suffix(4).sorted()
            let expected =
                last4.count % 2 == 1
                ? last4[last4.count / 2] : (last4[last4.count / 2 - 1] + last4[last4.count / 2]) / 2
            #expect(m == expected)
        }
    }

    @Test func medianRemovesASpikeThatTheAverageSpreads() {
        var median = MedianFilter(length: 5)
        var out: [Double] = []
        for i in 0..<20 { out.append(median.update(i == 10 ? 1000 : 20)) }
        #expect(out.allSatisfy { $0 == 20 })
    }

    @Test func exponentialSmoothingKeepsItsTimeConstantOnIrregularSamples() {
        // A step from 0 to 1: after τ the output is 1 − 1/e whatever the sample intervals.
        var regular = ExponentialSmoothing(timeConstantS: 2)
        var irregular = ExponentialSmoothing(timeConstantS: 2)
        _ = regular.update(0, dtS: 0)
        _ = irregular.update(0, dtS: 0)
        var a = 0.0
        for _ in 0..<200 { a = regular.update(1, dtS: 0.01) }
        var b = 0.0
        for dt in [0.5, 0.25, 0.75, 0.1, 0.4] { b = irregular.update(1, dtS: dt) }
        #expect(abs(a - (1 - exp(-1))) < 1e-12)
        #expect(abs(b - (1 - exp(-1))) < 1e-12)
    }

    @Test func aNoisyValueOnALimitRaisesOnceAndClearsOnceWithHysteresis() {
        var alarm = ThresholdAlarm(high: 10, low: nil, hysteresis: 1)
        var events: [EdgeEvent] = []
        let values = [9.0, 9.8, 10.2, 9.9, 10.1, 9.5, 10.3, 9.2, 8.9, 9.5, 10.05]
        for (i, x) in values.enumerated() {
            if let e = alarm.update(x, channel: 3, timestampNs: Int64(i)) { events.append(e) }
        }
        #expect(events.map(\.kind) == [.highLimit, .cleared, .highLimit])
        #expect(events.map(\.timestampNs) == [2, 8, 10])
        #expect(events[1].clearedKind == .highLimit)
        #expect(events[0].severity == .alarm && events[0].channel == 3 && events[0].limit == 10)
    }

    @Test func aRateOfChangeAlarmMeasuresTheSlopeOverItsWindow() {
        var alarm = RateOfChangeAlarm(limitPerS: 2, hysteresisPerS: 0.5, windowS: 1)
        var events: [EdgeEvent] = []
        // Flat for 5 s, rising 3 units/s for 5 s, flat again; 10 Hz samples.
        for i in 0..<150 {
            let t = Double(i) / 10
            let x = t < 5 ? 0 : t < 10 ? 3 * (t - 5) : 15
            if let e = alarm.update(x, channel: 0, timestampNs: Int64(i) * 100_000_000) { events.append(e) }
        }
        #expect(events.map(\.kind) == [.rateOfChange, .cleared])
        #expect(abs(events[0].timestampNs - 5_700_000_000) <= 100_000_000)
        #expect(abs(events[1].timestampNs - 10_500_000_000) <= 200_000_000)
    }

    @Test func theDeadbandReportsByExceptionWithAHeartbeat() {
        var deadband = Deadband(deadband: 0.5, heartbeatS: 10)
        // Sent: the first; 20.6 (0.6 from 20.0); 20.0 (0.6 from 20.6); 20.1 after 10 s of silence.
        let values = [20.0, 20.2, 20.4, 20.6, 20.3, 20.0, 20.1, 20.1]
        let times: [Int64] = [0, 1, 2, 3, 4, 5, 6, 16].map { $0 * 1_000_000_000 }
        let reported = zip(values, times).map { deadband.shouldReport($0, timestampNs: $1) }
        #expect(reported == [true, false, false, true, false, true, false, true])
    }

    @Test func aChannelChainSmoothsAlarmsDecimatesAndReportsByException() throws {
        var settings = ChannelSettings()
        settings.smoothing = .median(samples: 3)
        settings.decimation = 2
        settings.deadband = 0.5
        settings.heartbeatS = 0  // no heartbeat: every report is a change
        settings.highLimit = 30
        settings.hysteresis = 2
        var chain = try ChannelProcessor(channel: 7, settings: settings)
        var reports: [Double] = []
        var events: [EdgeEvent] = []
        // 20 °C for 60 s with a one-sample spike (which the median removes), then 35 °C for 60 s.
        for i in 0..<120 {
            let x = i == 30 ? 90 : i < 60 ? 20.0 : 35.0
            let out = chain.update(x, timestampNs: Int64(i) * 1_000_000_000)
            if let r = out.report { reports.append(r) }
            if let e = out.limitEvent { events.append(e) }
        }
        // One report of 20, nothing while it stays (the spike is gone), the step through the decimator's
        // anti-alias filter (which overshoots a little) in steps of at least the deadband, and the settled 35.
        #expect(abs(reports[0] - 20) < 1e-9)
        #expect(abs((reports.last ?? 0) - 35) < 0.5)
        #expect(reports.count > 3 && reports.count < 20)
        #expect(zip(reports.dropFirst(), reports).allSatisfy { abs($0 - $1) >= 0.5 })
        #expect(events.map(\.kind) == [.highLimit])
        #expect(events[0].channel == 7 && events[0].timestampNs == 61_000_000_000)  // the median delays by one
    }

    @Test func settingsOutOfRangeNameTheSetting() {
        var settings = ChannelSettings()
        settings.highLimit = 1
        settings.lowLimit = 2
        #expect(throws: EdgeSettingsError(setting: "low", problem: "2.0 must be below high (1.0)")) {
            try ChannelProcessor(channel: 0, settings: settings)
        }
        var decimate = ChannelSettings()
        decimate.decimation = 0
        #expect(throws: EdgeSettingsError.self) { try ChannelProcessor(channel: 0, settings: decimate) }
    }

    @Test func theInnerRaceFaultIsAnAnomalyAfterLearningTheBallFaultRecording() throws {
        // Learn the ball-fault recording as normal, then switch to the inner-race recording of the same rig.
        var detector = AnomalyDetector()
        var events: [EdgeEvent] = []
        var ballScores: [Double] = []
        for (f, _) in try CWRU.windows("ballFault") {
            if let e = detector.update(f, channel: 1, timestampNs: Int64(f.endSample)) { events.append(e) }
            if detector.learnt > detector.settings.warmUpWindows { ballScores.append(detector.score) }
        }
        #expect(events.isEmpty)
        #expect(ballScores.max() ?? .infinity < detector.settings.threshold)
        let inner = try CWRU.windows("innerRace")
        let event = detector.update(inner[0].0, channel: 1, timestampNs: 0)
        let first = try #require(event)
        #expect(first.kind == .anomaly)
        #expect(first.value > 2 * detector.settings.threshold)
        // It stays raised: the fault is not learnt as normal.
        for (f, _) in inner.dropFirst() { _ = detector.update(f, channel: 1, timestampNs: 0) }
        #expect(detector.raised)
    }
}
