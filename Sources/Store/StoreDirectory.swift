// SensorGate — Store: the state folder: created, probed for writing, and the corrupt store moved aside.

import Foundation

/// File operations on the store's folder.
enum StoreDirectory {
    /// The database and its WAL and shared-memory files.
    static func files(_ database: String) -> [String] { [database, database + "-wal", database + "-shm"] }

    /// Creates `directory` (mode 0700, with its parents) when missing.
    static func ensure(_ directory: String) throws(StoreError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw StoreError(.io, path: directory, detail: "not a folder", hint: "give a folder as --state-dir")
            }
            return
        }
        var path = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            path += "/" + component
            if mkdir(path, 0o700) != 0, errno != EEXIST {
                throw StoreError.fromErrno(errno, path: path, doing: "cannot create the folder")
            }
        }
    }

    /// Fails with `.readOnly` when a file cannot be created in `directory` (EACCES, EROFS), checked by creating
    /// and removing one: the honest test, since `access(2)` answers for the real user ID, not the one used.
    static func probeWritable(_ directory: String) throws(StoreError) {
        let probe = directory + "/.store-probe-\(getpid())"
        var fd = open(probe, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if fd < 0, errno == EEXIST {
            // Left by a process of the same ID that died: remove it and try once more.
            unlink(probe)
            fd = open(probe, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        }
        if fd < 0 {
            throw StoreError.fromErrno(errno, path: directory, doing: "cannot create a file in the state folder")
        }
        close(fd)
        unlink(probe)
    }

    /// Moves the database and its WAL and shared-memory files into a new folder `store.corrupt-<UTC time>`
    /// beside them, and returns that folder's path.
    static func moveAside(database: String, directory: String, nowMicros: Int64) throws(StoreError) -> String {
        let stamp = utcStamp(micros: nowMicros)
        var target = directory + "/store.corrupt-" + stamp
        var suffix = 1
        while FileManager.default.fileExists(atPath: target) {
            target = directory + "/store.corrupt-\(stamp)-\(suffix)"
            suffix += 1
        }
        if mkdir(target, 0o700) != 0 {
            throw StoreError.fromErrno(errno, path: target, doing: "cannot create the folder for the damaged store")
        }
        for file in files(database) where FileManager.default.fileExists(atPath: file) {
            let name = (file as NSString).lastPathComponent
            if rename(file, target + "/" + name) != 0 {
                throw StoreError.fromErrno(errno, path: file, doing: "cannot move the damaged store aside")
            }
        }
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
        return target
    }

    /// `YYYYMMDDTHHMMSSZ` for `micros` since 1970 (UTC).
    static func utcStamp(micros: Int64) -> String {
        var seconds = time_t(micros / 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    }
}
