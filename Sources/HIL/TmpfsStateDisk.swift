// SensorGate — HIL: the gateway's state folder on a tmpfs of its own, so that `disk-full` fills a real
// file system.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How a scenario's `disk-full` windows reach the store (docs/hil.md).
public enum DiskFullMethod: String, Sendable {
    /// The state folder is a tmpfs of its own, shrunk to what it holds for each window: the kernel
    /// refuses the store's next growth (ENOSPC), and SQLite reports `SQLITE_FULL`.
    case tmpfs
    /// The sealer refuses each append inside a window, as the store would on ENOSPC (no mount possible).
    case hook
}

/// A tmpfs mounted on a folder, whose size the run sets: room (``roomKiB``) outside `disk-full` windows,
/// exactly what it holds inside them. Remounting keeps the gateway's open files open.
final class TmpfsStateDisk: Sendable {
    /// The mount point (the gateway's state folder).
    let path: String
    /// The size with room, KiB (256 MiB; a tmpfs takes memory only for what is written).
    static let roomKiB = 262_144

    /// Mounts a tmpfs with room on `path` (an empty folder).
    /// - Throws: `HILError` (`.run`) with the system's reason (EPERM when not root).
    init(path: String) throws(HILError) {
        self.path = path
        try Self.mount(path, remount: false, options: "size=\(Self.roomKiB)k,mode=0700", doing: "mount a tmpfs on")
    }

    /// Shrinks the file system to what it holds (at least one page): its next growth gets ENOSPC.
    /// - Throws: `HILError` (`.run`) when the remount fails.
    func fill() throws(HILError) {
        let used = max(usedBytes, 4096)
        try Self.mount(path, remount: true, options: "size=\((used + 1023) / 1024)k", doing: "shrink the tmpfs on")
    }

    /// Gives the file system room again.
    /// - Throws: `HILError` (`.run`) when the remount fails.
    func free() throws(HILError) {
        try Self.mount(path, remount: true, options: "size=\(Self.roomKiB)k", doing: "grow the tmpfs on")
    }

    /// Bytes the file system holds (its used blocks).
    var usedBytes: Int {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return 0 }
        return Int(stats.f_blocks - stats.f_bfree) * Int(stats.f_frsize)
    }

    /// Free bytes.
    var freeBytes: Int {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return -1 }
        return Int(stats.f_bavail) * Int(stats.f_frsize)
    }

    /// Detaches the file system (lazily: files still open go with it) and removes the folder.
    func unmount() {
        _ = umount2(path, Int32(MNT_DETACH))
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func mount(_ path: String, remount: Bool, options: String, doing: String) throws(HILError) {
        let flags = remount ? UInt(MS_REMOUNT) : 0
        guard Glibc.mount("tmpfs", path, "tmpfs", flags, options) == 0 else {
            let reason = String(cString: strerror(errno))
            throw HILError(.run, "\(path): cannot \(doing) the state folder: \(reason)")
        }
    }

    /// Whether this process may mount file systems: CAP_SYS_ADMIN in its effective set
    /// (`/proc/self/status`, `CapEff`), which root has.
    static var processCanMount: Bool {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("CapEff:") }),
            let mask = UInt64(line.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return getuid() == 0 }
        let capSysAdmin: UInt64 = 21
        return mask & (1 << capSysAdmin) != 0
    }
}
