// SensorGate — Drivers: what an accelerometer/gyroscope model's catch-up converts its samples with.

/// The constants an accelerometer/gyroscope model converts a catch-up's samples with: none can change
/// between them (the registers and the trims change only on a bus access, never during a catch-up), so
/// the model makes them once per catch-up, each by the expression a sample would use, and the codes are
/// the same as when every sample made them.
struct InertialConversion {
    /// The accelerometer's noise over its bandwidth, in mg.
    let accelRmsMilliG: Double
    /// The gyroscope's noise over its bandwidth, in °/s.
    let gyroRmsDps: Double
    /// One accelerometer LSB in the unit the model quantises in, with its reciprocal.
    let accelStep: ReciprocalDivisor
    /// One gyroscope LSB in °/s, with its reciprocal.
    let gyroStep: ReciprocalDivisor
    /// The part's zero-g offsets at the reference temperature (mg), and their drift per °C.
    private let accelOffsetMg: SIMD3<Double>
    private let accelDriftMgPerC: SIMD3<Double>
    /// The part's zero-rate offsets at the reference temperature (°/s), and their drift per °C.
    private let gyroOffsetDps: SIMD3<Double>
    private let gyroDriftDpsPerC: SIMD3<Double>
    /// The temperature the offsets are given at.
    let referenceTemperatureC: Double
    /// The temperature sensor's offset.
    let temperatureOffsetC: Double

    /// Keeps the noise and steps, and the trim's offsets and drifts.
    /// - Parameters:
    ///   - accelRmsMilliG: the accelerometer's noise in mg.
    ///   - gyroRmsDps: the gyroscope's noise in °/s.
    ///   - accelStep: one accelerometer LSB.
    ///   - gyroStep: one gyroscope LSB in °/s.
    ///   - trim: the part (three offsets and drifts each).
    init(
        accelRmsMilliG: Double, gyroRmsDps: Double, accelStep: ReciprocalDivisor, gyroStep: ReciprocalDivisor,
        trim: InertialTrim
    ) {
        func vector(_ values: [Double]) -> SIMD3<Double> { SIMD3(values[0], values[1], values[2]) }
        self.accelRmsMilliG = accelRmsMilliG
        self.gyroRmsDps = gyroRmsDps
        self.accelStep = accelStep
        self.gyroStep = gyroStep
        accelOffsetMg = vector(trim.accelOffsetMg)
        accelDriftMgPerC = vector(trim.accelDriftMgPerC)
        gyroOffsetDps = vector(trim.gyroOffsetDps)
        gyroDriftDpsPerC = vector(trim.gyroDriftDpsPerC)
        referenceTemperatureC = trim.referenceTemperatureC
        temperatureOffsetC = trim.temperatureOffsetC
    }

    /// ``InertialTrim/accelOffsetMg(axis:at:)`` by the same expression.
    /// - Parameters:
    ///   - axis: 0, 1 or 2.
    ///   - fromReference: the die temperature minus ``referenceTemperatureC``.
    /// - Returns: the offset in mg.
    @inline(__always)
    func accelOffsetMg(axis: Int, fromReference: Double) -> Double {
        accelOffsetMg[axis] + accelDriftMgPerC[axis] * fromReference
    }

    /// ``InertialTrim/gyroOffsetDps(axis:at:)`` by the same expression.
    /// - Parameters:
    ///   - axis: 0, 1 or 2.
    ///   - fromReference: the die temperature minus ``referenceTemperatureC``.
    /// - Returns: the offset in °/s.
    @inline(__always)
    func gyroOffsetDps(axis: Int, fromReference: Double) -> Double {
        gyroOffsetDps[axis] + gyroDriftDpsPerC[axis] * fromReference
    }
}
