// SensorGate — HIL: the altitude from a barometer against the world's height.

import World

/// Turns a barometer's pressure into altitude with the world's sea-level pressure (ISA formula) and
/// compares its change since the end of settling with the change of the true altitude: a gateway
/// sets its reference once, as a pilot sets QNH, so a part's absolute offset is not an error.
struct AltitudeMonitor {
    let world: WorldModel
    let settleS: Double
    private var settledFromS = 0.0
    private var reference: Double?
    /// The largest error after settling, metres.
    private(set) var maxErrorM = 0.0
    /// When it happened.
    private(set) var maxErrorAtS = 0.0
    /// Measured and true altitude over time, metres.
    private(set) var series: Series

    init(world: WorldModel, settleS: Double, stepS: Double) {
        self.world = world
        self.settleS = settleS
        series = Series(stepS: stepS)
    }

    /// A gateway (re)started at `t`: the reference is set again after settling.
    mutating func restart(at t: Double) {
        settledFromS = t + settleS
        reference = nil
    }

    /// A pressure reading at `t` seconds.
    mutating func pressure(at t: Double, pascals: Double) {
        guard t >= settledFromS, pascals > 0 else { return }
        let measured = Atmosphere.altitude(pressurePa: pascals, seaLevelPa: world.atmosphere.seaLevelPressure(at: t))
        let truth = world.atmosphere.siteAltitudeM + world.height(at: t)
        let offset = reference ?? (measured - truth)
        reference = offset
        let error = abs(measured - truth - offset)
        if error > maxErrorM {
            maxErrorM = error
            maxErrorAtS = t
        }
        series.add(t, [measured - offset, truth])
    }
}
