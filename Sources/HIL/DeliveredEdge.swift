// SensorGate — HIL: the gateway's delivered orientation, altitude and alarms against the world's truth.

import Foundation
import SensorMath
import World

/// Judges the edge streams the gateway computed and the collector decoded (``DeliveredStream``)
/// against the world: what a user of the data would see, not a second computation beside the gateway.
/// Each gateway run settles anew: rows within `settleS` of a (re)start are not judged.
enum DeliveredEdge {
    /// Orientation judged: the largest error, the error over time, and Euler angles against truth.
    struct Orientation {
        /// The largest angle between delivered and true orientation after settling, over the rows with a
        /// referenced heading, degrees; nil without such rows.
        var maxErrorDeg: Double?
        /// The largest tilt error after settling (the angle between delivered and true up in the body),
        /// degrees; nil without rows.
        var maxTiltDeg: Double?
        /// Rows judged after settling, and of those the rows whose heading the gateway marked referenced
        /// to magnetic north (`heading_ref`); only those count for `maxErrorDeg`.
        var rowsJudged = 0
        var rowsReferenced = 0
        /// When the first referenced row after settling was delivered, s; nil without one.
        var firstReferencedS: Double?
        /// The error and the tilt error over time, degrees.
        var errorSeries: Series
        /// Roll, pitch and yaw delivered, then true, degrees.
        var anglesSeries: Series
    }

    /// The orientation stream (body to East-North-Up, magnetic north) turned by the site's declination
    /// (as a deployment configures it) against the world's orientation of the body.
    /// - Parameters:
    ///   - stream: the decoded `orientation` stream, rows in time order.
    ///   - world: the world.
    ///   - restartsS: when each gateway run started, seconds.
    ///   - settleS: seconds after each start that are not judged.
    ///   - stepS: the report's seconds per point.
    static func orientation(
        _ stream: DeliveredStream?, world: WorldModel, restartsS: [Double], settleS: Double, stepS: Double
    ) -> Orientation {
        var judged = Orientation(
            maxErrorDeg: nil, maxTiltDeg: nil, errorSeries: Series(stepS: stepS), anglesSeries: Series(stepS: stepS))
        guard let stream, let w = stream.column("qw"), let x = stream.column("qx"), let y = stream.column("qy"),
            let z = stream.column("qz")
        else { return judged }
        let field = world.earthField.enuMicrotesla
        let declination = Quaternion(axis: Vector3(0, 0, 1), angle: -atan2(field.x, field.y))
        // Streams from before the heading flag carry no `heading_ref`: their heading counts as referenced.
        let referenced = stream.column("heading_ref")
        for (t, row) in zip(stream.timesS, stream.rows) where settled(t, restartsS, settleS) {
            let delivered = declination * Quaternion(w: row[w], x: row[x], y: row[y], z: row[z]).normalized
            let truth = world.motion.orientation(at: t)
            let up = Vector3(0, 0, 1)
            let tiltDeg = angleDeg(delivered.conjugate.rotate(up), truth.conjugate.rotate(up))
            judged.maxTiltDeg = max(judged.maxTiltDeg ?? 0, tiltDeg)
            judged.rowsJudged += 1
            // A heading the gateway marks unreferenced (no trusted magnetometer calibration yet) is not an
            // error of the heading: only its tilt is judged, and the row is counted as unreferenced.
            guard referenced.map({ row[$0] >= 0.5 }) ?? true else {
                judged.errorSeries.add(t, [.nan, tiltDeg])
                judged.anglesSeries.add(t, Array(eulerDeg(delivered).prefix(2)) + [.nan] + eulerDeg(truth))
                continue
            }
            judged.rowsReferenced += 1
            if judged.firstReferencedS == nil { judged.firstReferencedS = t }
            let errorDeg = delivered.angle(to: truth) * 180 / Double.pi
            judged.maxErrorDeg = max(judged.maxErrorDeg ?? 0, errorDeg)
            judged.errorSeries.add(t, [errorDeg, tiltDeg])
            judged.anglesSeries.add(t, eulerDeg(delivered) + eulerDeg(truth))
        }
        return judged
    }

    /// Altitude judged: the largest error and delivered against true altitude over time.
    struct Altitude {
        /// The largest error after settling, metres; nil without rows.
        var maxErrorM: Double?
        /// Delivered (less the run's reference offset) and true altitude, metres.
        var series: Series
    }

    /// The altitude stream against the site's altitude plus the motion's height. Each run's reference
    /// offset is set at the end of its settling (a part's absolute offset and the configured sea-level
    /// pressure are not errors); from then on every difference is: the barometer's noise and drift, the
    /// filter's lag, and the weather (a swing or a pressure step) as far as the filter's barometer-bias
    /// state does not take it up — what a user of the stream sees.
    /// - Parameters:
    ///   - stream: the decoded `altitude` stream, rows in time order.
    ///   - world: the world.
    ///   - restartsS: when each gateway run started, seconds.
    ///   - settleS: seconds after each start that are not judged.
    ///   - stepS: the report's seconds per point.
    static func altitude(
        _ stream: DeliveredStream?, world: WorldModel, restartsS: [Double], settleS: Double, stepS: Double
    ) -> Altitude {
        var judged = Altitude(maxErrorM: nil, series: Series(stepS: stepS))
        guard let stream, let column = stream.column("altitude") else { return judged }
        var offset: (run: Double, metres: Double)?
        for (t, row) in zip(stream.timesS, stream.rows) where settled(t, restartsS, settleS) {
            let measured = row[column]
            let truth = world.atmosphere.siteAltitudeM + world.height(at: t)
            let run = restartsS.last { $0 <= t } ?? 0
            if offset?.run != run { offset = (run, measured - truth) }
            let reference = offset?.metres ?? 0
            judged.maxErrorM = max(judged.maxErrorM ?? 0, abs(measured - reference - truth))
            judged.series.add(t, [measured - reference, truth])
        }
        return judged
    }

    /// The bearing alarm judged: when the delivered features first crossed the threshold, the band's
    /// RMS over time, and the first event the gateway raised for the device.
    struct Alarm {
        /// The first delivered window whose defect band's envelope RMS passed the threshold, seconds.
        var firstAlarmS: Double?
        /// The defect band's envelope RMS over time (the largest over the analysed axes), m/s².
        var series: Series
        /// The first event (limit, rate or anomaly) the gateway raised for the device, seconds.
        var firstEventS: Double?
    }

    /// The envelope-spectrum defect band of `site` in the device's vibration-features stream: the
    /// alarm is the first window whose RMS (the square root of the band's mean square, largest over the
    /// analysed axes) passes `thresholdMps2`. Events of the events stream whose source is the device's
    /// stream are reported beside it.
    /// - Parameters:
    ///   - features: the device's decoded vibration-features stream, rows in time order.
    ///   - events: the decoded events stream, rows in time order.
    ///   - sourceID: the device's stream ID (the events' `source`).
    ///   - site: the defect's site (nil: the largest of the four bands).
    ///   - thresholdMps2: the alarm threshold.
    ///   - stepS: the report's seconds per point.
    static func alarm(
        features: DeliveredStream?, events: DeliveredStream?, sourceID: UInt32, site: BearingDefectSite?,
        thresholdMps2: Double, stepS: Double
    ) -> Alarm {
        var judged = Alarm(firstAlarmS: nil, series: Series(stepS: stepS), firstEventS: nil)
        if let features {
            let prefixes: [String] =
                switch site {
                case .outerRace: ["env_bpfo_"]
                case .innerRace: ["env_bpfi_"]
                case .ball: ["env_bsf_"]
                case .cage: ["env_ftf_"]
                case nil: ["env_bpfo_", "env_bpfi_", "env_bsf_", "env_ftf_"]
                }
            let columns = features.names.indices.filter { index in
                prefixes.contains { features.names[index].hasPrefix($0) }
            }
            for (t, row) in zip(features.timesS, features.rows) where !columns.isEmpty {
                let rms = columns.map { max(row[$0], 0).squareRoot() }.max() ?? 0
                judged.series.add(t, [rms])
                if rms > thresholdMps2, judged.firstAlarmS == nil { judged.firstAlarmS = t }
            }
        }
        if let events, let source = events.column("source"), let kind = events.column("kind") {
            judged.firstEventS =
                zip(events.timesS, events.rows).first { _, row in
                    UInt32(max(row[source], 0)) == sourceID && row[kind] != 5
                }?.0
        }
        return judged
    }

    /// Whether `t` is past the settling time of the run it belongs to.
    private static func settled(_ t: Double, _ restartsS: [Double], _ settleS: Double) -> Bool {
        t >= (restartsS.last { $0 <= t } ?? 0) + settleS
    }

    /// The angle between two unit vectors, degrees.
    private static func angleDeg(_ a: Vector3, _ b: Vector3) -> Double {
        let cosine = a.x * b.x + a.y * b.y + a.z * b.z
        return acos(max(-1, min(1, cosine))) * 180 / Double.pi
    }

    /// Roll, pitch, yaw (z-y-x, degrees) of a body-to-ENU quaternion; yaw is the heading from east.
    static func eulerDeg(_ q: Quaternion) -> [Double] {
        let roll = atan2(2 * (q.w * q.x + q.y * q.z), 1 - 2 * (q.x * q.x + q.y * q.y))
        let pitch = asin(max(-1, min(1, 2 * (q.w * q.y - q.z * q.x))))
        let yaw = atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z))
        return [roll, pitch, yaw].map { $0 * 180 / Double.pi }
    }
}
