// SensorGate — Sampling: one sensor's place in a running group: health and retry state.

import Drivers
import HAL

/// A sensor as the scheduler runs it: its driver, whether it is up, and when to try again.
struct SensorSlot {
    /// Names it in the sink.
    let tag: SensorTag
    /// The driver and its faces (held here, which keeps ``unretainedDrivers`` valid).
    let drivers: SlotDrivers
    /// ``drivers`` unretained, for the sampling loop (see ``SlotDrivers``).
    let unretainedDrivers: Unmanaged<SlotDrivers>
    /// The driver.
    var driver: any SensorDriver { drivers.driver }
    /// The FIFO face, for FIFO groups.
    var fifo: (any FIFOSensorDriver)? { drivers.fifo }
    /// The stepped-drain face (``SlotDrivers/stepped``).
    var stepped: (any SteppedFIFODriver)? { drivers.stepped }
    /// Whether `bringUp()` must run before the next read (at start, and after repeated failures).
    var needsBringUp = true
    /// Consecutive failures.
    var failures = 0
    /// No attempt before this instant (back-off).
    var retryAt = MonotonicInstant(nanoseconds: .min)
    /// FIFO overflows the driver had counted when last looked at.
    var fifoOverflowsSeen = 0
    /// Samples lost to FIFO overflows the driver had counted when last looked at.
    var fifoLostSeen = 0
    /// The last error, for reports.
    var lastError: DriverError?
    /// FIFO drains land here: emptied before each drain, keeping its capacity, so that a running
    /// sampler does not allocate per drain (it grows only while the first drains find more samples
    /// than it has room for).
    var drained: [SensorReading] = []

    init(tag: SensorTag, driver: any SensorDriver, steppedDrains: Bool) {
        self.tag = tag
        drivers = SlotDrivers(driver: driver, steppedDrains: steppedDrains)
        unretainedDrivers = Unmanaged.passUnretained(drivers)
        if drivers.fifo != nil { drained.reserveCapacity(Self.initialDrainCapacity) }
    }

    /// Room for the largest FIFO of the supported chips at once: 512 words of the LSM6DSO's FIFO.
    static let initialDrainCapacity = 512
}

/// A sensor's driver and its FIFO faces, in a class so that the sampling loop can call them through
/// an unretained reference (``SensorSlot/unretainedDrivers``): a driver read out of a slot in the
/// group's array is retained and released around every call, and one reached through a borrowed
/// `SlotDrivers` is not.
final class SlotDrivers {
    /// The driver.
    let driver: any SensorDriver
    /// The FIFO face, for FIFO groups.
    let fifo: (any FIFOSensorDriver)?
    /// The stepped-drain face, for FIFO groups whose drains may be taken in steps (nil when the
    /// settings turn steps off).
    let stepped: (any SteppedFIFODriver)?

    /// Takes the faces `driver` has.
    /// - Parameters:
    ///   - driver: the driver.
    ///   - steppedDrains: whether drains may be taken in steps.
    init(driver: any SensorDriver, steppedDrains: Bool) {
        self.driver = driver
        fifo = driver as? any FIFOSensorDriver
        stepped = steppedDrains ? driver as? any SteppedFIFODriver : nil
    }
}
