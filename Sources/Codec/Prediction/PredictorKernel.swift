// SensorGate — Codec: predictors as specialised kernels for the hot loops.

/// One predictor's arithmetic, as a type, so that each hot loop is compiled once per predictor shape
/// (the fixed orders become two or three instructions, with no loop over coefficients).
protocol PredictorKernel {
    /// The samples before `x` it reads.
    var order: Int { get }
    /// The prediction for `x[0]` from `x[-order..<0]`.
    func predict(_ x: UnsafePointer<Int64>) -> Int64
    /// Told that `x[0]` is now `value`, for kernels that keep their own copy of the samples.
    func record(_ value: Int64, at x: UnsafePointer<Int64>)
}

extension PredictorKernel {
    /// Kernels that read the window itself need not be told.
    @inline(__always) func record(_ value: Int64, at x: UnsafePointer<Int64>) {}
}

/// Order 0: always 0.
struct FixedOrder0: PredictorKernel {
    var order: Int { 0 }
    @inline(__always) func predict(_ x: UnsafePointer<Int64>) -> Int64 { 0 }
}

/// Order 1: the previous sample.
struct FixedOrder1: PredictorKernel {
    var order: Int { 1 }
    @inline(__always) func predict(_ x: UnsafePointer<Int64>) -> Int64 { x[-1] }
}

/// Order 2: linear extrapolation.
struct FixedOrder2: PredictorKernel {
    var order: Int { 2 }
    @inline(__always) func predict(_ x: UnsafePointer<Int64>) -> Int64 { 2 &* x[-1] &- x[-2] }
}

/// Order 3: quadratic extrapolation.
struct FixedOrder3: PredictorKernel {
    var order: Int { 3 }
    @inline(__always) func predict(_ x: UnsafePointer<Int64>) -> Int64 { 3 &* (x[-1] &- x[-2]) &+ x[-3] }
}

/// A quantised LPC: `(Σ c[j] · x[−1−j] + rounding) >> shift`.
struct LinearKernel: PredictorKernel {
    let coefficients: UnsafePointer<Int64>
    let order: Int
    let shift: Int64
    let rounding: Int64

    init(coefficients: UnsafePointer<Int64>, order: Int, shift: Int) {
        self.coefficients = coefficients
        self.order = order
        self.shift = Int64(shift)
        self.rounding = shift > 0 ? 1 << (shift - 1) : 0
    }

    @inline(__always) func predict(_ x: UnsafePointer<Int64>) -> Int64 {
        var sum = rounding
        var j = 0
        while j &+ 4 <= order {
            sum &+=
                coefficients[j] &* x[-1 &- j] &+ coefficients[j &+ 1] &* x[-2 &- j]
                &+ coefficients[j &+ 2] &* x[-3 &- j] &+ coefficients[j &+ 3] &* x[-4 &- j]
            j &+= 4
        }
        while j < order {
            sum &+= coefficients[j] &* x[-1 &- j]
            j &+= 1
        }
        return sum >> shift
    }
}
