// SensorGate — Operations: systemd's notify protocol (sd_notify(3)) over its datagram socket.

import Foundation

/// Tells systemd the service is ready, alive (watchdog) and stopping, over the Unix datagram socket
/// systemd names in `NOTIFY_SOCKET` (sd_notify(3); a leading `@` is the abstract namespace). A unit
/// with `Type=notify` waits for `READY=1`; with `WatchdogSec=` it restarts the service unless
/// `WATCHDOG=1` comes at least that often (`WATCHDOG_USEC`).
public final class SystemdNotifier: Sendable {
    /// The socket path as systemd gave it.
    public let socketPath: String
    /// The watchdog interval systemd asks for (`WATCHDOG_USEC`, when `WATCHDOG_PID` is unset or ours).
    public let watchdogInterval: Duration?
    private let fd: Int32

    /// The notifier for this process, or nil when systemd did not start it with a notify socket.
    /// - Parameter environment: the process environment (injected in tests).
    public convenience init?(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let path = environment["NOTIFY_SOCKET"], !path.isEmpty else { return nil }
        var interval: Duration?
        if let text = environment["WATCHDOG_USEC"], let micros = Int64(text), micros > 0,
            environment["WATCHDOG_PID"].map({ $0 == String(getpid()) }) ?? true
        {
            interval = .microseconds(micros)
        }
        self.init(socketPath: path, watchdogInterval: interval)
    }

    /// A notifier for `socketPath`.
    public init?(socketPath: String, watchdogInterval: Duration?) {
        guard socketPath.hasPrefix("/") || socketPath.hasPrefix("@") else { return nil }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        self.fd = fd
        self.socketPath = socketPath
        self.watchdogInterval = watchdogInterval
    }

    deinit { close(fd) }

    /// Sends newline-separated `KEY=value` assignments; returns whether systemd's socket took them.
    @discardableResult
    public func notify(_ assignments: [String]) -> Bool {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socketPath.utf8)
        if path.first == UInt8(ascii: "@") { path[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count + (path.first == 0 ? 0 : 1))
        let message = Array(assignments.joined(separator: "\n").utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                message.withUnsafeBytes {
                    sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), socketAddress, length)
                }
            }
        }
        return sent == message.count
    }

    /// `READY=1` with a status line.
    @discardableResult
    public func ready(status: String) -> Bool { notify(["READY=1", "STATUS=" + status]) }

    /// `WATCHDOG=1`.
    @discardableResult
    public func alive() -> Bool { notify(["WATCHDOG=1"]) }

    /// `STOPPING=1` with a status line.
    @discardableResult
    public func stopping(status: String) -> Bool { notify(["STOPPING=1", "STATUS=" + status]) }
}
