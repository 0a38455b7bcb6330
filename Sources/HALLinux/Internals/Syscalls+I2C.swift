// SensorGate — HALLinux: i2c-dev and libi2c calls, through the mocking seam.

import CLinuxIO
import Glibc

/// ioctl(I2C_FUNCS).
func system_i2c_funcs(_ fd: Int32, _ funcs: inout UInt) -> Int32 {
    #if ENABLE_MOCKING
        var mocked: Int64 = 0
        if let result = mockAnswer(MockedCall("ioctl(I2C_FUNCS)", [Int64(fd)]), outValue: { mocked = $0 }) {
            funcs = UInt(truncatingIfNeeded: mocked)
            return result
        }
    #endif
    return CLinuxIO_i2c_funcs(fd, &funcs)
}

/// ioctl(I2C_RDWR) with `count` messages.
///
/// Mocked as one call whose arguments are the descriptor, the message count, then each message's
/// address, flags and length; `written` holds the write messages' bytes and `readData` fills the read
/// messages in order.
func system_i2c_rdwr(_ fd: Int32, _ messages: UnsafeMutableBufferPointer<i2c_msg>) -> Int32 {
    #if ENABLE_MOCKING
        if MockingDriver.current != nil {
            var arguments: [Int64] = [Int64(fd), Int64(messages.count)]
            var written: [UInt8] = []
            var receive: [UnsafeMutableBufferPointer<UInt8>] = []
            for message in messages {
                arguments += [Int64(message.addr), Int64(message.flags), Int64(message.len)]
                let bytes = UnsafeMutableBufferPointer(start: message.buf, count: Int(message.len))
                if message.flags & CLinuxIO_I2C_M_RD == 0 { written += bytes } else { receive.append(bytes) }
            }
            if let result = mockScatter(MockedCall("ioctl(I2C_RDWR)", arguments, written: written), into: receive) {
                return result
            }
        }
    #endif
    return CLinuxIO_i2c_rdwr(fd, messages.baseAddress, UInt32(messages.count))
}

/// ioctl(I2C_SLAVE): selects the address for later SMBus calls; EBUSY when a kernel driver holds it.
func system_i2c_slave(_ fd: Int32, _ address: UInt16) -> Int32 {
    #if ENABLE_MOCKING
        if let result = mockAnswer(MockedCall("ioctl(I2C_SLAVE)", [Int64(fd), Int64(address)])) { return result }
    #endif
    return CLinuxIO_i2c_slave(fd, address)
}

/// An SMBus transfer through libi2c; returns the value or count, or the negated errno.
///
/// Mocked calls report -errno the way libi2c does. `written` holds the data bytes sent; `readData`
/// fills `buffer` for block reads and gives the result value for byte and word reads.
func system_smbus(
    _ name: String, _ fd: Int32, _ arguments: @autoclosure () -> [Int64], written: @autoclosure () -> [UInt8] = [],
    buffer: UnsafeMutableRawBufferPointer? = nil, _ call: () -> Int32
) -> Int32 {
    // The arguments and written bytes are built only for a mocking driver (debug builds), so a release
    // build's SMBus call allocates nothing.
    #if ENABLE_MOCKING
        if let result = mockAnswer(MockedCall(name, [Int64(fd)] + arguments(), written: written()), buffer: buffer) {
            return result < 0 ? -Glibc.errno : result
        }
    #endif
    return call()
}
