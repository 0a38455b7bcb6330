// SensorGate — HALLinux: plain I2C transactions with I2C_RDWR.

import CLinuxIO
import Glibc
import HAL

extension LinuxI2CBus {
    /// One `I2C_RDWR` call: every operation a message, joined by repeated starts.
    func plainTransaction(_ address: I2CAddress, _ operations: inout [I2COperation]) throws(HALError) {
        guard !operations.isEmpty, operations.count <= Int(CLinuxIO_I2C_RDWR_IOCTL_MAX_MSGS) else {
            throw HALError(
                .invalidArgument, device: name, operation: "I2C_RDWR to \(address)",
                hint: "a transaction has 1 to \(CLinuxIO_I2C_RDWR_IOCTL_MAX_MSGS) messages")
        }
        var total = 0
        for operation in operations {
            guard operation.bytes.count <= Int(UInt16.max) else {
                throw HALError(
                    .invalidArgument, device: name, operation: "I2C_RDWR to \(address)",
                    hint: "a message is at most 65535 bytes")
            }
            total += operation.bytes.count
        }
        if scratch.count < total { scratch = [UInt8](repeating: 0, count: total) }
        var offset = 0
        for index in operations.indices {
            if operations[index].direction == .write {
                for (position, byte) in operations[index].bytes.enumerated() { scratch[offset + position] = byte }
            }
            offset += operations[index].bytes.count
        }
        let result = scratch.withUnsafeMutableBufferPointer { data -> Result<Int32, Errno> in
            messages.removeAll(keepingCapacity: true)
            var position = 0
            for operation in operations {
                let read = operation.direction == .read
                messages.append(
                    i2c_msg(
                        addr: UInt16(address.rawValue), flags: read ? CLinuxIO_I2C_M_RD : 0,
                        len: UInt16(operation.bytes.count), buf: data.baseAddress.map { $0 + position }))
                position += operation.bytes.count
            }
            return messages.withUnsafeMutableBufferPointer { buffer in
                valueOrErrno { system_i2c_rdwr(fd, buffer) }
            }
        }
        if case .failure(let error) = result {
            throw .linux(error, device: name, operation: "I2C_RDWR to \(address)", deviceClass: .i2c)
        }
        offset = 0
        for index in operations.indices {
            if operations[index].direction == .read {
                for position in operations[index].bytes.indices {
                    operations[index].bytes[position] = scratch[offset + position]
                }
            }
            offset += operations[index].bytes.count
        }
    }

    /// One `I2C_RDWR` of a write and a read message whose buffers are the caller's (no copy, no
    /// allocation: the two `i2c_msg`s sit on the stack).
    func plainWriteRead(
        _ address: I2CAddress, _ bytes: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer
    )
        throws(HALError)
    {
        guard bytes.count <= Int(UInt16.max), buffer.count <= Int(UInt16.max) else {
            throw HALError(
                .invalidArgument, device: name, operation: "I2C_RDWR to \(address)",
                hint: "a message is at most 65535 bytes")
        }
        let fd = self.fd
        let result = withUnsafeTemporaryAllocation(of: i2c_msg.self, capacity: 2) { messages in
            // The kernel only reads a write message's buffer.
            messages.initialize(repeating: i2c_msg())
            messages[0] = i2c_msg(
                addr: UInt16(address.rawValue), flags: 0, len: UInt16(bytes.count),
                buf: UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)))
            messages[1] = i2c_msg(
                addr: UInt16(address.rawValue), flags: CLinuxIO_I2C_M_RD, len: UInt16(buffer.count),
                buf: buffer.baseAddress?.assumingMemoryBound(to: UInt8.self))
            return valueOrErrno { system_i2c_rdwr(fd, messages) }
        }
        if case .failure(let error) = result {
            throw .linux(error, device: name, operation: "I2C_RDWR to \(address)", deviceClass: .i2c)
        }
    }

    /// One `I2C_RDWR` of a single message whose buffer is the caller's (the `i2c_msg` on the stack;
    /// the kernel only reads a write message's buffer).
    /// - Parameters:
    ///   - address: the target.
    ///   - read: whether the message reads (else it writes `buffer`).
    ///   - buffer: the bytes to send, or the storage to fill; 1 … 65 535 bytes.
    /// - Throws: `HALError`: `.invalidArgument` for a message over 65 535 bytes, else from the ioctl.
    func plainMessage(_ address: I2CAddress, read: Bool, _ buffer: UnsafeMutableRawBufferPointer) throws(HALError) {
        guard buffer.count <= Int(UInt16.max) else {
            throw HALError(
                .invalidArgument, device: name, operation: "I2C_RDWR to \(address)",
                hint: "a message is at most 65535 bytes")
        }
        let fd = self.fd
        let result = withUnsafeTemporaryAllocation(of: i2c_msg.self, capacity: 1) { messages in
            messages.initialize(
                repeating: i2c_msg(
                    addr: UInt16(address.rawValue), flags: read ? CLinuxIO_I2C_M_RD : 0, len: UInt16(buffer.count),
                    buf: buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)))
            return valueOrErrno { system_i2c_rdwr(fd, messages) }
        }
        if case .failure(let error) = result {
            throw .linux(error, device: name, operation: "I2C_RDWR to \(address)", deviceClass: .i2c)
        }
    }
}
