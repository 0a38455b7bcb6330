// SensorGate — Drivers: what every chip driver offers the runtime and the bench tool.

import HAL

/// A chip driver as the runtime sees it: bring the chip up with the driver's settings, then read it.
///
/// Each driver also has its own typed API (settings struct, `start(_:)`); this is the common face the
/// registry, `sensorgate read` and the sampler use. A driver belongs to one isolation domain.
public protocol SensorDriver: AnyObject {
    /// The part name, as in messages: `BMP280`.
    var part: String { get }
    /// Where the chip sits: `/dev/i2c-1 0x76` or `sim:spi0.1`.
    var location: String { get }
    /// The rate at which the chip produces new samples with its settings, or nil for chips that
    /// convert on demand (forced or single-shot modes).
    var outputDataRateHz: Double? { get }
    /// Identifies, resets and configures the chip with the settings the driver was made with.
    /// - Throws: `DriverError` naming chip and location.
    func bringUp() throws(DriverError)
    /// Takes one reading: SI values and the raw codes they came from, timestamped.
    /// - Returns: the reading.
    /// - Throws: `DriverError` naming chip and location.
    func read() throws(DriverError) -> SensorReading
    /// Whether the chip drives its interrupt and data-ready pins active low with the driver's
    /// settings, so that a line waiting for "data ready" is requested with the right polarity.
    var interruptsActiveLow: Bool { get }
}

extension SensorDriver {
    /// Active high, as most chips drive their pins by default.
    public var interruptsActiveLow: Bool { false }
}

extension FIFOSensorDriver {
    /// Drains every complete sample from the FIFO into a new array, oldest first (tests and tools;
    /// the sampler drains into a reused buffer with ``drainFIFO(into:)``).
    /// - Returns: the samples, possibly none.
    /// - Throws: `DriverError` naming chip and location.
    public func drainFIFO() throws(DriverError) -> [SensorReading] {
        var readings: [SensorReading] = []
        try drainFIFO(into: &readings)
        return readings
    }
}

/// A driver of a chip with a hardware FIFO.
public protocol FIFOSensorDriver: SensorDriver {
    /// Drains every complete sample from the FIFO, oldest first, appending them to `readings` (a
    /// buffer the caller keeps and empties with `removeAll(keepingCapacity: true)`, so that a running
    /// sampler drains without allocating). Timestamps are back-dated from the output data rate: the
    /// newest sample is dated at the drain time, each older one one period earlier. When it throws,
    /// what it appended is not a complete drain and should be dropped.
    /// - Parameter readings: where the samples go, possibly none.
    /// - Throws: `DriverError` naming chip and location.
    func drainFIFO(into readings: inout [SensorReading]) throws(DriverError)
    /// How many FIFO overflows the driver has seen since it was made (each lost samples in the chip).
    var fifoOverflows: Int { get }
    /// How many samples the chip wrote that were lost to FIFO overflows before a drain could read
    /// them, since the driver was made: counted from the output data rate and the time since the
    /// previous drain. A sampler reports them as missing (never invents them).
    var fifoLostSamples: Int { get }
    /// How many samples raise the FIFO watermark with the driver's settings, or nil when the chip
    /// has no watermark interrupt; a sampler waiting on the watermark pin expects an edge every
    /// that many output periods.
    var fifoWatermarkSamples: Int? { get }
    /// How many samples the FIFO holds with the driver's settings before it overflows (the chip's
    /// depth in samples of every batched sensor): with the output data rate, how long it may go
    /// undrained.
    var fifoCapacitySamples: Int { get }
}
