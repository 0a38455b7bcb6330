// SensorGate — Modem: PSM and eDRX timers as the 3GPP bit strings AT+CPSMS and AT+CEDRXS take.

/// Encoding of the PSM timers of `AT+CPSMS` (3GPP TS 27.007 §7.38).
///
/// The periodic TAU timer T3412 (extended) is a GPRS Timer 3 (TS 24.008 §10.5.7.4a) and the active
/// time T3324 a GPRS Timer 2 (§10.5.7.4): one octet written as 8 characters `0`/`1`, bits 8–6 the unit
/// and bits 5–1 the value (0–31).
public enum PSMTimer {
    /// The T3412 units, by their 3-bit code (TS 24.008 Table 10.5.163a).
    public static let t3412Units: [(code: UInt8, unit: Duration)] = [
        (0b011, .seconds(2)), (0b100, .seconds(30)), (0b101, .seconds(60)), (0b000, .seconds(600)),
        (0b001, .seconds(3600)), (0b010, .seconds(36_000)), (0b110, .seconds(1_152_000)),
    ]
    /// The T3324 units, by their 3-bit code (TS 24.008 Table 10.5.163: 2 s, 1 min, decihours).
    public static let t3324Units: [(code: UInt8, unit: Duration)] = [
        (0b000, .seconds(2)), (0b001, .seconds(60)), (0b010, .seconds(360)),
    ]

    /// The T3412 octet for `period`: the finest unit whose multiple is the shortest period ≥ `period`.
    /// - Parameter period: the periodic tracking-area-update period; at most 31 × 320 h.
    /// - Returns: 8 characters such as `"00100001"`, or nil when out of range.
    public static func encodeT3412(_ period: Duration) -> String? { encode(period, units: t3412Units) }

    /// The T3324 octet for `activeTime`.
    /// - Parameter activeTime: how long the module listens after a transfer before PSM; at most 31 × 6 min.
    /// - Returns: 8 characters such as `"00100001"`, or nil when out of range.
    public static func encodeT3324(_ activeTime: Duration) -> String? { encode(activeTime, units: t3324Units) }

    /// The duration a T3412 octet stands for; nil for `111` (deactivated) or a malformed string.
    /// - Parameter bits: 8 characters `0`/`1`.
    /// - Returns: the duration.
    public static func decodeT3412(_ bits: String) -> Duration? { decode(bits, units: t3412Units) }

    /// The duration a T3324 octet stands for; nil for `111` (deactivated) or a malformed string.
    /// - Parameter bits: 8 characters `0`/`1`.
    /// - Returns: the duration.
    public static func decodeT3324(_ bits: String) -> Duration? { decode(bits, units: t3324Units) }

    /// The octet that deactivates a timer.
    public static let deactivated = "11100000"

    // MARK: - Helpers

    private static func encode(_ duration: Duration, units: [(code: UInt8, unit: Duration)]) -> String? {
        guard duration >= .zero else { return nil }
        var best: (code: UInt8, value: Int64, total: Duration)?
        for (code, unit) in units {
            let unitNanos = unit.nanoseconds
            let value = (duration.nanoseconds + unitNanos - 1) / unitNanos
            guard value <= 31 else { continue }
            let total = unit * Int(value)
            if best == nil || total < (best?.total ?? .zero) { best = (code, value, total) }
        }
        guard let best else { return nil }
        return bits(UInt8(best.code << 5) | UInt8(best.value))
    }

    private static func decode(_ bits: String, units: [(code: UInt8, unit: Duration)]) -> Duration? {
        guard bits.count == 8, let octet = UInt8(bits, radix: 2) else { return nil }
        guard let unit = units.first(where: { $0.code == octet >> 5 })?.unit else { return nil }
        return unit * Int(octet & 0x1F)
    }

    static func bits(_ value: UInt8, width: Int = 8) -> String {
        String((0..<width).reversed().map { (value >> UInt8($0)) & 1 == 1 ? "1" : "0" })
    }
}

/// Encoding of the eDRX cycle of `AT+CEDRXS` (3GPP TS 27.007 §7.40, values from TS 24.008 Table 10.5.5.32).
public enum EDRXCycle {
    /// The E-UTRAN (WB-S1) cycles in milliseconds, by 4-bit value.
    public static let wideband: [(code: UInt8, milliseconds: Int)] = [
        (0b0000, 5120), (0b0001, 10240), (0b0010, 20480), (0b0011, 40960), (0b0100, 61440), (0b0101, 81920),
        (0b0110, 102_400), (0b0111, 122_880), (0b1000, 143_360), (0b1001, 163_840), (0b1010, 327_680),
        (0b1011, 655_360), (0b1100, 1_310_720), (0b1101, 2_621_440), (0b1110, 5_242_880), (0b1111, 10_485_760),
    ]
    /// The values valid in NB-S1 mode (NB-IoT).
    public static let narrowbandCodes: Set<UInt8> = [
        0b0010, 0b0011, 0b0101, 0b1001, 0b1010, 0b1011, 0b1100, 0b1101, 0b1110, 0b1111,
    ]

    /// The longest valid cycle not longer than `cycle` (the shortest when `cycle` is below all).
    /// - Parameters:
    ///   - cycle: the wanted paging cycle.
    ///   - access: the radio access (NB-IoT allows fewer values).
    /// - Returns: 4 characters such as `"0101"`.
    public static func encode(_ cycle: Duration, access: RadioAccess) -> String {
        let allowed = wideband.filter { access != .nbiot || narrowbandCodes.contains($0.code) }
        let wanted = cycle.nanoseconds / 1_000_000
        let chosen = allowed.last { Int64($0.milliseconds) <= wanted } ?? allowed[0]
        return PSMTimer.bits(chosen.code, width: 4)
    }

    /// The cycle of a 4-character value, or nil when malformed or not valid for `access`.
    /// - Parameters:
    ///   - bits: 4 characters `0`/`1`.
    ///   - access: the radio access.
    /// - Returns: the cycle.
    public static func decode(_ bits: String, access: RadioAccess) -> Duration? {
        guard bits.count == 4, let code = UInt8(bits, radix: 2) else { return nil }
        guard access != .nbiot || narrowbandCodes.contains(code) else { return nil }
        return wideband.first { $0.code == code }.map { .milliseconds($0.milliseconds) }
    }
}
