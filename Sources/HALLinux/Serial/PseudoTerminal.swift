// SensorGate — HALLinux: a kernel pseudo-terminal pair.

import CLinuxIO
import Glibc
import HAL

/// A kernel pseudo-terminal: a controller end held by a simulator (the modem simulator) and a
/// terminal end (`/dev/pts/N`) that the gateway opens by path as if it were a UART.
///
/// Because the terminal end is a real tty, the gateway's serial code (``TermiosSerialPort``) runs
/// unchanged, raw mode and all. The corresponding C functions are `posix_openpt(3)`, `grantpt(3)`,
/// `unlockpt(3)` and `ptsname_r(3)`.
public final class PseudoTerminal {
    /// The controller end, as a serial port (its line settings belong to the terminal end).
    public let controller: TermiosSerialPort
    /// The terminal end's path, for the gateway to open.
    public let terminalPath: String
    private var keeper: Int32 = -1

    /// Creates a pseudo-terminal pair.
    /// - Parameter keepTerminalOpen: hold the terminal end open internally, so that the controller does
    ///   not see a hang-up (EIO) while no one else has it open. Default: true.
    /// - Throws: `HALError` when the system has no free pseudo-terminals.
    public init(keepTerminalOpen: Bool = true) throws(HALError) {
        let device = "/dev/ptmx"
        let fd: Int32
        switch valueOrErrno({
            system_call("posix_openpt", []) { CLinuxIO_posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC) }
        }) {
        case .success(let value): fd = value
        case .failure(let error): throw .linux(error, device: device, operation: "posix_openpt", deviceClass: .serial)
        }
        var path = [CChar](repeating: 0, count: 128)
        let prepared =
            system_call("grantpt", [Int64(fd)]) { CLinuxIO_grantpt(fd) } == 0
            && system_call("unlockpt", [Int64(fd)]) { CLinuxIO_unlockpt(fd) } == 0
            && system_call("ptsname_r", [Int64(fd)]) { CLinuxIO_ptsname_r(fd, &path, path.count) } == 0
        let flags = prepared ? fcntl(fd, F_GETFL) : -1
        guard prepared, flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 else {
            let error = Errno(Glibc.errno)
            _ = system_close(fd)
            throw .linux(error, device: device, operation: "prepare pseudo-terminal", deviceClass: .serial)
        }
        terminalPath = String(decoding: path.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        controller = TermiosSerialPort(adopting: fd, name: "\(device) (\(terminalPath))", configuresTermios: false)
        if keepTerminalOpen {
            keeper = system_open(terminalPath, O_RDWR | O_NOCTTY | O_CLOEXEC)
            if keeper >= 0 { try makeRaw(keeper) }
        }
    }

    deinit { if keeper >= 0 { _ = system_close(keeper) } }

    /// Puts the terminal end in raw mode, so bytes pass unchanged until the gateway configures it.
    private func makeRaw(_ fd: Int32) throws(HALError) {
        var attributes = termios()
        guard tcgetattr(fd, &attributes) == 0 else { return }
        _ = TermiosSettings.apply(.default, to: &attributes)
        if tcsetattr(fd, TCSANOW, &attributes) != 0 {
            throw .linux(Errno(Glibc.errno), device: terminalPath, operation: "tcsetattr", deviceClass: .serial)
        }
    }
}
