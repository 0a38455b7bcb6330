// SensorGate — Edge: a 4×4 matrix on the stack, for the altitude filter's covariance.

/// A 4×4 matrix of Doubles, row-major, stored inline (no heap).
struct Matrix4: Sendable {
    private var r0: SIMD4<Double>
    private var r1: SIMD4<Double>
    private var r2: SIMD4<Double>
    private var r3: SIMD4<Double>

    /// All zeros.
    static let zero = Matrix4(rows: (0, 0, 0, 0), (0, 0, 0, 0), (0, 0, 0, 0), (0, 0, 0, 0))

    /// From four rows.
    init(
        rows a: (Double, Double, Double, Double), _ b: (Double, Double, Double, Double),
        _ c: (Double, Double, Double, Double), _ d: (Double, Double, Double, Double)
    ) {
        r0 = SIMD4(a.0, a.1, a.2, a.3)
        r1 = SIMD4(b.0, b.1, b.2, b.3)
        r2 = SIMD4(c.0, c.1, c.2, c.3)
        r3 = SIMD4(d.0, d.1, d.2, d.3)
    }

    private init(_ r0: SIMD4<Double>, _ r1: SIMD4<Double>, _ r2: SIMD4<Double>, _ r3: SIMD4<Double>) {
        self.r0 = r0
        self.r1 = r1
        self.r2 = r2
        self.r3 = r3
    }

    /// Element at row `r`, column `c`.
    subscript(r: Int, c: Int) -> Double {
        get {
            switch r {
            case 0: r0[c]
            case 1: r1[c]
            case 2: r2[c]
            default: r3[c]
            }
        }
        set {
            switch r {
            case 0: r0[c] = newValue
            case 1: r1[c] = newValue
            case 2: r2[c] = newValue
            default: r3[c] = newValue
            }
        }
    }

    /// The transpose.
    var transposed: Matrix4 {
        Matrix4(
            SIMD4(r0[0], r1[0], r2[0], r3[0]), SIMD4(r0[1], r1[1], r2[1], r3[1]),
            SIMD4(r0[2], r1[2], r2[2], r3[2]), SIMD4(r0[3], r1[3], r2[3], r3[3]))
    }

    /// (M + Mᵀ) / 2.
    mutating func symmetrise() {
        let t = transposed
        r0 = (r0 + t.r0) / 2
        r1 = (r1 + t.r1) / 2
        r2 = (r2 + t.r2) / 2
        r3 = (r3 + t.r3) / 2
    }

    /// The product.
    static func * (a: Matrix4, b: Matrix4) -> Matrix4 {
        func row(_ r: SIMD4<Double>) -> SIMD4<Double> { r[0] * b.r0 + r[1] * b.r1 + r[2] * b.r2 + r[3] * b.r3 }
        return Matrix4(row(a.r0), row(a.r1), row(a.r2), row(a.r3))
    }

    /// F·M·Fᵀ for the altitude filter's transition F = [[1, dt, −dt²/2, 0], [0, 1, −dt, 0], [0, 0, 1, 0],
    /// [0, 0, 0, φ]], without the products of F's zero and unit entries: every other term is summed in
    /// the order `F * self * F.transposed` sums it, so the result is the same bit for bit (for finite
    /// entries; a zero may differ in sign). A quarter of the multiplications of the two products, at
    /// the inertial sensor's rate.
    /// - Parameters:
    ///   - dt: the step, seconds.
    ///   - phi: the barometer bias's decay over the step.
    /// - Returns: F·M·Fᵀ.
    func transitioned(dt: Double, phi: Double) -> Matrix4 {
        let h = 0.5 * dt * dt
        // A = F·M, row by row.
        let a0 = r0 + dt * r1 + (-h) * r2
        let a1 = r1 + (-dt) * r2
        let a2 = r2
        let a3 = phi * r3
        // A·Fᵀ: column j of a row is that row of A dotted with row j of F.
        func row(_ a: SIMD4<Double>) -> SIMD4<Double> {
            SIMD4(a[0] + a[1] * dt + a[2] * (-h), a[1] + a[2] * (-dt), a[2], a[3] * phi)
        }
        return Matrix4(row(a0), row(a1), row(a2), row(a3))
    }
}
