// SensorGate — HALLinux: an I2C adapter through i2c-dev.

import CLinuxIO
import Glibc
import HAL

/// An I2C adapter opened through the kernel's i2c-dev interface (`/dev/i2c-N`).
///
/// The adapter is opened, and its functionality read with `I2C_FUNCS`, when the object is made.
/// Transactions use `I2C_RDWR` (plain I2C with repeated start) where the adapter supports it, and
/// otherwise fall back to the SMBus transfer that expresses the same bus traffic (see
/// ``LinuxI2CBus/transaction(_:_:)``). The corresponding C interfaces are `open(2)`,
/// `ioctl(I2C_FUNCS)`, `ioctl(I2C_RDWR)`, `ioctl(I2C_SLAVE)` and libi2c's `i2c_smbus_*`.
public final class LinuxI2CBus: I2CBus, I2CDriverOwnership {
    /// The adapter's device path.
    public let name: String
    /// What the adapter can do, from `I2C_FUNCS`.
    public let functionality: I2CFunctionality
    let fd: Int32
    /// The address last selected with I2C_SLAVE for SMBus transfers.
    var selectedAddress: UInt8?
    /// Reused message and data buffers, so steady-state transactions do not allocate.
    var messages: [i2c_msg] = []
    var scratch: [UInt8] = []

    /// Opens an adapter.
    /// - Parameter path: the device path, such as `/dev/i2c-1`.
    /// - Throws: `HALError` naming the path, with a hint (is i2c-dev loaded, group membership, …).
    public init(path: String) throws(HALError) {
        let descriptor: Int32
        switch valueOrErrno({ system_open(path, O_RDWR | O_CLOEXEC) }) {
        case .success(let value): descriptor = value
        case .failure(let error): throw .linux(error, device: path, operation: "open", deviceClass: .i2c)
        }
        var funcs: UInt = 0
        if case .failure(let error) = valueOrErrno({ system_i2c_funcs(descriptor, &funcs) }) {
            _ = system_close(descriptor)
            throw .linux(error, device: path, operation: "ioctl(I2C_FUNCS)", deviceClass: .i2c)
        }
        self.name = path
        self.fd = descriptor
        self.functionality = LinuxI2CBus.functionality(fromKernelBits: funcs)
    }

    deinit { _ = system_close(fd) }

    /// Runs one transaction (see ``I2CBus/transaction(_:_:)``).
    ///
    /// With plain I2C the operations become one `I2C_RDWR` call. On an SMBus-only adapter (such as
    /// i2c-stub) only these shapes have an exact SMBus equivalent, and others throw `.unsupported`:
    /// an empty write (quick), a write of one byte (send byte), a write of two bytes (write byte
    /// data), a write of 3–33 bytes (I2C-block write), a read of one byte (receive byte), and a write
    /// of one byte then a read of 1–32 bytes (read byte data, I2C-block read).
    /// - Throws: `HALError` with the kernel's fault mapped to a kind.
    public func transaction(_ address: I2CAddress, _ operations: inout [I2COperation]) throws(HALError) {
        if functionality.contains(.plainI2C) {
            try plainTransaction(address, &operations)
        } else {
            try smbusTransaction(address, &operations)
        }
    }

    /// Writes `bytes` then fills `buffer` after a repeated start, without allocating: with plain I2C
    /// one `I2C_RDWR` of two `i2c_msg`s (on the stack) pointing at the caller's storage; on an
    /// SMBus-only adapter `i2c_smbus_read_byte_data` or `i2c_smbus_read_i2c_block_data` into it (a
    /// 1-byte write and a 1–32-byte read; other shapes go through ``transaction(_:_:)``).
    ///
    /// The corresponding C calls are `ioctl(I2C_RDWR)` and libi2c's SMBus reads.
    /// - Parameters:
    ///   - address: the target.
    ///   - bytes: the bytes to write first.
    ///   - buffer: receives the bytes read.
    /// - Throws: see ``transaction(_:_:)``; `.invalidArgument` for an empty write or read.
    public func writeRead(
        _ address: I2CAddress, _ bytes: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer
    ) throws(HALError) {
        try checkWriteRead(address, bytes, buffer)
        if functionality.contains(.plainI2C) {
            try plainWriteRead(address, bytes, into: buffer)
        } else if bytes.count == 1, buffer.count <= I2CFunctionality.smbusBlockMaxBytes {
            try smbusWriteRead(address, command: bytes[0], into: buffer)
        } else {
            var operations = [I2COperation.write(Array(bytes)), I2COperation.read(count: buffer.count)]
            try smbusTransaction(address, &operations)
            buffer.copyBytes(from: operations[1].bytes)
        }
    }

    /// Writes `bytes` from the caller's storage: one `I2C_RDWR` message on a plain-I2C adapter (no
    /// allocation), else the SMBus transfer with the same traffic through ``transaction(_:_:)``.
    /// - Parameters:
    ///   - address: the target.
    ///   - bytes: the bytes to send.
    /// - Throws: see ``transaction(_:_:)``.
    public func write(_ address: I2CAddress, from bytes: UnsafeRawBufferPointer) throws(HALError) {
        if functionality.contains(.plainI2C), !bytes.isEmpty {
            try plainMessage(address, read: false, UnsafeMutableRawBufferPointer(mutating: bytes))
        } else {
            var operations = [I2COperation.write(Array(bytes))]
            try transaction(address, &operations)
        }
    }

    /// Fills `buffer` from the target: one `I2C_RDWR` message on a plain-I2C adapter (no allocation),
    /// else the SMBus transfer with the same traffic through ``transaction(_:_:)``.
    /// - Parameters:
    ///   - address: the target.
    ///   - buffer: receives the bytes read.
    /// - Throws: see ``transaction(_:_:)``.
    public func read(_ address: I2CAddress, into buffer: UnsafeMutableRawBufferPointer) throws(HALError) {
        if functionality.contains(.plainI2C), !buffer.isEmpty {
            try plainMessage(address, read: true, buffer)
        } else {
            var operations = [I2COperation.read(count: buffer.count)]
            try transaction(address, &operations)
            buffer.copyBytes(from: operations[0].bytes)
        }
    }

    /// Whether a kernel driver has claimed `address` (what `i2cdetect` shows as `UU`).
    ///
    /// The corresponding C call is `ioctl(I2C_SLAVE)`, which fails with EBUSY for such addresses.
    /// - Parameter address: the address to check.
    /// - Returns: true when a kernel driver holds the address.
    public func isHeldByKernelDriver(_ address: I2CAddress) -> Bool {
        selectedAddress = nil
        guard case .failure(let error) = valueOrErrno({ system_i2c_slave(fd, UInt16(address.rawValue)) }) else {
            selectedAddress = address.rawValue
            return false
        }
        return error.code == EBUSY
    }

    static func functionality(fromKernelBits funcs: UInt) -> I2CFunctionality {
        let table: [(UInt, I2CFunctionality)] = [
            (CLinuxIO_I2C_FUNC_I2C, .plainI2C),
            (CLinuxIO_I2C_FUNC_SMBUS_QUICK, .smbusQuick),
            (CLinuxIO_I2C_FUNC_SMBUS_READ_BYTE, .smbusReadByte),
            (CLinuxIO_I2C_FUNC_SMBUS_WRITE_BYTE, .smbusWriteByte),
            (CLinuxIO_I2C_FUNC_SMBUS_READ_BYTE_DATA, .smbusReadByteData),
            (CLinuxIO_I2C_FUNC_SMBUS_WRITE_BYTE_DATA, .smbusWriteByteData),
            (CLinuxIO_I2C_FUNC_SMBUS_READ_WORD_DATA, .smbusReadWordData),
            (CLinuxIO_I2C_FUNC_SMBUS_WRITE_WORD_DATA, .smbusWriteWordData),
            (CLinuxIO_I2C_FUNC_SMBUS_READ_I2C_BLOCK, .smbusReadI2CBlock),
            (CLinuxIO_I2C_FUNC_SMBUS_WRITE_I2C_BLOCK, .smbusWriteI2CBlock),
        ]
        var result: I2CFunctionality = []
        for (bit, capability) in table where funcs & bit != 0 { result.insert(capability) }
        return result
    }
}
