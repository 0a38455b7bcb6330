// SensorGate — Modem: registration and signal reports, parsed.

/// `<stat>` of `+CREG`, `+CGREG` and `+CEREG` (3GPP TS 27.007 §7.2, §10.1.20, §10.1.22).
public enum RegistrationStatus: Int, Sendable, Hashable {
    /// 0: not registered, not searching.
    case notRegistered = 0
    /// 1: registered, home network.
    case home = 1
    /// 2: not registered, searching.
    case searching = 2
    /// 3: registration denied.
    case denied = 3
    /// 4: unknown (out of coverage).
    case unknown = 4
    /// 5: registered, roaming.
    case roaming = 5

    /// Whether the module is registered (home or roaming).
    public var isRegistered: Bool { self == .home || self == .roaming }
}

/// One registration report.
public struct RegistrationReport: Sendable, Hashable {
    /// Which registration.
    public var kind: RegistrationKind
    /// Its status.
    public var status: RegistrationStatus

    /// Creates a report.
    /// - Parameters:
    ///   - kind: which registration.
    ///   - status: its status.
    public init(kind: RegistrationKind, status: RegistrationStatus) {
        self.kind = kind
        self.status = status
    }

    /// Parses the URC form `+CEREG: <stat>[,…]` (`isResponse` false) or the query answer
    /// `+CEREG: <n>,<stat>[,…]` (`isResponse` true).
    /// - Parameters:
    ///   - line: the line.
    ///   - isResponse: whether it answers `AT+CEREG?`.
    /// - Returns: the report, or nil when the line is not one.
    public static func parse(_ line: String, isResponse: Bool) -> RegistrationReport? {
        for kind in RegistrationKind.allCases {
            let fields = ATText.fields(of: line, after: "+\(kind.rawValue):")
            let index = isResponse ? 1 : 0
            guard fields.count > index, let raw = Int(fields[index]) else { continue }
            return RegistrationReport(kind: kind, status: RegistrationStatus(rawValue: raw) ?? .unknown)
        }
        return nil
    }
}

/// Signal quality, from `AT+CSQ` and the extended reports.
public struct SignalQuality: Sendable, Hashable, Codable {
    /// Received signal strength in dBm, or nil when unknown.
    public var rssiDBm: Int?
    /// LTE reference signal received power in dBm, or nil.
    public var rsrpDBm: Int?
    /// LTE reference signal received quality in dB, or nil.
    public var rsrqDB: Double?

    /// Creates a report.
    /// - Parameters:
    ///   - rssiDBm: RSSI in dBm.
    ///   - rsrpDBm: RSRP in dBm.
    ///   - rsrqDB: RSRQ in dB.
    public init(rssiDBm: Int? = nil, rsrpDBm: Int? = nil, rsrqDB: Double? = nil) {
        self.rssiDBm = rssiDBm
        self.rsrpDBm = rsrpDBm
        self.rsrqDB = rsrqDB
    }

    /// The figures known, as `RSSI -73 dBm, RSRP -96 dBm, RSRQ -10.0 dB`; empty when none is.
    public var summary: String {
        var parts: [String] = []
        if let rssiDBm { parts.append("RSSI \(rssiDBm) dBm") }
        if let rsrpDBm { parts.append("RSRP \(rsrpDBm) dBm") }
        if let rsrqDB {
            let tenths = Int((rsrqDB * 10).rounded())
            parts.append("RSRQ \(tenths < 0 ? "-" : "")\(abs(tenths) / 10).\(abs(tenths) % 10) dB")
        }
        return parts.joined(separator: ", ")
    }

    /// `+CSQ: <rssi>,<ber>`: 0 → −113 dBm, 31 → −51 dBm in 2 dB steps, 99 unknown (TS 27.007 §8.5).
    /// - Parameter line: the line.
    /// - Returns: the report, or nil.
    public static func csq(_ line: String) -> SignalQuality? {
        let fields = ATText.fields(of: line, after: "+CSQ:")
        guard let index = fields.first.flatMap({ Int($0) }) else { return nil }
        return SignalQuality(rssiDBm: (0...31).contains(index) ? -113 + 2 * index : nil)
    }

    /// `+CESQ: <rxlev>,<ber>,<rscp>,<ecno>,<rsrq>,<rsrp>` (TS 27.007 §8.69): RSRQ index 0–34 →
    /// −20 + index/2 dB, RSRP index 0–97 → −141 + index dBm; 255 unknown.
    /// - Parameter line: the line.
    /// - Returns: the report, or nil.
    public static func cesq(_ line: String) -> SignalQuality? {
        let fields = ATText.fields(of: line, after: "+CESQ:").map { Int($0) }
        guard fields.count == 6, let rsrq = fields[4], let rsrp = fields[5] else { return nil }
        return SignalQuality(
            rsrpDBm: (0...97).contains(rsrp) ? -141 + rsrp : nil,
            rsrqDB: (0...34).contains(rsrq) ? -20 + Double(rsrq) / 2 : nil)
    }

    /// Quectel `+QCSQ: "<sysmode>",<rssi>,<rsrp>,<sinr>,<rsrq>` (dBm and dB as given; `"NOSERVICE"` has none).
    /// - Parameter line: the line.
    /// - Returns: the report, or nil.
    public static func qcsq(_ line: String) -> SignalQuality? {
        let fields = ATText.fields(of: line, after: "+QCSQ:")
        guard let mode = fields.first else { return nil }
        guard mode != "NOSERVICE", fields.count >= 5 else { return SignalQuality() }
        return SignalQuality(rssiDBm: Int(fields[1]), rsrpDBm: Int(fields[2]), rsrqDB: Double(fields[4]))
    }
}
