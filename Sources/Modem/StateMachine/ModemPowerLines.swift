// SensorGate — Modem: the GPIO lines that switch, reset and wake a module.

import HAL

/// A control line of a module, by its key in a board file's `modem: lines:`.
public enum ModemLineRole: String, Sendable, Hashable, CaseIterable, Comparable {
    /// PWRKEY (`pwrkey`).
    case powerKey = "pwrkey"
    /// RESET_N (`reset`).
    case reset
    /// The separate PSM wake-up line, BC66 PSM_EINT (`wake`).
    case wake
    /// The supply switch (`supply`).
    case supply

    /// Orders roles as they are listed.
    public static func < (lhs: ModemLineRole, rhs: ModemLineRole) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// The control lines of a module, as logical levels: `set(true)` presses the key or asserts the reset
/// (boards wire PWRKEY and RESET_N through an open-collector transistor and request them accordingly).
public struct ModemPowerLines {
    /// PWRKEY: pulsed to switch the module on or off (and, on most LPWA modules, to wake it from PSM).
    public var powerKey: (any GPIOOutputLine)?
    /// RESET_N, or nil when the module has none or it is not wired.
    public var reset: (any GPIOOutputLine)?
    /// The supply switch (active = powered), for a hard power cycle, or nil.
    public var supply: (any GPIOOutputLine)?
    /// A separate PSM wake-up line (Quectel BC66 PSM_EINT), or nil to use PWRKEY.
    public var wake: (any GPIOOutputLine)?

    /// Creates the set of lines.
    /// - Parameters:
    ///   - powerKey: PWRKEY. Default: none.
    ///   - reset: RESET_N. Default: none.
    ///   - supply: the supply switch. Default: none.
    ///   - wake: a PSM wake-up line. Default: none.
    public init(
        powerKey: (any GPIOOutputLine)? = nil, reset: (any GPIOOutputLine)? = nil,
        supply: (any GPIOOutputLine)? = nil, wake: (any GPIOOutputLine)? = nil
    ) {
        self.powerKey = powerKey
        self.reset = reset
        self.supply = supply
        self.wake = wake
    }
}
