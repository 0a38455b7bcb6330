// SensorGate — Drivers: the SHT3x command set: 16-bit commands, sent most significant byte first.

/// One SHT3x command (SHT3x-DIS datasheet §4.3–4.11): a 16-bit code sent MSB first after the write
/// header. The chip has no registers; everything is a command.
public struct SHT3xCommand: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The 16-bit code.
    public let rawValue: UInt16

    /// Creates a command from its code.
    /// - Parameter rawValue: the 16-bit code.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The two bytes on the wire, MSB first.
    public var bytes: [UInt8] { [UInt8(rawValue >> 8), UInt8(truncatingIfNeeded: rawValue)] }

    /// The command as `0x2400`.
    public var description: String {
        let digits = Array("0123456789abcdef")
        return "0x" + [12, 8, 4, 0].map { String(digits[Int((rawValue >> UInt16($0)) & 0xF)]) }.joined()
    }

    // MARK: - Commands without a parameter

    /// Fetch Data (§4.6, table 11): makes the last periodic result readable; the data memory is
    /// cleared by it, and a read header with no data behind it is not acknowledged.
    public static let fetchData = SHT3xCommand(rawValue: 0xE000)
    /// Periodic measurement with ART, accelerated response time, at 4 Hz (§4.7, table 12).
    public static let periodicART = SHT3xCommand(rawValue: 0x2B32)
    /// Break (§4.8): stops periodic acquisition and returns to single-shot mode.
    public static let breakCommand = SHT3xCommand(rawValue: 0x3093)
    /// Soft reset (§4.9): reloads calibration data and resets the chip's state.
    public static let softReset = SHT3xCommand(rawValue: 0x30A2)
    /// Heater enable (§4.10).
    public static let heaterEnable = SHT3xCommand(rawValue: 0x306D)
    /// Heater disable (§4.10); the state after reset.
    public static let heaterDisable = SHT3xCommand(rawValue: 0x3066)
    /// Read out of the status register (§4.11): a word and its CRC.
    public static let readStatus = SHT3xCommand(rawValue: 0xF32D)
    /// Clear status register (§4.11): clears the alert and reset-detected flags.
    public static let clearStatus = SHT3xCommand(rawValue: 0x3041)

    // MARK: - Measurement commands

    /// The single-shot measurement command (§4.3, table 9): 0x2C06/0x2C0D/0x2C10 with clock
    /// stretching, 0x2400/0x240B/0x2416 without, for high/medium/low repeatability.
    /// - Parameters:
    ///   - repeatability: the repeatability.
    ///   - clockStretching: whether the chip holds SCL low until the result is ready.
    /// - Returns: the command.
    public static func singleShot(_ repeatability: SHT3xRepeatability, clockStretching: Bool) -> SHT3xCommand {
        let code: UInt16 =
            switch (repeatability, clockStretching) {
            case (.high, true): 0x2C06
            case (.medium, true): 0x2C0D
            case (.low, true): 0x2C10
            case (.high, false): 0x2400
            case (.medium, false): 0x240B
            case (.low, false): 0x2416
            }
        return SHT3xCommand(rawValue: code)
    }

    /// The periodic measurement command (§4.5, table 10), MSB by rate, LSB by repeatability.
    /// - Parameters:
    ///   - rate: measurements per second.
    ///   - repeatability: the repeatability.
    /// - Returns: the command.
    public static func periodic(_ rate: SHT3xPeriodicRate, _ repeatability: SHT3xRepeatability) -> SHT3xCommand {
        let low: [SHT3xRepeatability: UInt8] =
            switch rate {
            case .mps0_5: [.high: 0x32, .medium: 0x24, .low: 0x2F]
            case .mps1: [.high: 0x30, .medium: 0x26, .low: 0x2D]
            case .mps2: [.high: 0x36, .medium: 0x20, .low: 0x2B]
            case .mps4: [.high: 0x34, .medium: 0x22, .low: 0x29]
            case .mps10: [.high: 0x37, .medium: 0x21, .low: 0x2A]
            }
        return SHT3xCommand(rawValue: UInt16(rate.commandMSB) << 8 | UInt16(low[repeatability] ?? 0))
    }

    /// What a measurement command asks for, or nil for any other command.
    public var measurement: (repeatability: SHT3xRepeatability, mode: SHT3xMeasurementKind)? {
        for repeatability in SHT3xRepeatability.allCases {
            for stretching in [true, false] where self == .singleShot(repeatability, clockStretching: stretching) {
                return (repeatability, .singleShot(clockStretching: stretching))
            }
            for rate in SHT3xPeriodicRate.allCases where self == .periodic(rate, repeatability) {
                return (repeatability, .periodic(rate))
            }
        }
        if self == .periodicART { return (.high, .periodic(.mps4)) }
        return nil
    }
}

/// What a measurement command starts.
public enum SHT3xMeasurementKind: Sendable, Hashable {
    /// One measurement; the result is read once.
    case singleShot(clockStretching: Bool)
    /// Measurements at a fixed rate until Break; each result is fetched.
    case periodic(SHT3xPeriodicRate)
}
