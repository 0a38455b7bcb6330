// SensorGate — HAL: a watchdog timer that resets the gateway unless it is kicked in time.

/// A watchdog: once armed, the system is reset unless ``kick()`` comes within ``timeout``.
///
/// The gateway kicks it only while the sampler and the uplink stage both make progress
/// (Operations' `WatchdogKeeper`), so a hung thread resets the machine instead of leaving it silent.
public protocol Watchdog: AnyObject {
    /// The device, for messages (`/dev/watchdog`, `sim:watchdog`).
    var name: String { get }
    /// The timeout the device actually uses (drivers round what was asked for).
    var timeout: Duration { get }
    /// Restarts the countdown.
    /// - Throws: `HALError` when the device refuses.
    func kick() throws(HALError)
    /// Disarms on a clean shutdown, where the driver allows it (magic close); otherwise the countdown
    /// goes on and the caller must keep kicking or be reset.
    /// - Returns: whether the watchdog is disarmed.
    func disarm() -> Bool
}
