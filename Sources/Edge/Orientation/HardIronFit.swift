// SensorGate — Edge: the hard-iron sphere fit (least squares, four parameters; after Freescale/NXP AN4246).

import Foundation
import SensorMath

/// A sphere fitted to magnetometer readings taken in many orientations: an undisturbed magnetometer with
/// a hard-iron offset `V` reads points on a sphere of radius |B| (the local field) centred on `V`.
///
/// The fit is linear in four unknowns: |p|² = 2 V·p + k with k = R² − |V|², solved by least squares over
/// the readings (shifted by their mean first, which keeps the normal equations well conditioned when the
/// offset is large). Besides the centre and radius it states what it rests on: the geometric residual,
/// the offset's standard error from the fit's covariance, and the orientation coverage (the smallest
/// variance of the readings' directions about the centre: 1/3 for a whole sphere, about 0.02 for a cap
/// tilted 60° each way, 0 for readings on one circle, which leave the offset along its axis open).
public struct HardIronFit: Sendable, Hashable {
    /// The sphere's centre: the hard-iron offset, µT.
    public var offsetUT: Vector3
    /// The sphere's radius: the field's magnitude, µT.
    public var fieldUT: Double
    /// Root mean square of |p − V| − R over the readings, µT.
    public var residualRmsUT: Double
    /// Standard error of the offset (√ of the trace of its covariance, so at least the worst axis's), µT.
    public var offsetSigmaUT: Double
    /// The smallest eigenvalue of the covariance of the unit directions p − V (0 … 1/3).
    public var coverage: Double
    /// How many readings the fit used.
    public var count: Int

    /// Fits a sphere to `points`.
    /// - Parameter points: readings in µT, at least five.
    /// - Returns: the fit, or nil when the readings do not determine a sphere (fewer than five, or all on
    ///   one plane, line or point: the normal equations are singular).
    public static func fit(_ points: [Vector3]) -> HardIronFit? {
        let n = points.count
        guard n >= 5 else { return nil }
        var mean = Vector3.zero
        for point in points { mean = mean + point }
        mean = mean / Double(n)
        // Normal equations of rows [2x, 2y, 2z, 1] · β = |p|², p shifted by the mean.
        var normal = [[Double]](repeating: [Double](repeating: 0, count: 4), count: 4)
        var rhs = [Double](repeating: 0, count: 4)
        for point in points {
            let p = point - mean
            let row = [2 * p.x, 2 * p.y, 2 * p.z, 1]
            let y = p.dot(p)
            for i in 0..<4 {
                rhs[i] += row[i] * y
                for j in 0..<4 { normal[i][j] += row[i] * row[j] }
            }
        }
        guard let beta = LinearSolve.solve(normal, rhs) else { return nil }
        let centre = Vector3(beta[0], beta[1], beta[2])
        let radiusSquared = beta[3] + centre.dot(centre)
        guard radiusSquared > 0 else { return nil }
        let radius = radiusSquared.squareRoot()
        var algebraic = 0.0
        var geometric = 0.0
        var directions: [Vector3] = []
        directions.reserveCapacity(n)
        for point in points {
            let p = point - mean
            let row = [2 * p.x, 2 * p.y, 2 * p.z, 1]
            var predicted = 0.0
            for i in 0..<4 { predicted += row[i] * beta[i] }
            algebraic += (p.dot(p) - predicted) * (p.dot(p) - predicted)
            let d = p - centre
            geometric += (d.length - radius) * (d.length - radius)
            directions.append(d.normalized)
        }
        // Covariance of β: s² (AᵀA)⁻¹, s² the algebraic residual's variance (n − 4 degrees of freedom).
        let variance = n > 4 ? algebraic / Double(n - 4) : 0
        var trace = 0.0
        for axis in 0..<3 {
            var unit = [Double](repeating: 0, count: 4)
            unit[axis] = 1
            guard let column = LinearSolve.solve(normal, unit) else { return nil }
            trace += variance * column[axis]
        }
        return HardIronFit(
            offsetUT: centre + mean, fieldUT: radius, residualRmsUT: (geometric / Double(n)).squareRoot(),
            offsetSigmaUT: max(trace, 0).squareRoot(), coverage: directionSpread(directions), count: n)
    }

    /// The smallest eigenvalue of the covariance of unit vectors.
    static func directionSpread(_ directions: [Vector3]) -> Double {
        guard !directions.isEmpty else { return 0 }
        let n = Double(directions.count)
        var mean = Vector3.zero
        var xx = 0.0
        var yy = 0.0
        var zz = 0.0
        var xy = 0.0
        var xz = 0.0
        var yz = 0.0
        for d in directions {
            mean = mean + d
            xx += d.x * d.x
            yy += d.y * d.y
            zz += d.z * d.z
            xy += d.x * d.y
            xz += d.x * d.z
            yz += d.y * d.z
        }
        mean = mean / n
        return SymmetricEigen.smallest(
            xx: xx / n - mean.x * mean.x, yy: yy / n - mean.y * mean.y, zz: zz / n - mean.z * mean.z,
            xy: xy / n - mean.x * mean.y, xz: xz / n - mean.x * mean.z, yz: yz / n - mean.y * mean.z)
    }
}

/// Small dense linear algebra for the fit.
enum LinearSolve {
    /// Solves `a · x = b` by Gaussian elimination with partial pivoting.
    /// - Returns: x, or nil when `a` is singular (a pivot below 10⁻¹² of the largest entry).
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var m = a
        var x = b
        let scale = a.flatMap { $0 }.map(abs).max() ?? 0
        guard scale > 0 else { return nil }
        for column in 0..<n {
            var pivot = column
            for row in column + 1..<n where abs(m[row][column]) > abs(m[pivot][column]) { pivot = row }
            guard abs(m[pivot][column]) > 1e-12 * scale else { return nil }
            if pivot != column {
                m.swapAt(pivot, column)
                x.swapAt(pivot, column)
            }
            for row in column + 1..<n {
                let factor = m[row][column] / m[column][column]
                guard factor != 0 else { continue }
                for k in column..<n { m[row][k] -= factor * m[column][k] }
                x[row] -= factor * x[column]
            }
        }
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = x[row]
            for k in row + 1..<n { sum -= m[row][k] * x[k] }
            x[row] = sum / m[row][row]
        }
        return x
    }
}

/// Eigenvalues of a symmetric 3×3 matrix in closed form (the trigonometric solution of the characteristic
/// cubic).
enum SymmetricEigen {
    /// The smallest eigenvalue.
    static func smallest(xx: Double, yy: Double, zz: Double, xy: Double, xz: Double, yz: Double) -> Double {
        let offDiagonal = xy * xy + xz * xz + yz * yz
        if offDiagonal == 0 { return min(xx, yy, zz) }
        let q = (xx + yy + zz) / 3
        let p2 = (xx - q) * (xx - q) + (yy - q) * (yy - q) + (zz - q) * (zz - q) + 2 * offDiagonal
        let p = (p2 / 6).squareRoot()
        // B = (A − qI) / p; r = det(B) / 2.
        let bxx = (xx - q) / p
        let byy = (yy - q) / p
        let bzz = (zz - q) / p
        let bxy = xy / p
        let bxz = xz / p
        let byz = yz / p
        let det = bxx * (byy * bzz - byz * byz) - bxy * (bxy * bzz - byz * bxz) + bxz * (bxy * byz - byy * bxz)
        let r = min(max(det / 2, -1), 1)
        let phi = acos(r) / 3
        // The eigenvalues are q + 2p·cos(phi + 2πk/3); k = 1 gives the smallest.
        return q + 2 * p * cos(phi + 2 * Double.pi / 3)
    }
}
