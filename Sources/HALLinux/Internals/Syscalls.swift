// SensorGate — HALLinux: file system calls, through the mocking seam.
//
// Each `system_*` function makes one libc call or, in a debug build with a MockingDriver installed,
// records it and answers as the driver says. Device-specific calls live in Syscalls+<Device>.swift.

import CLinuxIO
import Glibc

#if ENABLE_MOCKING
    /// Answers a call from the installed mocking driver: nil means make the real call.
    ///
    /// On `.returns`, `readData` is copied into `buffer` (up to its size) and `outValue` handed back.
    @inline(never)
    func mockAnswer(
        _ call: @autoclosure () -> MockedCall, buffer: UnsafeMutableRawBufferPointer? = nil,
        outValue: ((Int64) -> Void)? = nil
    ) -> Int32? {
        guard let driver = MockingDriver.current else { return nil }
        switch driver.answer(call()) {
        case .realCall:
            return nil
        case .fails(let code):
            Glibc.errno = code
            return -1
        case .returns(let value, let readData, let out):
            if let buffer, !readData.isEmpty {
                let count = min(buffer.count, readData.count)
                readData.withUnsafeBytes { source in
                    UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[0..<count]))
                }
            }
            outValue?(out)
            return value
        }
    }
#endif

#if ENABLE_MOCKING
    /// Answers a mocked transfer whose `readData` fills several receive buffers in order (the read
    /// messages of I2C_RDWR, the receive buffers of SPI_IOC_MESSAGE); nil means make the real call.
    func mockScatter(_ call: MockedCall, into buffers: [UnsafeMutableBufferPointer<UInt8>]) -> Int32? {
        let total = buffers.reduce(0) { $0 + $1.count }
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: total, alignment: 1)
        defer { scratch.deallocate() }
        scratch.initializeMemory(as: UInt8.self, repeating: 0)
        guard let result = mockAnswer(call, buffer: scratch) else { return nil }
        var offset = 0
        for buffer in buffers {
            for index in buffer.indices { buffer[index] = scratch[offset + index] }
            offset += buffer.count
        }
        return result
    }
#endif

/// open(2).
func system_open(_ path: String, _ flags: Int32) -> Int32 {
    #if ENABLE_MOCKING
        if let mocked = mockAnswer(MockedCall("open", [Int64(flags)], written: Array(path.utf8))) { return mocked }
    #endif
    return open(path, flags)
}

/// close(2).
func system_close(_ fd: Int32) -> Int32 {
    #if ENABLE_MOCKING
        if let mocked = mockAnswer(MockedCall("close", [Int64(fd)])) { return mocked }
    #endif
    return close(fd)
}

/// read(2).
func system_read(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> Int {
    #if ENABLE_MOCKING
        if let mocked = mockAnswer(MockedCall("read", [Int64(fd), Int64(buffer.count)]), buffer: buffer) {
            return Int(mocked)
        }
    #endif
    return read(fd, buffer.baseAddress, buffer.count)
}

/// write(2).
func system_write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
    #if ENABLE_MOCKING
        if let mocked = mockAnswer(MockedCall("write", [Int64(fd)], written: Array(bytes))) { return Int(mocked) }
    #endif
    return write(fd, bytes.baseAddress, bytes.count)
}

/// poll(2) on one descriptor for `events`; returns the count of ready descriptors (0 or 1).
func system_poll(_ fd: Int32, _ events: Int16, _ timeoutMilliseconds: Int32, revents: inout Int16) -> Int32 {
    #if ENABLE_MOCKING
        var mockedEvents: Int64 = Int64(events)
        if let mocked = mockAnswer(
            MockedCall("poll", [Int64(fd), Int64(events), Int64(timeoutMilliseconds)]), outValue: { mockedEvents = $0 })
        {
            revents = Int16(truncatingIfNeeded: mockedEvents == 0 ? Int64(events) : mockedEvents)
            return mocked
        }
    #endif
    var descriptor = pollfd(fd: fd, events: events, revents: 0)
    let result = poll(&descriptor, 1, timeoutMilliseconds)
    revents = descriptor.revents
    return result
}

/// ppoll(2) over `descriptors` with a timeout in nanoseconds (0 polls); returns the count of ready
/// descriptors and fills their `revents`. Mocked as `ppoll` with the descriptors and the timeout as
/// arguments; the mocked out-value's low 32 bits mask the ready descriptors (0: the first), its high 32
/// bits those that report POLLERR.
func system_ppoll(_ descriptors: UnsafeMutableBufferPointer<pollfd>, timeoutNanoseconds: Int64) -> Int32 {
    #if ENABLE_MOCKING
        var ready: Int64 = 0
        if let mocked = mockAnswer(
            MockedCall("ppoll", descriptors.map { Int64($0.fd) } + [timeoutNanoseconds]), outValue: { ready = $0 })
        {
            for index in descriptors.indices {
                let isReady = ready & 0xFFFF_FFFF == 0 ? index == 0 : ready & (1 << Int64(index)) != 0
                let isBroken = ready & (1 << Int64(32 + index)) != 0
                descriptors[index].revents =
                    mocked <= 0 ? 0 : isBroken ? Int16(POLLERR) : isReady ? descriptors[index].events : 0
            }
            return mocked
        }
    #endif
    return CLinuxIO_ppoll(descriptors.baseAddress, UInt(descriptors.count), timeoutNanoseconds)
}

/// Any call that takes plain integer arguments and returns -1 with errno on failure (the ioctls that
/// set one value, termios calls): recorded as `name` with `arguments` when mocked.
func system_call(_ name: String, _ arguments: [Int64], _ call: () -> Int32) -> Int32 {
    #if ENABLE_MOCKING
        if let mocked = mockAnswer(MockedCall(name, arguments)) { return mocked }
    #endif
    return call()
}

/// A call that returns a value through an out-pointer (TIOCMGET, FIONREAD): mocked with `outValue`.
func system_call(_ name: String, _ arguments: [Int64], out: inout Int32, _ call: (inout Int32) -> Int32) -> Int32 {
    #if ENABLE_MOCKING
        var mocked: Int64 = 0
        if let result = mockAnswer(MockedCall(name, arguments), outValue: { mocked = $0 }) {
            out = Int32(truncatingIfNeeded: mocked)
            return result
        }
    #endif
    return call(&out)
}
