// SensorGate — HIL: the bearing alarm edge processing raises from a machine-mounted accelerometer.

import Edge
import World

/// Runs the vibration analyser (docs/edge.md) on one radial axis of a machine-mounted accelerometer
/// and raises an alarm when the envelope spectrum's RMS at the defect's frequency (and harmonics)
/// passes a threshold — the check a deployment configures on the machine's bearing.
final class BearingMonitor {
    let analyzer: VibrationAnalyzer
    let thresholdMps2: Double
    let site: BearingDefectSite?
    /// The first alarm, seconds.
    private(set) var firstAlarmS: Double?
    /// Alarms raised, one per window over the threshold.
    private(set) var alarms = 0
    /// The defect band's RMS over time, m/s².
    private(set) var series: Series

    init?(machine: RotatingMachine, rateHz: Double, thresholdMps2: Double, stepS: Double) {
        var settings = VibrationSettings(sampleRateHz: rateHz)
        settings.bearing = machine.bearing
        settings.shaftHz = machine.shaftHz
        guard let analyzer = try? VibrationAnalyzer(settings: settings) else { return nil }
        self.analyzer = analyzer
        self.thresholdMps2 = thresholdMps2
        site = machine.defects.first?.site
        series = Series(stepS: stepS)
    }

    /// A gateway (re)started: the analysis starts over.
    func restart() { analyzer.reset() }

    /// One reading at `t` seconds: the x axis is radial.
    func push(at t: Double, accel: [Double]) {
        guard let x = accel.first, analyzer.push(x) else { return }
        let values = analyzer.features.envelopeDefectMeanSquare
        let meanSquare: Double =
            switch site {
            case .outerRace: values.outerRace
            case .innerRace: values.innerRace
            case .ball: values.ball
            case .cage: values.cage
            case nil: max(values.outerRace, values.innerRace, values.ball, values.cage)
            }
        let rms = meanSquare.squareRoot()
        series.add(t, [rms])
        if rms > thresholdMps2 {
            alarms += 1
            if firstAlarmS == nil { firstAlarmS = t }
        }
    }
}
