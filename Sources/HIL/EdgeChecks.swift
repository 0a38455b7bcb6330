// SensorGate — HIL: the edge checks need the board to compute what they judge; and the judging.

import Board
import World

/// The orientation, altitude and alarm checks judge the gateway's own derived streams, so the board
/// must compute them: `edge: orientation:` on the IMU, `edge: altitude:` on the barometer, a
/// `vibration:` block with a bearing and a shaft speed on the alarm's accelerometer (docs/boards.md).
enum EdgeChecks {
    /// Refuses a check whose stream the board does not compute.
    /// - Throws: `HILError` (`.scenario`) naming the expectation's file:line:column and the section to add.
    static func require(_ scenario: ScenarioDescription) throws(HILError) {
        let board = scenario.board
        for expectation in scenario.expectations {
            let missing: String?
            switch expectation.check {
            case .orientationError(let imu, _, _), .tiltError(let imu, _, _):
                missing =
                    board.edge.orientation?.imu == imu
                    ? nil : "the board computes no orientation from '\(imu)': add `edge: orientation: {imu: \(imu)}`"
            case .altitudeError(let barometer, _, _):
                missing =
                    board.edge.altitude?.barometer == barometer
                    ? nil
                    : "the board computes no altitude from '\(barometer)': add `edge: altitude: {barometer: \(barometer)}`"
            case .alarm(let device, _, _):
                let block = board.devices.first { $0.label == device }?.vibration
                missing =
                    block?.bearing != nil && (block?.shaftHz ?? 0) > 0
                    ? nil
                    : "'\(device)' sends no envelope defect bands: give it a `vibration:` block with `bearing:` and `shaft-hz:`"
            default: missing = nil
            }
            if let missing {
                throw HILError(
                    .scenario,
                    "\(expectation.location): check '\(expectation.check.kind)' judges the gateway's own stream, but "
                        + "\(missing) (\(board.file))")
            }
        }
    }
}

extension ScenarioRunner {
    /// Judges the derived streams the upstream decoded against the world (``DeliveredEdge``) for the
    /// scenario's edge checks, into `result`.
    func judgeEdge(
        _ delivered: [UInt32: DeliveredStream], board: BoardDescription, restartsS: [Double], stepS: Double,
        into result: inout HILResult
    ) {
        for (id, stream) in delivered {
            result.deliveredRows[Self.derivedName(id, board), default: 0] += stream.rows.count
        }
        for expectation in scenario.expectations {
            switch expectation.check {
            case .orientationError(_, _, let settle), .tiltError(_, _, let settle):
                let judged = DeliveredEdge.orientation(
                    delivered[1001], world: board.world, restartsS: restartsS, settleS: seconds(settle), stepS: stepS)
                result.orientationMaxDeg = judged.maxErrorDeg
                result.tiltMaxDeg = judged.maxTiltDeg
                result.orientationRows = judged.rowsJudged
                result.headingReferencedRows = judged.rowsReferenced
                result.firstHeadingReferencedS = judged.firstReferencedS
                result.orientationSeries = judged.errorSeries
                result.orientationAnglesSeries = judged.anglesSeries
            case .altitudeError(_, _, let settle):
                let judged = DeliveredEdge.altitude(
                    delivered[1002], world: board.world, restartsS: restartsS,
                    settleS: seconds(settle), stepS: stepS)
                result.altitudeMaxM = judged.maxErrorM
                result.altitudeSeries = judged.series
            case .alarm(let device, _, let threshold):
                guard let position = board.devices.firstIndex(where: { $0.label == device }) else { continue }
                let judged = DeliveredEdge.alarm(
                    features: delivered[1100 + UInt32(position)], events: delivered[1000],
                    sourceID: UInt32(position + 1), site: board.world.machine?.defects.first?.site,
                    thresholdMps2: threshold, stepS: stepS)
                result.firstAlarmS = judged.firstAlarmS
                result.bearingSeries = judged.series
                result.bearingThresholdMps2 = threshold
                result.firstEventS = judged.firstEventS
            default: continue
            }
        }
    }

    /// The name of a derived stream ID (docs/gateway.md, "Edge outputs").
    static func derivedName(_ id: UInt32, _ board: BoardDescription) -> String {
        switch id {
        case 1000: return "events"
        case 1001: return "orientation"
        case 1002: return "altitude"
        default:
            let position = Int(id) - 1100
            guard position >= 0, position < board.devices.count else { return "stream \(id)" }
            return "\(board.devices[position].label).vibration"
        }
    }
}
