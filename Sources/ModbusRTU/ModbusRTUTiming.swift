// SensorGate — ModbusRTU: the serial line's character times (Modbus over Serial Line V1.02, §2.5.1.1).

import HAL

/// Inter-character and inter-frame silences of a line.
public struct ModbusRTUTiming: Sendable, Hashable {
    /// One character on the wire: start bit, 8 data bits, parity or a second stop bit, stop bit (11 bits;
    /// 10 with no parity and one stop bit).
    public let characterTime: Duration
    /// 1.5 characters: a longer gap inside a frame breaks it (750 µs above 19 200 baud).
    public let t15: Duration
    /// 3.5 characters: the silence that delimits frames (1.75 ms above 19 200 baud).
    public private(set) var t35: Duration

    /// The timing of a line.
    /// - Parameters:
    ///   - settings: the port's settings.
    ///   - frameSilence: a longer inter-frame silence than the specification's, for devices that need one
    ///     (nil, the default: 3.5 characters, or 1.75 ms above 19 200 baud).
    public init(settings: SerialSettings, frameSilence: Duration? = nil) {
        let bits = 1 + settings.dataBits + (settings.parity == .none ? 0 : 1) + (settings.stopBits == .one ? 1 : 2)
        let baud = max(settings.baudRate, 1)
        characterTime = .nanoseconds(Int64(bits) * 1_000_000_000 / Int64(baud))
        if baud > 19_200 {
            t15 = .microseconds(750)
            t35 = .microseconds(1750)
        } else {
            t15 = characterTime * 3 / 2
            t35 = characterTime * 7 / 2
        }
        if let frameSilence, frameSilence > t35 { t35 = frameSilence }
    }

    /// How long `count` characters take on the wire.
    /// - Parameter count: characters.
    /// - Returns: the time.
    public func transmission(of count: Int) -> Duration { characterTime * count }
}
