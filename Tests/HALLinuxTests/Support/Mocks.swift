// SensorGate — HALLinux tests: helpers for scripting system calls through the mocking seam.

import Glibc
import HAL
import Testing

@testable import HALLinux

/// A scripted system-call responder: answers by call name, in order, then falls back to `fallback`.
final class SyscallScript: @unchecked Sendable {
    private var queues: [String: [MockOutcome]] = [:]
    private let fallback: @Sendable (MockedCall) -> MockOutcome
    private let lock = NSLockless()

    /// The file descriptor the fake `open` returns: beyond any real descriptor (RLIMIT_NOFILE), so an
    /// object that outlives its mocking scope and really closes it hits EBADF, never another test's file.
    static let fd: Int32 = 1_000_007

    init(fallback: @escaping @Sendable (MockedCall) -> MockOutcome = { _ in .returns(0) }) {
        self.fallback = fallback
    }

    /// Queues outcomes for successive calls named `name`.
    func on(_ name: String, _ outcomes: MockOutcome...) {
        lock.run { queues[name, default: []] += outcomes }
    }

    func answer(_ call: MockedCall) -> MockOutcome {
        lock.run {
            if var queue = queues[call.name], !queue.isEmpty {
                let outcome = queue.removeFirst()
                queues[call.name] = queue
                return outcome
            }
            return call.name == "open" ? .returns(SyscallScript.fd) : fallback(call)
        }
    }

    /// A driver answering from this script.
    var driver: MockingDriver { MockingDriver { [self] call in answer(call) } }
}

/// A tiny lock for the script's queues (tests may run the seam from one task only, but be safe).
final class NSLockless: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    func run<R>(_ body: () -> R) -> R {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }
}

/// The kernel's I2C_FUNCS bits, spelled from linux/i2c.h so a wrong constant in the shim cannot hide.
enum KernelI2CFuncs {
    static let i2c: Int64 = 0x0000_0001
    static let smbusQuick: Int64 = 0x0001_0000
    static let smbusByte: Int64 = 0x0006_0000
    static let smbusByteData: Int64 = 0x0018_0000
    static let smbusWordData: Int64 = 0x0060_0000
    static let smbusI2CBlock: Int64 = 0x0C00_0000
    static let smbusOnly = smbusQuick | smbusByte | smbusByteData | smbusWordData | smbusI2CBlock
}

/// Calls made after `open`, without the descriptor bookkeeping.
func names(_ trace: [MockedCall]) -> [String] { trace.map(\.name) }

/// The fake descriptor as the traces record it.
let fakeFD = Int64(SyscallScript.fd)
