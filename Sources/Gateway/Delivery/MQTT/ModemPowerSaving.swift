// SensorGate — Gateway: PSM on the modem that carries MQTT: the timers, and when the gateway wakes it.

import Board
import Modem

/// Power saving for a run whose MQTT upstream goes through a cellular module (the board's `modem: psm:`).
///
/// The driver requests the timers (`AT+CPSMS`) instead of switching PSM off. The delivery uploads in
/// bursts: it wakes the module when ``uploadInterval`` has passed since the last wake, when the store
/// holds ``uploadBacklog`` batches, or when the run ends; it delivers the backlog, ends the MQTT session
/// cleanly (the broker keeps the persistent session) and leaves the module to sleep once its active
/// time has run out. Batches wait in the durable store meanwhile.
public struct ModemPowerSaving: Sendable, Hashable {
    /// The timers requested from the network (T3412 extended, T3324).
    public var timers: PSMSettings
    /// The longest the module sleeps before the gateway wakes it to upload. Default: 15 min.
    public var uploadInterval: Duration = .seconds(900)
    /// Stored batches that wake the module before the interval is up. Default: 64.
    public var uploadBacklog = 64

    /// Power saving with `timers` and the default schedule.
    /// - Parameter timers: the PSM timers to request.
    public init(timers: PSMSettings) { self.timers = timers }
}

extension ModemPowerSaving {
    /// Power saving as the board's `modem: psm:` block describes it.
    /// - Parameter block: the block.
    public init(_ block: ModemPSMDescription) {
        self.init(timers: PSMSettings(periodicUpdate: block.periodicTAU, activeTime: block.activeTime))
        uploadInterval = block.uploadInterval
        uploadBacklog = block.uploadBacklog
    }
}
