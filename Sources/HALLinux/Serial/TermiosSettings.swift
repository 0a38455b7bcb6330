// SensorGate — HALLinux: SerialSettings to and from termios.

import CLinuxIO
import Glibc
import HAL

/// Translates ``SerialSettings`` into a raw-mode `termios`.
enum TermiosSettings {
    /// The standard rates termios can set, bits per second to the `B*` constant.
    static let baudConstants: [Int: speed_t] = [
        1200: speed_t(B1200), 2400: speed_t(B2400), 4800: speed_t(B4800), 9600: speed_t(B9600),
        19_200: speed_t(B19200), 38_400: speed_t(B38400), 57_600: speed_t(B57600), 115_200: speed_t(B115200),
        230_400: speed_t(B230400), 460_800: speed_t(B460800), 921_600: speed_t(B921600),
        1_000_000: speed_t(B1000000), 1_500_000: speed_t(B1500000), 2_000_000: speed_t(B2000000),
        3_000_000: speed_t(B3000000), 4_000_000: speed_t(B4000000),
    ]

    /// Applies `settings` to `attributes` in raw mode: no echo, no line editing, no CR/LF translation,
    /// no signals, reads that return what has arrived (VMIN 0, VTIME 0).
    /// - Returns: nil when the settings are valid, or a hint saying what is wrong.
    static func apply(_ settings: SerialSettings, to attributes: inout termios) -> String? {
        guard let speed = baudConstants[settings.baudRate] else {
            let rates = baudConstants.keys.sorted().map(String.init).joined(separator: ", ")
            return "unsupported baud rate \(settings.baudRate); use one of \(rates)"
        }
        guard (5...8).contains(settings.dataBits) else { return "data bits must be 5 to 8" }
        cfmakeraw(&attributes)
        cfsetispeed(&attributes, speed)
        cfsetospeed(&attributes, speed)
        attributes.c_cflag &= ~tcflag_t(CSIZE | PARENB | PARODD | CSTOPB)
        attributes.c_cflag &= ~tcflag_t(CLinuxIO_CRTSCTS)
        attributes.c_iflag &= ~tcflag_t(IXON | IXOFF | IXANY)
        let sizes: [Int: Int32] = [5: CS5, 6: CS6, 7: CS7, 8: CS8]
        attributes.c_cflag |= tcflag_t(sizes[settings.dataBits] ?? CS8) | tcflag_t(CLOCAL | CREAD)
        switch settings.parity {
        case .none: break
        case .even: attributes.c_cflag |= tcflag_t(PARENB)
        case .odd: attributes.c_cflag |= tcflag_t(PARENB | PARODD)
        }
        if settings.stopBits == .two { attributes.c_cflag |= tcflag_t(CSTOPB) }
        switch settings.flowControl {
        case .none: break
        case .hardware: attributes.c_cflag |= tcflag_t(CLinuxIO_CRTSCTS)
        case .software: attributes.c_iflag |= tcflag_t(IXON | IXOFF)
        }
        withUnsafeMutableBytes(of: &attributes.c_cc) { controlCharacters in
            controlCharacters[Int(VMIN)] = 0
            controlCharacters[Int(VTIME)] = 0
        }
        return nil
    }
}
