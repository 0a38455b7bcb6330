// SensorGate — Envelope: writing and reading key files with their modes, atomically.

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Key files on disk: written to a temporary file created with its final mode (so a private key is
/// never readable by others, not even for an instant), flushed, then moved into place in one step;
/// read back only when nobody else can read or write them.
enum SecretFile {
    /// The largest key file we read.
    static let maxBytes = 4096

    /// Creates `directory` with mode 0700 when it does not exist (one level; the parent must exist).
    static func ensureDirectory(_ directory: String) throws(IdentityError) {
        var info = stat()
        if stat(directory, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw IdentityError(.io, "\(directory): not a directory; name a folder for the identity")
            }
            return
        }
        guard mkdir(directory, 0o700) == 0 else {
            throw failure(
                "\(directory): cannot create the folder", hint: "check that its parent exists and is writable")
        }
    }

    /// Writes `contents` to `path` with `mode`. When `replacing` is false and `path` exists, throws
    /// ``IdentityError/Kind/exists`` (its detail ends with `consequence`) and leaves it untouched
    /// (checked atomically by `link`, not before).
    static func store(
        _ contents: [UInt8], to path: String, mode: mode_t, replacing: Bool, consequence: String = ""
    ) throws(IdentityError) {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\(name).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw failure("\(path): cannot create the key file", hint: "check the folder exists and is writable")
        }
        defer { unlink(temporary) }
        do throws(IdentityError) {
            // The umask may only have removed bits; set exactly `mode` before any byte is written.
            guard fchmod(fd, mode) == 0 else { throw failure("\(path): cannot set the file mode", hint: nil) }
            try writeAll(fd, contents, path: path)
            guard fsync(fd) == 0 else { throw failure("\(path): cannot flush the key file", hint: nil) }
            close(fd)
        } catch {
            close(fd)
            throw error
        }
        if replacing {
            guard rename(temporary, path) == 0 else {
                throw failure("\(path): cannot move the key file into place", hint: nil)
            }
        } else {
            guard link(temporary, path) == 0 else {
                if errno == EEXIST {
                    throw IdentityError(.exists, "\(path) exists; use --force to replace it\(consequence)")
                }
                throw failure("\(path): cannot move the key file into place", hint: nil)
            }
        }
        syncDirectory(directory.isEmpty ? "." : directory)
    }

    /// Reads `path`, refusing it unless it is a regular file of at most ``maxBytes`` that, when
    /// `secret`, no group or other user can read or write.
    static func load(_ path: String, secret: Bool) throws(IdentityError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT {
                throw IdentityError(.notFound, "\(path): no such key file; create one with sensorgate keygen --out DIR")
            }
            throw failure("\(path): cannot open the key file", hint: "check the path and its permissions")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure("\(path): cannot inspect the key file", hint: nil) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw IdentityError(.insecurePermissions, "\(path): not a regular file; point at the key file itself")
        }
        let mode = info.st_mode & 0o777
        if secret && mode & 0o077 != 0 {
            throw IdentityError(
                .insecurePermissions,
                "\(path): mode \(String(mode, radix: 8)) lets others read or change the private key; run chmod 600 \(path)"
            )
        }
        guard info.st_size <= maxBytes else {
            throw IdentityError(.malformed, "\(path): \(info.st_size) bytes is too large for a key file")
        }
        var buffer = [UInt8](repeating: 0, count: maxBytes + 1)
        var total = 0
        while total < buffer.count {
            let count = buffer.withUnsafeMutableBytes { raw in
                read(fd, raw.baseAddress.map { $0 + total }, raw.count - total)
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw failure("\(path): cannot read the key file", hint: nil) }
            if count == 0 { break }
            total += count
        }
        guard total <= maxBytes else { throw IdentityError(.malformed, "\(path): too large for a key file") }
        return Array(buffer.prefix(total))
    }

    private static func writeAll(_ fd: Int32, _ contents: [UInt8], path: String) throws(IdentityError) {
        var done = 0
        while done < contents.count {
            let count = contents.withUnsafeBytes { raw in
                write(fd, raw.baseAddress.map { $0 + done }, raw.count - done)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw failure("\(path): cannot write the key file", hint: "check free space") }
            done += count
        }
    }

    private static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private static func failure(_ what: String, hint: String?) -> IdentityError {
        let code = errno
        let reason = String(cString: strerror(code))
        return IdentityError(.io, "\(what): \(reason) (errno \(code))" + (hint.map { "; \($0)" } ?? ""))
    }
}
