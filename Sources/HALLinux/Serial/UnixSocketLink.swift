// SensorGate — HALLinux: a Unix stream socket as a serial link (a virtual machine's UART on the host).

import Glibc
import HAL

/// The host end of an emulated UART: QEMU's `-chardev socket,path=PATH,server=on` carries the guest's
/// serial port over a Unix stream socket, and a simulator connects to it here.
///
/// The result is a ``TermiosSerialPort`` over the connected socket: reads and writes carry the UART's
/// bytes; it has no line settings (``TermiosSerialPort/configure(_:)`` only records them) and no modem
/// control lines (those calls fail with `.unsupported`). The corresponding C functions are `socket(2)`
/// and `connect(2)`.
public enum UnixSocketLink {
    /// Connects to the Unix stream socket at `path`.
    /// - Parameter path: the socket's path (at most 107 bytes).
    /// - Returns: the link, as a serial port that owns the socket.
    /// - Throws: `HALError` naming the path: `.notFound` when nothing is there, `.invalidArgument` for a
    ///   path too long for a socket address, and the connect error otherwise.
    public static func connect(path: String) throws(HALError) -> TermiosSerialPort {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !bytes.isEmpty, bytes.count < capacity else {
            throw HALError(
                .invalidArgument, device: path, operation: "connect",
                hint: "a Unix socket path has 1 to \(capacity - 1) bytes; use a shorter folder")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let fd = system_call("socket", []) {
            socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        guard fd >= 0 else {
            throw .linux(Errno(Glibc.errno), device: path, operation: "socket", deviceClass: .serial)
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.size)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                system_call("connect", [Int64(fd)]) { Glibc.connect(fd, socketAddress, length) }
            }
        }
        let flags = connected == 0 ? fcntl(fd, F_GETFL) : -1
        guard connected == 0, flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 else {
            let error = Errno(Glibc.errno)
            _ = system_close(fd)
            throw .linux(error, device: path, operation: "connect", deviceClass: .serial)
        }
        return TermiosSerialPort(adopting: fd, name: path, configuresTermios: false)
    }
}
