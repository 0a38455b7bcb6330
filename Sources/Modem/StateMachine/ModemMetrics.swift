// SensorGate — Modem: counters of what the state machine did, for metrics and reports.

/// What a ``ModemDriver`` has counted since it was made.
public struct ModemMetrics: Sendable, Hashable, Codable {
    /// Recovery by resynchronising (`AT` probes, a PSM wake-up pulse where PSM is on).
    public var retries = 0
    /// Recovery by detaching and re-attaching packet service.
    public var reattaches = 0
    /// Recovery by `AT+CFUN=0` and `AT+CFUN=1`.
    public var functionalityCycles = 0
    /// Recovery by the reset line (or `AT+CFUN=1,1` without one).
    public var resets = 0
    /// Recovery by a power cycle (supply switch or PWRKEY off and on).
    public var powerCycles = 0
    /// Boot lines in mid-session: the module rebooted by itself.
    public var unexpectedReboots = 0
    /// Registration reported lost while online.
    public var registrationLosses = 0
    /// Data context lost (`pdpdeact`, `+APP PDP: 0,DEACTIVE`, `+CIPEVENT`).
    public var contextLosses = 0
    /// Serial port errors (the port vanished or failed) and reopenings.
    public var linkFailures = 0
    /// Commands that got no answer in time.
    public var commandTimeouts = 0
    /// Sends refused with a full buffer (`SEND FAIL`).
    public var sendBufferFull = 0
    /// Sends whose prompt never came.
    public var missingPrompts = 0
    /// Sends whose payload went out but whose result never came (each closed its socket).
    public var unconfirmedSends = 0
    /// Entries into PSM.
    public var psmEntries = 0
    /// Wake-ups from PSM.
    public var psmWakeUps = 0
    /// Lines that were not text, or no one's.
    public var noise = 0
    /// Payload bytes the modem accepted.
    public var bytesSent = 0
    /// Payload bytes read from the modem.
    public var bytesReceived = 0

    /// Every recovery step taken.
    public var recoveries: Int { retries + reattaches + functionalityCycles + resets + powerCycles }

    /// Creates zeroed counters.
    public init() {}
}
