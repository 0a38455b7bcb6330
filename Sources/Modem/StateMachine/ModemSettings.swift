// SensorGate — Modem: the settings of the modem state machine.

/// Settings of a ``ModemDriver``; every field has a documented default.
public struct ModemSettings: Sendable {
    /// The access point name. Default: `internet`.
    public var apn = "internet"
    /// The SIM PIN, or nil when the SIM has none. Default: nil.
    public var pin: String?
    /// How long one registration attempt may take before recovery steps in. Default: 180 s.
    public var registrationTimeout: Duration = .seconds(180)
    /// The first interval between registration queries; it doubles up to ``registrationPollMax``. Default: 1 s.
    public var registrationPoll: Duration = .seconds(1)
    /// The longest interval between registration queries. Default: 16 s.
    public var registrationPollMax: Duration = .seconds(16)
    /// The first back-off after a failed bring-up; it doubles per escalation. Default: 2 s.
    public var backoffInitial: Duration = .seconds(2)
    /// The longest back-off. Default: 120 s.
    public var backoffMax: Duration = .seconds(120)
    /// `AT` probes before the modem counts as silent (a slow boot loses the first). Default: 8.
    public var syncAttempts = 8
    /// Recovery steps one bring-up may take before it gives up. Default: 8.
    public var maxRecoverySteps = 8
    /// Retries of a send the modem refused with a full buffer or a missing prompt. Default: 4.
    public var sendRetries = 4
    /// The wait before retrying a send refused with a full buffer. Default: 1 s.
    public var sendRetryDelay: Duration = .seconds(1)
    /// How long a registration loss may last before the driver steps in. Default: 60 s.
    public var registrationLossGrace: Duration = .seconds(60)
    /// PSM timers to request, or nil to switch PSM off. Default: nil.
    public var psm: PSMSettings?
    /// The eDRX cycle to request, or nil to leave eDRX alone. Default: nil.
    public var edrxCycle: Duration?

    /// The defaults listed on each property.
    public static let `default` = ModemSettings()

    /// Creates settings with the defaults; change fields as needed.
    public init() {}
}
