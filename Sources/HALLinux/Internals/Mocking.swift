// SensorGate — HALLinux: the mocking seam (debug builds only), after swift-system's Mocking.swift.
//
// Every system call HALLinux makes goes through one `system_*` function (Syscalls*.swift). In debug
// builds (ENABLE_MOCKING) a test can install a `MockingDriver` for its task: each call is then
// recorded in the driver's trace and answered by the driver's handler, which may return a value,
// fail with an errno, fill read buffers, or let the real call through.

#if ENABLE_MOCKING
    import Glibc

    /// One system call as the seam saw it.
    struct MockedCall: Hashable, Sendable {
        /// The call's name, such as `open` or `ioctl(I2C_RDWR)`.
        var name: String
        /// Its integer arguments (file descriptors, flags, addresses, lengths), in order.
        var arguments: [Int64]
        /// The bytes the call sends (write payloads, I2C write messages, a path's UTF-8).
        var written: [UInt8]

        init(_ name: String, _ arguments: [Int64] = [], written: [UInt8] = []) {
            self.name = name
            self.arguments = arguments
            self.written = written
        }
    }

    /// What a mocked call does.
    enum MockOutcome: Sendable {
        /// Return `value` (after filling read buffers with `readData` and out-values with `outValue`).
        case returns(Int32, readData: [UInt8] = [], outValue: Int64 = 0)
        /// Fail with `errno`.
        case fails(Int32)
        /// Make the real call.
        case realCall
    }

    /// Records and answers a task's system calls.
    ///
    /// Safe to share: a driver is installed for one test task and only touched from it (the lock guards
    /// the rare case of a test that hands the driver to a child task).
    final class MockingDriver: @unchecked Sendable {
        private let lock = Mutex()
        private var calls: [MockedCall] = []
        private let handler: @Sendable (MockedCall) -> MockOutcome

        /// The driver installed for the current task, if any.
        @TaskLocal static var current: MockingDriver?

        /// Creates a driver.
        /// - Parameter handler: decides each call's outcome.
        init(handler: @escaping @Sendable (MockedCall) -> MockOutcome) { self.handler = handler }

        /// The calls made so far, in order.
        var trace: [MockedCall] { lock.withLock { calls } }

        /// Runs `body` with this driver answering the task's system calls.
        @discardableResult
        func run<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
            let result: Result<R, E> = MockingDriver.$current.withValue(self) { Result(catching: body) }
            return try result.get()
        }

        /// Records `call` and returns its outcome.
        func answer(_ call: MockedCall) -> MockOutcome {
            lock.withLock { calls.append(call) }
            return handler(call)
        }
    }

    /// A pthread mutex, enough for the mocking driver's bookkeeping.
    private final class Mutex: @unchecked Sendable {
        private var mutex = pthread_mutex_t()
        init() { pthread_mutex_init(&mutex, nil) }
        deinit { pthread_mutex_destroy(&mutex) }
        func withLock<R>(_ body: () throws -> R) rethrows -> R {
            pthread_mutex_lock(&mutex)
            defer { pthread_mutex_unlock(&mutex) }
            return try body()
        }
    }
#endif
