// SensorGate — HALLinux: a serial port through termios.

import CLinuxIO
import Glibc
import HAL

/// A serial port opened through termios: a UART (`/dev/ttyS1`, `/dev/ttyAMA0`), a USB serial adapter
/// (by its stable `/dev/serial/by-id/…` name), or the terminal end of a pseudo-terminal.
///
/// Opened non-blocking, in raw mode, and (by default) exclusively with `TIOCEXCL`, when the object is
/// made. Reads wait with `poll(2)` up to their timeout. The corresponding C interfaces are `open(2)`,
/// `tcsetattr(3)`, `poll(2)`, `read(2)`, `write(2)`, `tcdrain(3)`, `tcflush(3)` and the `TIOCM*` ioctls.
public final class TermiosSerialPort: RS485Port {
    /// The port's path.
    public let name: String
    /// The settings last applied.
    public private(set) var settings: SerialSettings
    let fd: Int32
    private let configuresTermios: Bool
    /// How long a write waits for room in a full output queue before it fails with `.timeout`.
    public var writeTimeout: Duration = .seconds(5)

    /// Opens and configures a port.
    /// - Parameters:
    ///   - path: the device path.
    ///   - settings: baud rate, framing, flow control. Default: ``SerialSettings/default`` (115200 8N1).
    ///   - exclusive: take the port with `TIOCEXCL` so no other program can open it. Default: true.
    /// - Throws: `HALError` naming the path, with a hint.
    public init(path: String, settings: SerialSettings = .default, exclusive: Bool = true) throws(HALError) {
        switch valueOrErrno({ system_open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC) }) {
        case .success(let value): fd = value
        case .failure(let error): throw .linux(error, device: path, operation: "open", deviceClass: .serial)
        }
        name = path
        self.settings = settings
        configuresTermios = true
        // On failure the instance is already whole, so deinit closes the descriptor (exactly once:
        // closing it here too could close a descriptor another thread has just been given).
        if exclusive {
            let fd = self.fd
            try check("ioctl(TIOCEXCL)", system_call("ioctl(TIOCEXCL)", [Int64(fd)]) { CLinuxIO_tty_exclusive(fd) })
        }
        try configure(settings)
    }

    /// Adopts an open descriptor (a pseudo-terminal's controller end), which the port then owns.
    /// - Parameters:
    ///   - descriptor: the open, non-blocking descriptor.
    ///   - name: the name for messages.
    ///   - configuresTermios: whether ``configure(_:)`` changes the line settings; false for a
    ///     pseudo-terminal's controller end, whose settings belong to the terminal end.
    init(adopting descriptor: Int32, name: String, configuresTermios: Bool) {
        fd = descriptor
        self.name = name
        settings = .default
        self.configuresTermios = configuresTermios
    }

    deinit { _ = system_close(fd) }

    /// Applies line settings in raw mode.
    /// - Parameter settings: the settings.
    /// - Throws: `HALError` with kind `.invalidArgument` for a rate termios cannot set.
    public func configure(_ settings: SerialSettings) throws(HALError) {
        guard configuresTermios else {
            self.settings = settings
            return
        }
        var attributes = termios()
        let fd = self.fd
        try check("tcgetattr", system_call("tcgetattr", [Int64(fd)]) { tcgetattr(fd, &attributes) })
        if let problem = TermiosSettings.apply(settings, to: &attributes) {
            throw HALError(.invalidArgument, device: name, operation: "configure", hint: problem)
        }
        try check(
            "tcsetattr",
            system_call("tcsetattr", [Int64(fd), Int64(settings.baudRate)]) {
                tcsetattr(fd, TCSANOW, &attributes)
            })
        self.settings = settings
    }

    /// Reads what has arrived, waiting up to `timeout` for the first byte.
    /// - Throws: `HALError`; `.disconnected` on hang-up.
    public func read(into buffer: inout [UInt8], timeout: Duration) throws(HALError) -> Int {
        guard !buffer.isEmpty else { return 0 }
        guard try waitUntilReady(Int16(POLLIN), timeout: timeout) else { return 0 }
        let fd = self.fd
        let result = buffer.withUnsafeMutableBytes { bytes in valueOrErrno { system_read(fd, bytes) } }
        switch result {
        case .success(0):
            throw HALError(.disconnected, device: name, operation: "read", hint: "the other end closed the line")
        case .success(let count):
            return count
        case .failure(let error) where error.code == EAGAIN:
            return 0
        case .failure(let error):
            throw .linux(error, device: name, operation: "read", deviceClass: .serial)
        }
    }

    /// Writes every byte, waiting for room while the output queue is full.
    /// - Throws: `HALError`; `.timeout` when no room appears within ``writeTimeout``.
    public func write(_ bytes: [UInt8]) throws(HALError) {
        var offset = 0
        let fd = self.fd
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { all in
                valueOrErrno { system_write(fd, UnsafeRawBufferPointer(rebasing: all[offset...])) }
            }
            switch result {
            case .success(let count):
                offset += count
            case .failure(let error) where error.code == EAGAIN:
                guard try waitUntilReady(Int16(POLLOUT), timeout: writeTimeout) else {
                    throw HALError(
                        .timeout, device: name, operation: "write",
                        hint: "the output queue stayed full: is flow control (CTS) holding the line?")
                }
            case .failure(let error):
                throw .linux(error, device: name, operation: "write", deviceClass: .serial)
            }
        }
    }

    /// Waits until the output queue is empty (`tcdrain(3)`).
    public func drain() throws(HALError) {
        let fd = self.fd
        try check("tcdrain", system_call("tcdrain", [Int64(fd)]) { tcdrain(fd) })
    }

    /// Discards queued bytes (`tcflush(3)`).
    public func flush(_ queue: SerialQueue) throws(HALError) {
        let selector: Int32 =
            switch queue {
            case .input: TCIFLUSH
            case .output: TCOFLUSH
            case .both: TCIOFLUSH
            }
        let fd = self.fd
        try check("tcflush", system_call("tcflush", [Int64(fd), Int64(selector)]) { tcflush(fd, selector) })
    }

    /// Reads the modem control lines (`ioctl(TIOCMGET)`).
    public func modemControlLines() throws(HALError) -> ModemControlLines {
        var bits: Int32 = 0
        let fd = self.fd
        try check(
            "ioctl(TIOCMGET)",
            system_call("ioctl(TIOCMGET)", [Int64(fd)], out: &bits) {
                CLinuxIO_tty_get_modem_lines(fd, &$0)
            })
        return ModemLineBits.lines(fromKernelBits: bits)
    }

    /// Asserts or releases DTR and RTS (`ioctl(TIOCMBIS)` / `ioctl(TIOCMBIC)`).
    public func setModemControlLines(_ lines: ModemControlLines, asserted: Bool) throws(HALError) {
        let bits = ModemLineBits.kernelBits(for: lines.intersection([.dtr, .rts]))
        let fd = self.fd
        let name = asserted ? "ioctl(TIOCMBIS)" : "ioctl(TIOCMBIC)"
        try check(
            name,
            system_call(name, [Int64(fd), Int64(bits)]) {
                asserted ? CLinuxIO_tty_set_modem_lines(fd, bits) : CLinuxIO_tty_clear_modem_lines(fd, bits)
            })
    }

    /// Applies RS-485 direction control (`ioctl(TIOCSRS485)`).
    public func configureRS485(_ rs485: RS485Settings) throws(HALError) {
        var config = serial_rs485()
        config.flags =
            (rs485.enabled ? CLinuxIO_SER_RS485_ENABLED : 0) | (rs485.rtsOnSend ? CLinuxIO_SER_RS485_RTS_ON_SEND : 0)
            | (rs485.rtsAfterSend ? CLinuxIO_SER_RS485_RTS_AFTER_SEND : 0)
        config.delay_rts_before_send = rs485.delayBeforeSendMs
        config.delay_rts_after_send = rs485.delayAfterSendMs
        let fd = self.fd
        try check(
            "ioctl(TIOCSRS485)",
            system_call("ioctl(TIOCSRS485)", [Int64(fd), Int64(config.flags)]) { CLinuxIO_tty_set_rs485(fd, &config) })
    }

    /// Waits with poll(2) until the descriptor is ready for `events`; false when the time ran out.
    private func waitUntilReady(_ events: Int16, timeout: Duration) throws(HALError) -> Bool {
        let milliseconds = Int32(clamping: (timeout.nanoseconds + 999_999) / 1_000_000)
        var revents: Int16 = 0
        let fd = self.fd
        switch valueOrErrno({ system_poll(fd, events, max(0, milliseconds), revents: &revents) }) {
        case .success(0):
            return false
        case .success:
            if revents & Int16(POLLNVAL) != 0 {
                throw HALError(.disconnected, device: name, operation: "poll", hint: "the descriptor is not open")
            }
            if revents & events == 0 && revents & Int16(POLLHUP | POLLERR) != 0 {
                throw HALError(.disconnected, device: name, operation: "poll", hint: "the other end hung up")
            }
            return true
        case .failure(let error):
            throw .linux(error, device: name, operation: "poll", deviceClass: .serial)
        }
    }

    private func check(_ operation: String, _ result: Int32) throws(HALError) {
        guard result < 0 else { return }
        throw .linux(Errno(Glibc.errno), device: name, operation: operation, deviceClass: .serial)
    }
}
