// SensorGate — HALLinux: the one place the EINTR policy lives.

import Glibc

/// Runs a system call that returns -1 and sets errno on failure, retrying on EINTR when asked.
///
/// - Parameters:
///   - retryOnInterrupt: retry when a signal interrupted the call (true for every call that is safe
///     to repeat, which is all of HALLinux's except `close`).
///   - call: the call.
/// - Returns: the call's non-negative result, or its errno.
@inline(__always)
func valueOrErrno<I: FixedWidthInteger>(retryOnInterrupt: Bool = true, _ call: () -> I) -> Result<I, Errno> {
    while true {
        let value = call()
        if value >= 0 { return .success(value) }
        let code = Glibc.errno
        if retryOnInterrupt && code == EINTR { continue }
        return .failure(Errno(code))
    }
}

/// Runs a libi2c SMBus call, which returns the negated errno on failure.
@inline(__always)
func smbusValueOrErrno(_ call: () -> Int32) -> Result<Int32, Errno> {
    while true {
        let value = call()
        if value >= 0 { return .success(value) }
        if -value == EINTR { continue }
        return .failure(Errno(-value))
    }
}

/// A system error number.
struct Errno: Error, Hashable, Sendable {
    /// The raw value.
    var code: Int32
    init(_ code: Int32) { self.code = code }
}
