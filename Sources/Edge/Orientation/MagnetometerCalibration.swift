// SensorGate — Edge: magnetometer calibration: board constants and the online hard-iron estimate.

import Foundation
import SensorMath

/// How the gateway calibrates its magnetometer (a board's `edge: orientation:` keys, docs/boards.md).
///
/// A calibrated reading is `W · (m − V)`: `m` the magnetometer's reading in its own axes (µT), `V` the
/// hard-iron offset (the part's zero-field level plus the board's magnetised parts, µT), `W` the soft-iron
/// matrix (default identity).
public struct MagnetometerCalibration: Sendable, Hashable {
    /// Whether the offset is estimated from the readings.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// Estimated online (``MagnetometerCalibrator``), starting from ``hardIronUT`` when given.
        case online
        /// ``hardIronUT`` as given, never changed.
        case fixed
    }

    /// The hard-iron offset measured for this board (`mag-hard-iron-ut`), µT in the magnetometer's axes;
    /// nil: unknown until the online estimate is trusted. Default nil.
    public var hardIronUT: Vector3?
    /// The soft-iron matrix `W`, by rows (`mag-soft-iron`). Default identity.
    public var softIron: [Vector3] = [Vector3(1, 0, 0), Vector3(0, 1, 0), Vector3(0, 0, 1)]
    /// `mag-calibration`. Default online.
    public var mode = Mode.online
    /// Readings (merged cells) a fit needs. Default 24.
    public var minPoints = 24
    /// The smallest variance of the readings' directions a fit needs (``HardIronFit/coverage``; 1/3 for
    /// a whole sphere). Default 0.02: the board tilted some 60° every way.
    public var minCoverage = 0.02
    /// The largest RMS residual a fit may leave, as a share of the field. Default 0.03.
    public var maxResidualRatio = 0.03
    /// The largest standard error of the fitted offset, µT. Default 1 (a heading error of about 3° where
    /// the horizontal field is 20 µT).
    public var maxOffsetSigmaUT = 1.0
    /// Field magnitudes a fit may find, µT (the Earth's field is 22–67 µT). Default 15 … 100.
    public var fieldRangeUT: ClosedRange<Double> = 15...100
    /// Readings closer than this to a kept one are averaged into it, µT. Default 4.
    public var pointSpacingUT = 4.0
    /// The most readings kept; the oldest goes first. Default 256.
    public var maxPoints = 256
    /// A new fit after this many new readings. Default 8.
    public var refitEveryPoints = 8
    /// The share of the way a trusted offset moves to a new accepted fit. Default 0.2.
    public var refineGain = 0.2

    /// The defaults: online, no constants.
    public init() {}

    /// Checks the settings.
    /// - Throws: `EdgeSettingsError` naming the board key of a bad value.
    public func validate() throws(EdgeSettingsError) {
        if mode == .fixed, hardIronUT == nil {
            throw EdgeSettingsError(
                setting: "mag-calibration",
                problem: "'fixed' needs the offset: give mag-hard-iron-ut: [x, y, z], or use 'online'")
        }
        if let offset = hardIronUT, !offset.components.allSatisfy({ $0.isFinite && abs($0) <= 1600 }) {
            throw EdgeSettingsError(setting: "mag-hard-iron-ut", problem: "each offset must be within ±1600 µT")
        }
        guard softIron.count == 3, softIron.allSatisfy({ $0.components.allSatisfy(\.isFinite) }) else {
            throw EdgeSettingsError(setting: "mag-soft-iron", problem: "must be three rows of three numbers")
        }
        let det = softIron[0].dot(softIron[1].cross(softIron[2]))
        guard det > 0.25, det < 4, softIron.allSatisfy({ $0.length < 2 }) else {
            throw EdgeSettingsError(
                setting: "mag-soft-iron",
                problem: "must be close to identity (determinant 0.25 … 4, each row shorter than 2), det is \(det)")
        }
        guard minPoints >= 8, minCoverage > 0, minCoverage <= 1.0 / 3, maxResidualRatio > 0,
            maxOffsetSigmaUT > 0, pointSpacingUT > 0, maxPoints >= minPoints, refitEveryPoints >= 1,
            refineGain > 0, refineGain <= 1, fieldRangeUT.lowerBound > 0
        else {
            throw EdgeSettingsError(
                setting: "mag-calibration", problem: "the online estimate's limits are inconsistent")
        }
    }
}

/// Calibrates magnetometer readings: the board's constants, and (in `online` mode) an estimate of the
/// hard-iron offset from the readings themselves, trusted only once a ``HardIronFit`` over readings spread
/// across orientations passes every bound of ``MagnetometerCalibration``.
///
/// Readings within `pointSpacingUT` of a kept one are averaged into it (so a board at rest adds nothing
/// and its noise averages out); every `refitEveryPoints` new readings the sphere is fitted again. The first
/// accepted fit sets the offset when no constant was given; later ones move it by `refineGain` of the way
/// (a slow drift, such as the offset's with temperature, is followed; one fit does not jump it).
/// Pure value: no clock, no I/O.
public struct MagnetometerCalibrator: Sendable {
    /// A kept reading: the mean of those merged into it (soft-iron corrected), and how many.
    private struct Cell: Sendable {
        var mean: Vector3
        var count: Int
        var order: Int
    }

    /// The settings.
    public let settings: MagnetometerCalibration
    /// The hard-iron offset in use (µT, the magnetometer's axes), nil while none is trusted.
    public private(set) var offsetUT: Vector3?
    /// The last fit made (accepted or not), for the status.
    public private(set) var lastFit: HardIronFit?
    /// Fits accepted so far.
    public private(set) var acceptedFits = 0
    private var cells: [Cell] = []
    private var added = 0
    private var order = 0

    /// Creates a calibrator.
    /// - Parameter settings: validated settings.
    public init(settings: MagnetometerCalibration) {
        self.settings = settings
        offsetUT = settings.hardIronUT
    }

    /// Whether calibrated readings come out (a constant was given or a fit has been accepted).
    public var trusted: Bool { offsetUT != nil }

    /// Readings kept for the next fit.
    public var pointCount: Int { cells.count }

    /// Calibrates one reading and (online) learns from it.
    /// - Parameter rawUT: the reading in the magnetometer's axes, µT.
    /// - Returns: `W · (m − V)`, or nil while no offset is trusted.
    public mutating func calibrate(_ rawUT: Vector3) -> Vector3? {
        let corrected = softIron(rawUT)
        if settings.mode == .online, rawUT.components.allSatisfy(\.isFinite) {
            learn(corrected)
        }
        guard let offset = offsetUT else { return nil }
        return corrected - softIron(offset)
    }

    private func softIron(_ v: Vector3) -> Vector3 {
        Vector3(settings.softIron[0].dot(v), settings.softIron[1].dot(v), settings.softIron[2].dot(v))
    }

    private mutating func learn(_ point: Vector3) {
        var nearest = -1
        var nearestDistance = Double.infinity
        for index in cells.indices {
            let d = cells[index].mean - point
            let distance = d.dot(d)
            if distance < nearestDistance {
                nearestDistance = distance
                nearest = index
            }
        }
        if nearest >= 0, nearestDistance < settings.pointSpacingUT * settings.pointSpacingUT {
            // Averaged in; after 64 readings the cell follows as a running mean with weight 1/64.
            let count = min(cells[nearest].count + 1, 64)
            cells[nearest].mean = cells[nearest].mean + (point - cells[nearest].mean) / Double(count)
            cells[nearest].count = count
            return
        }
        if cells.count >= settings.maxPoints, let oldest = cells.indices.min(by: { cells[$0].order < cells[$1].order })
        {
            cells.remove(at: oldest)
        }
        order += 1
        cells.append(Cell(mean: point, count: 1, order: order))
        added += 1
        guard added >= settings.refitEveryPoints, cells.count >= settings.minPoints else { return }
        added = 0
        refit()
    }

    private mutating func refit() {
        guard let fit = HardIronFit.fit(cells.map(\.mean)) else { return }
        lastFit = fit
        guard accepts(fit) else { return }
        // The fit is of W·m; its centre is W·V.
        let rows = settings.softIron.map(\.components)
        guard let solved = LinearSolve.solve(rows, fit.offsetUT.components) else { return }
        let offset = Vector3(solved[0], solved[1], solved[2])
        acceptedFits += 1
        if let current = offsetUT {
            offsetUT = current + (offset - current) * settings.refineGain
        } else {
            offsetUT = offset
        }
    }

    /// Whether `fit` passes every bound.
    public func accepts(_ fit: HardIronFit) -> Bool {
        fit.count >= settings.minPoints && fit.coverage >= settings.minCoverage
            && settings.fieldRangeUT.contains(fit.fieldUT)
            && fit.residualRmsUT <= settings.maxResidualRatio * fit.fieldUT
            && fit.offsetSigmaUT <= settings.maxOffsetSigmaUT
    }
}
