// SensorGate — HIL tests: the gateway's delivered edge streams judged against the world's truth.

import Board
import Foundation
import SensorMath
import Testing
import World

@testable import HIL

@Suite struct DeliveredEdgeTests {
    /// The reference board's world (at rest, Berlin's field).
    private func world() throws -> WorldModel {
        try BoardLoader.load(path: repositoryRoot.appendingPathComponent("Boards/sim-reference.yaml").path).world
    }

    private func orientationStream(_ rows: [(Double, Quaternion)]) -> DeliveredStream {
        var stream = DeliveredStream(names: ["qw", "qx", "qy", "qz"])
        for (t, q) in rows {
            stream.timesS.append(t)
            stream.rows.append([q.w, q.x, q.y, q.z])
        }
        return stream
    }

    @Test func theDeliveredOrientationIsJudgedInTrueNorthAfterSettling() throws {
        let world = try world()
        let field = world.earthField.enuMicrotesla
        let declination = Quaternion(axis: Vector3(0, 0, 1), angle: -atan2(field.x, field.y))
        // The gateway reports against magnetic north: the truth turned back by the declination.
        func magnetic(_ t: Double) -> Quaternion { declination.conjugate * world.motion.orientation(at: t) }
        let tilt = Quaternion(axis: Vector3(1, 0, 0), angle: 5 * Double.pi / 180)
        let stream = orientationStream([
            (1, tilt * tilt * tilt * magnetic(1)),  // 15° off while settling: not judged
            (11, magnetic(11)), (12, magnetic(12) * tilt), (13, magnetic(13)),
        ])
        let judged = DeliveredEdge.orientation(stream, world: world, restartsS: [0], settleS: 10, stepS: 0.1)
        let maxError = try #require(judged.maxErrorDeg)
        #expect(abs(maxError - 5) < 1e-6)
        #expect(abs((judged.maxTiltDeg ?? 0) - 5) < 1e-6)
        // A heading error alone is no tilt error.
        let turn = Quaternion(axis: Vector3(0, 0, 1), angle: 30 * Double.pi / 180)
        let heading = DeliveredEdge.orientation(
            orientationStream([(11, turn * magnetic(11))]), world: world, restartsS: [0], settleS: 10, stepS: 0.1)
        #expect(abs((heading.maxErrorDeg ?? 0) - 30) < 1e-6)
        #expect((heading.maxTiltDeg ?? 1) < 1e-6)
        #expect(judged.errorSeries.timesS == [11, 12, 13])
        // Tilted about the body's x axis (the world is at rest, level): roll 5° more than the truth's.
        let angles = judged.anglesSeries.values[1]
        #expect(abs(angles[0] - angles[3] - 5) < 1e-6)
        // A restart at 12.5 s: the row at 13 s falls in the new settling time.
        let restarted = DeliveredEdge.orientation(stream, world: world, restartsS: [0, 12.5], settleS: 10, stepS: 0.1)
        #expect(restarted.errorSeries.timesS == [11, 12])
        #expect(DeliveredEdge.orientation(nil, world: world, restartsS: [0], settleS: 10, stepS: 1).maxErrorDeg == nil)
    }

    @Test func aHeadingMarkedUnreferencedIsNotJudgedButItsTiltIs() throws {
        let world = try world()
        let field = world.earthField.enuMicrotesla
        let declination = Quaternion(axis: Vector3(0, 0, 1), angle: -atan2(field.x, field.y))
        func magnetic(_ t: Double) -> Quaternion { declination.conjugate * world.motion.orientation(at: t) }
        let turn = Quaternion(axis: Vector3(0, 0, 1), angle: 90 * Double.pi / 180)
        let tilt = Quaternion(axis: Vector3(1, 0, 0), angle: 3 * Double.pi / 180)
        var stream = DeliveredStream(names: ["qw", "qx", "qy", "qz", "heading_ref"])
        // Gyroscope-only heading (90° off, 3° tilt) until 12 s, then referenced and 2° off in heading.
        let rows: [(Double, Quaternion, Double)] = [
            (11, turn * magnetic(11) * tilt, 0), (12, turn * magnetic(12), 0),
            (13, Quaternion(axis: Vector3(0, 0, 1), angle: 2 * Double.pi / 180) * magnetic(13), 1),
        ]
        for (t, q, referenced) in rows {
            stream.timesS.append(t)
            stream.rows.append([q.w, q.x, q.y, q.z, referenced])
        }
        let judged = DeliveredEdge.orientation(stream, world: world, restartsS: [0], settleS: 10, stepS: 0.1)
        #expect(abs((judged.maxErrorDeg ?? 0) - 2) < 1e-6)
        #expect(abs((judged.maxTiltDeg ?? 0) - 3) < 1e-6)
        #expect(judged.rowsJudged == 3 && judged.rowsReferenced == 1 && judged.firstReferencedS == 13)
        // Never referenced: no orientation error at all (the check then fails), the tilt still judged.
        stream.rows = stream.rows.map { Array($0.prefix(4)) + [0] }
        let never = DeliveredEdge.orientation(stream, world: world, restartsS: [0], settleS: 10, stepS: 0.1)
        #expect(never.maxErrorDeg == nil)
        #expect(abs((never.maxTiltDeg ?? 0) - 3) < 1e-6)
    }

    @Test func theDeliveredAltitudeIsJudgedFromEachRunsReference() throws {
        let world = try world()
        var stream = DeliveredStream(names: ["altitude", "vertical_speed"])
        // The part reads 42 m high; then 1.5 m off; a restart at 20 s sets a new reference (80 m high).
        for (t, altitude) in [(5.0, 0.0), (10, 42), (11, 42.5), (12, 43.5), (15, 42), (30, 80), (31, 79)] {
            stream.timesS.append(t)
            stream.rows.append([altitude + world.atmosphere.siteAltitudeM, 0])
        }
        let judged = DeliveredEdge.altitude(stream, world: world, restartsS: [0, 20], settleS: 10, stepS: 0.1)
        #expect(abs((judged.maxErrorM ?? 0) - 1.5) < 1e-9)
        #expect(judged.series.timesS == [10, 11, 12, 15, 30, 31])
        #expect(abs(judged.series.values[2][0] - judged.series.values[2][1] - 1.5) < 1e-9)
    }

    @Test func theAlarmIsTheFirstDeliveredWindowOverTheThresholdAndEventsAreReported() {
        var features = DeliveredStream(names: ["rms_x", "env_bpfo_x", "env_bpfi_x", "rms_y", "env_bpfo_y"])
        // Mean squares: 0.05 m/s² RMS is 0.0025 (m/s²)². The inner race's band is loud but not the site.
        for (t, x, y) in [(10.0, 0.0001, 0.0002), (20, 0.002, 0.0024), (30, 0.001, 0.0030), (40, 0.01, 0.01)] {
            features.timesS.append(t)
            features.rows.append([1, x, 0.5, 1, y])
        }
        var events = DeliveredStream(names: ["source", "channel", "kind", "cleared_kind", "severity", "value", "limit"])
        for (t, source, kind) in [(5.0, 3.0, 1.0), (25, 1, 5), (35, 1, 4)] {
            events.timesS.append(t)
            events.rows.append([source, 0, kind, 0, 2, 9, 6])
        }
        let judged = DeliveredEdge.alarm(
            features: features, events: events, sourceID: 1, site: .outerRace, thresholdMps2: 0.05, stepS: 0.1)
        #expect(judged.firstAlarmS == 30)  // the y axis: √0.003 = 0.055 m/s²
        #expect(judged.firstEventS == 35)  // another source's event and a clearing do not count
        #expect(judged.series.values.count == 4)
        let none = DeliveredEdge.alarm(
            features: features, events: nil, sourceID: 1, site: .outerRace, thresholdMps2: 1, stepS: 0.1)
        #expect(none.firstAlarmS == nil)
    }

    @Test func anEdgeCheckOnABoardThatDoesNotComputeItNamesTheSectionToAdd() throws {
        let text = """
            scenario: {name: x}
            board: ../sim-i2c-bus.yaml
            duration: 10s
            expect:
              - {check: orientation-error, device: imu-aux, below-deg: 5}
            """
        let scenario = try parseScenario(text)
        #expect {
            try ScenarioRunner(scenario: scenario, wallClock: WallClock()).checkSupported()
        } throws: { error in
            guard let error = error as? HILError else { return false }
            return error.kind == .scenario && error.message.contains("test.yaml:5:")
                && error.message.contains("edge: orientation: {imu: imu-aux}")
        }
    }

    @Test func pressureStepsChangeTheSeaLevelPressureAtOnce() throws {
        let text = """
            scenario: {name: x}
            board: ../sim-reference.yaml
            duration: 1h
            changes:
              - {at: 30m, pressure-step-pa: -250}
              - {at: 10m, pressure-step-pa: 100}
            expect:
              - {check: memory, below: 1GiB}
            """
        let atmosphere = try parseScenario(text).board.world.atmosphere
        #expect(atmosphere.pressureSteps.map(\.atS) == [600, 1800])
        #expect(atmosphere.seaLevelPressure(at: 599) == 101_325)
        #expect(atmosphere.seaLevelPressure(at: 600) == 101_425)
        #expect(atmosphere.seaLevelPressure(at: 1800) == 101_175)
        #expect(abs(atmosphere.pressure(at: 1800, heightM: 0) - 101_175) < 1e-6)
        #expect {
            _ = try parseScenario(text.replacingOccurrences(of: "-250", with: "-25000"))
        } throws: { error in "\(error)".contains("test.yaml:5:") }
    }
}
