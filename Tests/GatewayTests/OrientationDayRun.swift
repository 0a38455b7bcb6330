// SensorGate — GatewayTests: an offline harness for the orientation stream under normal-day's motion: the
// reference board's IMU (LSM6DSO, 833 Hz through its FIFO) and magnetometer (LIS3MDL, 80 Hz, the pinned part with
// the board's hard-iron constants) sampled by the real sampler on simulated buses, their readings fed to the
// SensorGate filter as the edge stage feeds it, and the estimate compared with the world's truth and the
// simulated part's true zero-rate offset on every IMU sample. No batcher, sealer or collector, so simulated
// minutes run in seconds.

import Board
import Drivers
import Foundation
import HAL
import Sampling
import SensorMath
import World

@testable import Edge
@testable import Gateway

/// What a run of the harness measured, per simulated second after the settling time and in all.
struct OrientationDayRun {
    /// One simulated second: the worst errors in it and the bias estimate at its end.
    struct Second {
        /// Seconds since the start.
        var t: Double
        /// The worst whole orientation error (heading included, declination applied), degrees.
        var errorDeg: Double
        /// The worst tilt error (angle between estimated and true up), degrees.
        var tiltDeg: Double
        /// The filter's bias estimate minus the part's true zero-rate offset, IMU frame, °/s.
        var biasErrorDps: Vector3
        /// Whether the filter flagged the field as disturbed at the end of the second.
        var magneticDisturbance: Bool
        /// The angle between the truth and the readings' gyroscope, less the part's true offset and the Earth's
        /// rate, integrated from the truth at the first sample, at the end of the second, degrees.
        var integratedDriftDeg: Double
        /// The fraction of the second's IMU samples the filter took for rest.
        var restFraction: Double
        /// IMU samples in the second.
        var samples: Int
        /// The largest true body rate in the second, °/s.
        var trueRateDps: Double
    }

    /// Per simulated second.
    var seconds: [Second] = []
    /// The worst orientation error after the settling time, degrees.
    var worstErrorDeg = 0.0
    /// The worst tilt error after the settling time, degrees.
    var worstTiltDeg = 0.0
    /// The largest bias error (any axis) after the settling time, °/s.
    var worstBiasErrorDps = 0.0
    /// The largest vertical (IMU z) bias error after the settling time, °/s.
    var worstBiasErrorZDps = 0.0
    /// The largest integrated drift of the readings' gyroscope (``Second/integratedDriftDeg``), degrees.
    var worstDriftDeg = 0.0
    /// The fraction of IMU samples after the settling time the filter took for rest.
    var restFraction: Double {
        let judged = seconds.filter { $0.t >= settleS }
        let samples = judged.reduce(0) { $0 + $1.samples }
        return judged.reduce(0) { $0 + $1.restFraction * Double($1.samples) } / Double(max(samples, 1))
    }
    /// The settling time the worst figures skip, s.
    var settleS = 0.0

    /// The board: normal-day's world (seed 1, site, motion) with the reference board's IMU and magnetometer.
    static func board(motion: String, worldSeed: Int) -> String {
        """
        board: {name: orientation-day}
        buses:
          i2c0: {type: i2c, path: sim:i2c0}
          spi0: {type: spi, path: sim:spi0}
        gpio:
          gpio0: {path: sim:gpiochip0}
        world:
          seed: \(worldSeed)
          site: {latitude-deg: 52.5, longitude-deg: 13.4, altitude-m: 34}
          atmosphere: {sea-level-pressure-pa: 101325, temperature-c: 14, humidity-rh: 70}
          motion: \(motion)
        devices:
          imu:
            compatible: st,lsm6dso
            bus: spi0
            chip-select: 2
            interrupts: {INT1: gpio0/17}
            settings: {odr-hz: 833, fifo-mode: continuous, fifo-watermark: 64, int1: fifo-threshold}
            sample: {trigger: fifo}
          magnetometer:
            compatible: st,lis3mdl
            bus: i2c0
            address: 0x1c
            interrupts: {DRDY: gpio0/22}
            settings: {odr-hz: 80}
            sample: {trigger: data-ready}
            sim: {seed: 11}
        """
    }

    /// normal-day's motion.
    static let normalDayMotion = "{kind: random, amplitude-deg: 20, bandwidth-hz: 0.05, translation-m: 0.3}"
    /// The reference board's hard-iron constants for the pinned magnetometer part (Boards/sim-reference.yaml).
    static let hardIronUT = Vector3(-26.09, 77.74, -56.76)

    /// Runs the board for `seconds` of simulated time.
    /// - Parameters:
    ///   - seconds: simulated seconds.
    ///   - settleS: errors before this many seconds are not counted in the worst figures.
    ///   - motion: the world's motion (board-file syntax). Default normal-day's.
    ///   - worldSeed: the world's seed. Default normal-day's, 1.
    ///   - parameters: the filter's tuning. Default the defaults.
    ///   - magnetometer: whether the calibrated magnetometer feeds the filter. Default true.
    static func run(
        seconds: Int64, settleS: Double = 30, motion: String = normalDayMotion, worldSeed: Int = 1,
        parameters: SensorGateFilter.Parameters = SensorGateFilter.Parameters(), magnetometer: Bool = true
    ) throws -> OrientationDayRun {
        let description = try BoardLoader.parse(
            board(motion: motion, worldSeed: worldSeed), file: "orientation-day.yaml")
        let bound = BoardBinder(backend: nil).bind(description)
        let groups = try bound.samplingGroups()
        guard let model = bound.models["imu"]?.model as? LSM6DSOModel, let stimulus = bound.stimuli["imu"] else {
            throw HarnessError.noIMUModel
        }
        let sink = Sink(
            world: description.world, trim: model.trim, stimulus: stimulus, settleS: settleS,
            filter: SensorGateFilter(parameters: parameters), magnetometer: magnetometer)
        let scheduler = SamplingScheduler(groups: groups, timebase: bound.virtualTimebase(), sink: sink)
        scheduler.start()
        guard let start = scheduler.startInstant else { throw HarnessError.notStarted }
        sink.startNs = start.nanoseconds
        sink.result.settleS = settleS
        try scheduler.run(until: start + .seconds(seconds))
        return sink.result
    }

    enum HarnessError: Error {
        case noIMUModel
        case notStarted
    }

    /// Feeds the filter as the edge stage does (the latest calibrated magnetometer reading goes with the next
    /// IMU sample) and judges every IMU sample against the world.
    private final class Sink: SampleSink {
        let world: WorldModel
        let trim: InertialTrim
        let stimulus: DeviceStimulus
        let settleS: Double
        let magnetometer: Bool
        let declination: Quaternion
        var filter: SensorGateFilter
        var startNs: Int64 = 0
        var lastIMUNs: Int64?
        var latestMag: Vector3?
        var result = OrientationDayRun()
        var current: Second?
        var integrated: Quaternion?

        init(
            world: WorldModel, trim: InertialTrim, stimulus: DeviceStimulus, settleS: Double,
            filter: SensorGateFilter, magnetometer: Bool
        ) {
            self.world = world
            self.trim = trim
            self.stimulus = stimulus
            self.settleS = settleS
            self.filter = filter
            self.magnetometer = magnetometer
            let field = world.earthField.enuMicrotesla
            declination = Quaternion(axis: Vector3(0, 0, 1), angle: -atan2(field.x, field.y))
        }

        func deliver(_ reading: SensorReading, from sensor: SensorTag) {
            if sensor.label == "magnetometer" {
                guard magnetometer, let m = reading.values[.magUT], m.count == 3 else { return }
                latestMag = Vector3(m[0], m[1], m[2]) - OrientationDayRun.hardIronUT
                return
            }
            guard sensor.label == "imu", let a = reading.values[.accelMps2], let g = reading.values[.gyroRadps]
            else { return }
            let ns = reading.timestamp.nanoseconds
            let dt = lastIMUNs.map { Double(ns - $0) / 1e9 } ?? 0
            lastIMUNs = ns
            let gyro = Vector3(g[0], g[1], g[2])
            filter.update(gyroRadps: gyro, accelMps2: Vector3(a[0], a[1], a[2]), magUT: latestMag, dtS: dt)
            latestMag = nil
            let temperature = stimulus.value(.temperatureC, at: MonotonicInstant(nanoseconds: ns))?.first ?? 25
            let trueBias = Vector3(
                trim.gyroOffsetDps(axis: 0, at: temperature), trim.gyroOffsetDps(axis: 1, at: temperature),
                trim.gyroOffsetDps(axis: 2, at: temperature))
            if let q = integrated {
                // The ideal gyroscope reads the body's rate plus the Earth's; the truth's orientation has only the former.
                let t = Double(ns) / 1e9
                let earth = world.angularRate(at: t) - world.motion.angularRate(at: t)
                integrated = OrientationMath.integrate(q, rate: gyro - trueBias * (.pi / 180) - earth, dt: dt)
            } else {
                integrated = world.motion.orientation(at: Double(ns) / 1e9)
            }
            judge(atNs: ns, trueBias: trueBias)
        }

        func missing(from sensor: SensorTag, at instant: MonotonicInstant, count: Int) {}

        private func judge(atNs ns: Int64, trueBias: Vector3) {
            let t = Double(ns) / 1e9
            let elapsed = Double(ns - startNs) / 1e9
            let estimate = declination * filter.orientation
            let truth = world.motion.orientation(at: t)
            let up = Vector3(0, 0, 1)
            let cosine = estimate.conjugate.rotate(up).dot(truth.conjugate.rotate(up))
            let tilt = acos(max(-1, min(1, cosine))) * 180 / .pi
            let error = estimate.angle(to: truth) * 180 / .pi
            let second = elapsed.rounded(.down)
            if let open = current, open.t != second {
                close(open)
                current = nil
            }
            var entry =
                current
                ?? Second(
                    t: second, errorDeg: 0, tiltDeg: 0, biasErrorDps: .zero, magneticDisturbance: false,
                    integratedDriftDeg: 0, restFraction: 0, samples: 0, trueRateDps: 0)
            entry.errorDeg = max(entry.errorDeg, error)
            entry.tiltDeg = max(entry.tiltDeg, tilt)
            entry.integratedDriftDeg = (integrated ?? truth).angle(to: truth) * 180 / .pi
            entry.biasErrorDps = filter.bias * (180 / .pi) - trueBias
            entry.magneticDisturbance = filter.magneticDisturbance
            entry.restFraction =
                (entry.restFraction * Double(entry.samples) + (filter.atRest ? 1 : 0)) / Double(entry.samples + 1)
            entry.samples += 1
            entry.trueRateDps = max(entry.trueRateDps, world.motion.angularRate(at: t).length * 180 / .pi)
            current = entry
        }

        private func close(_ second: Second) {
            result.seconds.append(second)
            result.worstDriftDeg = max(result.worstDriftDeg, second.integratedDriftDeg)
            guard second.t >= settleS else { return }
            result.worstErrorDeg = max(result.worstErrorDeg, second.errorDeg)
            result.worstTiltDeg = max(result.worstTiltDeg, second.tiltDeg)
            let b = second.biasErrorDps
            result.worstBiasErrorDps = max(result.worstBiasErrorDps, abs(b.x), abs(b.y), abs(b.z))
            result.worstBiasErrorZDps = max(result.worstBiasErrorZDps, abs(b.z))
        }
    }
}
