// SensorGate — Drivers: FIFO drains split into steps of bounded bus work.

import HAL

/// A FIFO driver whose drain can be taken in steps, each one bus transaction of bounded length, so
/// that a sampler can serve a more urgent group between them.
///
/// A drain latches the FIFO's count once, in ``beginFIFODrain(into:)``, and then reads exactly that
/// many samples over as many ``continueFIFODrain(into:)`` calls as it takes. The samples are dated
/// from the count read alone, so a drain taken in steps dates them exactly as one taken at once, and
/// the samples the chip writes meanwhile stay in the FIFO for the next drain. The samples are
/// appended to `readings` when the drain completes, all together, oldest first.
///
/// ``FIFOSensorDriver/drainFIFO(into:)`` completes a drain in progress (its samples are not lost), or
/// takes a whole new one.
public protocol SteppedFIFODriver: FIFOSensorDriver {
    /// Starts a drain: reads the FIFO's status and count, then the first step's samples. When a drain
    /// is in progress, takes its next step instead.
    /// - Parameter readings: receives every sample of the drain when it completes.
    /// - Returns: whether the drain is complete (true also when the FIFO was empty or overflowed).
    /// - Throws: `DriverError` naming chip and location; the drain is then abandoned.
    func beginFIFODrain(into readings: inout [SensorReading]) throws(DriverError) -> Bool
    /// Takes the next step of the drain in progress: one bus transaction.
    /// - Parameter readings: receives every sample of the drain when it completes.
    /// - Returns: whether the drain is complete (true when none was in progress).
    /// - Throws: `DriverError` naming chip and location; the drain is then abandoned.
    func continueFIFODrain(into readings: inout [SensorReading]) throws(DriverError) -> Bool
    /// Whether a drain has begun and not completed.
    var fifoDrainInProgress: Bool { get }
}
