// SensorGate — HAL: symbolic names of the errno values hardware code meets (Linux numbering).

/// Symbolic names for the Linux errno values that device I/O produces, for error messages.
///
/// HAL does not import libc; these are the Linux generic numbers (asm-generic/errno-base.h and errno.h),
/// which all Linux architectures SensorGate targets (x86_64, aarch64, armv7) share.
public enum ErrnoName {
    private static let names: [Int32: String] = [
        1: "EPERM", 2: "ENOENT", 4: "EINTR", 5: "EIO", 6: "ENXIO", 9: "EBADF", 11: "EAGAIN", 12: "ENOMEM",
        13: "EACCES", 16: "EBUSY", 19: "ENODEV", 20: "ENOTDIR", 21: "EISDIR", 22: "EINVAL", 24: "EMFILE",
        25: "ENOTTY", 28: "ENOSPC", 30: "EROFS", 32: "EPIPE", 71: "EPROTO", 74: "EBADMSG", 75: "EOVERFLOW",
        95: "EOPNOTSUPP", 108: "ESHUTDOWN", 110: "ETIMEDOUT", 121: "EREMOTEIO",
    ]

    /// The symbolic name of `errno`, or nil when it is not one device I/O usually produces.
    /// - Parameter errno: a Linux errno value.
    /// - Returns: for example `"ENXIO"` for 6.
    public static func name(_ errno: Int32) -> String? { names[errno] }
}
