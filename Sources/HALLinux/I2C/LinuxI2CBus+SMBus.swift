// SensorGate — HALLinux: the SMBus fallback for adapters without plain I2C.

import CLinuxIO
import Glibc
import HAL

extension LinuxI2CBus {
    /// Expresses a transaction as the one SMBus transfer with the same bus traffic, or throws `.unsupported`.
    func smbusTransaction(_ address: I2CAddress, _ operations: inout [I2COperation]) throws(HALError) {
        let operation = "SMBus transfer to \(address)"
        let shape = operations.map { ($0.direction, $0.bytes.count) }
        let block = I2CFunctionality.smbusBlockMaxBytes
        switch shape.count {
        case 1 where shape[0].0 == .write:
            let bytes = operations[0].bytes
            switch bytes.count {
            case 0:
                try require(.smbusQuick, "quick write", operation)
                try select(address)
                try run(operation) { system_smbus("i2c_smbus_write_quick", fd, [0]) { i2c_smbus_write_quick(fd, 0) } }
            case 1:
                try require(.smbusWriteByte, "send byte", operation)
                try select(address)
                try run(operation) {
                    system_smbus("i2c_smbus_write_byte", fd, [], written: bytes) { i2c_smbus_write_byte(fd, bytes[0]) }
                }
            case 2:
                try require(.smbusWriteByteData, "write byte data", operation)
                try select(address)
                try run(operation) {
                    system_smbus("i2c_smbus_write_byte_data", fd, [Int64(bytes[0])], written: [bytes[1]]) {
                        i2c_smbus_write_byte_data(fd, bytes[0], bytes[1])
                    }
                }
            case 3...(block + 1):
                try require(.smbusWriteI2CBlock, "I2C-block write", operation)
                try select(address)
                var data = Array(bytes.dropFirst())
                try run(operation) {
                    system_smbus("i2c_smbus_write_i2c_block_data", fd, [Int64(bytes[0])], written: data) {
                        i2c_smbus_write_i2c_block_data(fd, bytes[0], UInt8(data.count), &data)
                    }
                }
            default:
                throw unsupported(operation, "a write of \(bytes.count) bytes exceeds an I2C-block write (33 bytes)")
            }
        case 1 where shape[0] == (.read, 1):
            try require(.smbusReadByte, "receive byte", operation)
            try select(address)
            let value = try run(operation) { system_smbus("i2c_smbus_read_byte", fd, []) { i2c_smbus_read_byte(fd) } }
            operations[0].bytes[0] = UInt8(truncatingIfNeeded: value)
        case 2 where shape[0] == (.write, 1) && shape[1].0 == .read && (1...block).contains(shape[1].1):
            let command = operations[0].bytes[0]
            let outcome = operations[1].bytes.withUnsafeMutableBytes { buffer in
                Result { () throws(HALError) in try smbusWriteRead(address, command: command, into: buffer) }
            }
            try outcome.get()
        default:
            throw unsupported(
                operation,
                "this SMBus-only adapter cannot express the transaction; it can do: empty write, write of 1–33 "
                    + "bytes, read of 1 byte, or write of 1 byte then read of 1–32 bytes")
        }
    }

    /// A register read on an SMBus-only adapter straight into the caller's storage:
    /// `i2c_smbus_read_byte_data` for one byte (when offered), else `i2c_smbus_read_i2c_block_data`.
    /// - Parameters:
    ///   - address: the target.
    ///   - command: the one byte written (the register).
    ///   - buffer: receives 1 … 32 bytes.
    /// - Throws: `HALError`: `.unsupported` without the SMBus capability, `.bus` for a short block.
    func smbusWriteRead(_ address: I2CAddress, command: UInt8, into buffer: UnsafeMutableRawBufferPointer)
        throws(HALError)
    {
        let operation = "SMBus transfer to \(address)"
        let count = buffer.count
        if count == 1 && functionality.contains(.smbusReadByteData) {
            try select(address)
            let value = try run(operation) {
                system_smbus("i2c_smbus_read_byte_data", fd, [Int64(command)]) { i2c_smbus_read_byte_data(fd, command) }
            }
            buffer[0] = UInt8(truncatingIfNeeded: value)
            return
        }
        try require(.smbusReadI2CBlock, "I2C-block read", operation)
        try select(address)
        let outcome = smbusValueOrErrno {
            system_smbus("i2c_smbus_read_i2c_block_data", fd, [Int64(command), Int64(count)], buffer: buffer) {
                i2c_smbus_read_i2c_block_data(
                    fd, command, UInt8(count), buffer.baseAddress?.assumingMemoryBound(to: UInt8.self))
            }
        }
        let received: Int32
        switch outcome {
        case .success(let value): received = value
        case .failure(let error): throw .linux(error, device: name, operation: operation, deviceClass: .i2c)
        }
        guard Int(received) == count else {
            throw HALError(
                .bus, device: name, operation: operation, hint: "the adapter returned \(received) of \(count) bytes")
        }
    }

    private func require(_ capability: I2CFunctionality, _ what: String, _ operation: String) throws(HALError) {
        guard functionality.contains(capability) else {
            throw unsupported(operation, "the adapter does not offer SMBus \(what) (I2C_FUNCS)")
        }
    }

    private func unsupported(_ operation: String, _ hint: String) -> HALError {
        HALError(.unsupported, device: name, operation: operation, hint: hint)
    }

    /// Selects the target for SMBus calls with I2C_SLAVE, once per change of address.
    private func select(_ address: I2CAddress) throws(HALError) {
        guard selectedAddress != address.rawValue else { return }
        if case .failure(let error) = valueOrErrno({ system_i2c_slave(fd, UInt16(address.rawValue)) }) {
            throw .linux(error, device: name, operation: "ioctl(I2C_SLAVE, \(address))", deviceClass: .i2c)
        }
        selectedAddress = address.rawValue
    }

    @discardableResult
    private func run(_ operation: String, _ call: () -> Int32) throws(HALError) -> Int32 {
        switch smbusValueOrErrno(call) {
        case .success(let value): return value
        case .failure(let error): throw .linux(error, device: name, operation: operation, deviceClass: .i2c)
        }
    }
}
