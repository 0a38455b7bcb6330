// SensorGate — Edge tests: the hard-iron sphere fit and the online magnetometer calibration.

import Edge
import Foundation
import SensorMath
import Testing

/// Readings of a magnetometer with hard-iron offset `offset`, per-axis sensitivity errors `scale` and
/// Gaussian noise `noiseUT`, turned through `orientations` in the field `earthField`.
private func readings(
    _ orientations: [Quaternion], offset: Vector3, scale: Vector3 = Vector3(1, 1, 1), noiseUT: Double = 0,
    seed: UInt64 = 7
) -> [Vector3] {
    var noise = TestNoise(seed: seed)
    return orientations.map { q in
        let field = q.conjugate.rotate(earthField)
        return Vector3(
            field.x * scale.x + offset.x + noiseUT * noise.gaussian(),
            field.y * scale.y + offset.y + noiseUT * noise.gaussian(),
            field.z * scale.z + offset.z + noiseUT * noise.gaussian())
    }
}

/// `count` orientations drawn uniformly (random unit quaternions, Shoemake's method).
private func randomOrientations(_ count: Int, seed: UInt64) -> [Quaternion] {
    var noise = TestNoise(seed: seed)
    return (0..<count).map { _ in
        let u1 = noise.uniform()
        let u2 = 2 * Double.pi * noise.uniform()
        let u3 = 2 * Double.pi * noise.uniform()
        let a = (1 - u1).squareRoot()
        let b = u1.squareRoot()
        return Quaternion(w: a * sin(u2), x: a * cos(u2), y: b * sin(u3), z: b * cos(u3)).normalized
    }
}

/// Orientations of gentle motion: roll, pitch and yaw each within ±`amplitudeDeg`.
private func capOrientations(_ count: Int, amplitudeDeg: Double, seed: UInt64) -> [Quaternion] {
    var noise = TestNoise(seed: seed)
    let amplitude = amplitudeDeg * Double.pi / 180
    return (0..<count).map { _ in
        Quaternion.euler(
            roll: amplitude * (2 * noise.uniform() - 1), pitch: amplitude * (2 * noise.uniform() - 1),
            yaw: amplitude * (2 * noise.uniform() - 1))
    }
}

@Suite struct HardIronFitTests {
    @Test func recoversTheCentreAndRadiusOfPointsOnASphereExactly() throws {
        // The 26 directions to a cube's neighbours, on a 50 µT sphere around (30, −20, 45).
        var points: [Vector3] = []
        for x in -1...1 {
            for y in -1...1 {
                for z in -1...1 where x != 0 || y != 0 || z != 0 {
                    points.append(Vector3(30, -20, 45) + Vector3(Double(x), Double(y), Double(z)).normalized * 50)
                }
            }
        }
        let fit = try #require(HardIronFit.fit(points))
        #expect(abs(fit.offsetUT.x - 30) < 1e-9)
        #expect(abs(fit.offsetUT.y + 20) < 1e-9)
        #expect(abs(fit.offsetUT.z - 45) < 1e-9)
        #expect(abs(fit.fieldUT - 50) < 1e-9)
        #expect(fit.residualRmsUT < 1e-9)
        #expect(fit.offsetSigmaUT < 1e-6)
        // Symmetric directions: the covariance is I/3.
        #expect(abs(fit.coverage - 1.0 / 3) < 1e-12)
        #expect(fit.count == 26)
    }

    @Test func refusesReadingsOnOneCircleAndTooFewReadings() {
        // Turning about the vertical only: the readings lie on one circle (one plane); the offset along
        // the axis is undetermined.
        let turns = (0..<72).map { Quaternion(axis: Vector3(0, 0, 1), angle: Double($0) * 5 * Double.pi / 180) }
        #expect(HardIronFit.fit(readings(turns, offset: Vector3(10, 20, 30))) == nil)
        #expect(HardIronFit.fit(Array(readings(randomOrientations(4, seed: 1), offset: .zero))) == nil)
    }

    @Test func statesTheNoiseItRestsOnAndTheCoverageOfACap() throws {
        let offset = Vector3(-35, 60, 12)
        let whole = try #require(
            HardIronFit.fit(readings(randomOrientations(400, seed: 3), offset: offset, noiseUT: 0.3)))
        #expect((whole.offsetUT - offset).length < 0.15)
        #expect(abs(whole.residualRmsUT - 0.3) < 0.05)
        #expect(whole.offsetSigmaUT > 0.01 && whole.offsetSigmaUT < 0.1)
        #expect(whole.coverage > 0.25)
        // Gentle motion (±20°): the same noise leaves the offset far less certain, and the coverage says so.
        let cap = try #require(
            HardIronFit.fit(readings(capOrientations(400, amplitudeDeg: 20, seed: 4), offset: offset, noiseUT: 0.3)))
        #expect(cap.coverage < 0.01)
        #expect(cap.offsetSigmaUT > 5 * whole.offsetSigmaUT)
    }
}

@Suite struct MagnetometerCalibratorTests {
    @Test func learnsTheOffsetOnlyFromReadingsAcrossOrientations() throws {
        let offset = Vector3(45, -80, 12)
        var calibrator = MagnetometerCalibrator(settings: MagnetometerCalibration())
        // Gentle motion for a long time: never trusted, never a calibrated reading.
        for reading in readings(capOrientations(20_000, amplitudeDeg: 20, seed: 5), offset: offset, noiseUT: 0.3) {
            #expect(calibrator.calibrate(reading) == nil)
        }
        #expect(!calibrator.trusted)
        // Then turned every way (a 1 % sensitivity error on x, as the simulated part has): trusted, and
        // the calibrated readings have the field's magnitude.
        let turned = readings(
            randomOrientations(3000, seed: 6), offset: offset, scale: Vector3(1.01, 0.995, 1), noiseUT: 0.3)
        var calibrated: [Vector3] = []
        for reading in turned {
            if let value = calibrator.calibrate(reading) { calibrated.append(value) }
        }
        #expect(calibrator.trusted)
        #expect(calibrator.acceptedFits > 0)
        let learnt = try #require(calibrator.offsetUT)
        #expect((learnt - offset).length < 1, "learnt \(learnt)")
        let field = earthField.length
        let last = calibrated.suffix(500)
        #expect(!last.isEmpty)
        #expect(last.allSatisfy { abs($0.length - field) < 2.5 })
    }

    @Test func constantsAreUsedAtOnceAndFixedOnesNeverChange() throws {
        var settings = MagnetometerCalibration()
        settings.hardIronUT = Vector3(10, 0, 0)
        settings.mode = .fixed
        var fixed = MagnetometerCalibrator(settings: settings)
        let offset = Vector3(14, 0, 0)
        for reading in readings(randomOrientations(2000, seed: 8), offset: offset) {
            let calibrated = fixed.calibrate(reading)
            let value = try #require(calibrated)
            #expect(abs((value - (reading - Vector3(10, 0, 0))).length) < 1e-12)
        }
        #expect(fixed.offsetUT == Vector3(10, 0, 0))
        #expect(fixed.pointCount == 0)

        // Online from the same constant: refined towards the readings' offset, a share at a time.
        settings.mode = .online
        var online = MagnetometerCalibrator(settings: settings)
        var offsets: [Double] = []
        for reading in readings(randomOrientations(4000, seed: 9), offset: offset, noiseUT: 0.2) {
            _ = online.calibrate(reading)
            if let x = online.offsetUT?.x, x != offsets.last { offsets.append(x) }
        }
        try #require(offsets.count > 3)
        // The first accepted fit moves it a fifth of the way (10 + 0.2 × 4); none jumps past the readings'
        // offset.
        #expect(abs(offsets[1] - 10.8) < 0.1, "\(offsets.prefix(3))")
        #expect(offsets.allSatisfy { $0 >= 10 && $0 < 14.3 })
        #expect(abs((online.offsetUT?.x ?? 0) - 14) < 0.5)
    }

    @Test func softIronIsAppliedBeforeTheOffsetIsRemoved() throws {
        var settings = MagnetometerCalibration()
        settings.hardIronUT = Vector3(1, 2, 3)
        settings.softIron = [Vector3(2, 0, 0), Vector3(0, 1, 0), Vector3(0, 0.5, 1)]
        settings.mode = .fixed
        var calibrator = MagnetometerCalibrator(settings: settings)
        let calibrated = calibrator.calibrate(Vector3(11, 12, 13))
        let value = try #require(calibrated)
        // W · (m − V) = W · (10, 10, 10) = (20, 10, 15).
        #expect(value == Vector3(20, 10, 15))
    }

    @Test func settingsNameTheBadKey() {
        var settings = MagnetometerCalibration()
        settings.mode = .fixed
        #expect(throws: EdgeSettingsError.self) { try settings.validate() }
        do {
            try settings.validate()
        } catch {
            #expect(error.setting == "mag-calibration")
        }
        settings = MagnetometerCalibration()
        settings.softIron = [Vector3(1, 0, 0), Vector3(1, 0, 0), Vector3(0, 0, 1)]
        do {
            try settings.validate()
            Issue.record("a singular soft-iron matrix was accepted")
        } catch {
            #expect(error.setting == "mag-soft-iron")
        }
        settings = MagnetometerCalibration()
        settings.hardIronUT = Vector3(0, 2000, 0)
        do {
            try settings.validate()
            Issue.record("an offset beyond the part's range was accepted")
        } catch {
            #expect(error.setting == "mag-hard-iron-ut")
        }
    }
}
