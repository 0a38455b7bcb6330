// SensorGate — HALLinux: an SPI device through spidev.

import CLinuxIO
import Glibc
import HAL

/// An SPI device opened through the kernel's spidev interface (`/dev/spidevB.C`: bus B, chip select C).
///
/// Opened and configured when made. Each transaction is one `SPI_IOC_MESSAGE(n)` call, so chip
/// select stays asserted across all its segments. The corresponding C interfaces are `open(2)`,
/// `ioctl(SPI_IOC_WR_MODE32)`, `ioctl(SPI_IOC_WR_BITS_PER_WORD)`, `ioctl(SPI_IOC_WR_MAX_SPEED_HZ)`
/// and `ioctl(SPI_IOC_MESSAGE(n))`.
public final class LinuxSPIDevice: SPIDevice {
    /// The device path.
    public let name: String
    /// The configuration last applied.
    public private(set) var configuration: SPIConfiguration
    private let fd: Int32
    private var transfers: [spi_ioc_transfer] = []
    private var scratch: [UInt8] = []

    /// Opens and configures a device.
    /// - Parameters:
    ///   - path: the device path, such as `/dev/spidev0.0`.
    ///   - configuration: mode, bits per word, speed. Default: ``SPIConfiguration/default``.
    /// - Throws: `HALError` naming the path, with a hint.
    public init(path: String, configuration: SPIConfiguration = .default) throws(HALError) {
        switch valueOrErrno({ system_open(path, O_RDWR | O_CLOEXEC) }) {
        case .success(let value): fd = value
        case .failure(let error): throw .linux(error, device: path, operation: "open", deviceClass: .spi)
        }
        name = path
        self.configuration = configuration
        // On failure the instance is already whole, so deinit closes the descriptor (exactly once).
        try configure(configuration)
    }

    deinit { _ = system_close(fd) }

    /// Applies mode, bits per word and speed with the spidev setting ioctls.
    /// - Parameter configuration: the configuration.
    /// - Throws: `HALError` when the controller refuses a setting.
    public func configure(_ configuration: SPIConfiguration) throws(HALError) {
        var mode = UInt32(configuration.mode.rawValue)
        if configuration.lsbFirst { mode |= CLinuxIO_SPI_LSB_FIRST }
        if configuration.chipSelectActiveHigh { mode |= CLinuxIO_SPI_CS_HIGH }
        if configuration.threeWire { mode |= CLinuxIO_SPI_3WIRE }
        let fd = self.fd
        let bits = configuration.bitsPerWord
        let speed = configuration.speedHz
        try apply("ioctl(SPI_IOC_WR_MODE32)", mode) { CLinuxIO_spi_set_mode32(fd, mode) }
        try apply("ioctl(SPI_IOC_WR_BITS_PER_WORD)", UInt32(bits)) { CLinuxIO_spi_set_bits_per_word(fd, bits) }
        try apply("ioctl(SPI_IOC_WR_MAX_SPEED_HZ)", speed) { CLinuxIO_spi_set_max_speed_hz(fd, speed) }
        self.configuration = configuration
    }

    /// Runs the segments as one `SPI_IOC_MESSAGE(n)`.
    ///
    /// A segment that releases chip select sets `cs_change` so the kernel deselects before the next
    /// segment; on the last segment it is ignored (the kernel would otherwise keep chip select asserted).
    /// - Throws: `HALError`; `.invalidArgument` when a segment's write and read lengths differ.
    public func transaction(_ segments: inout [SPITransfer]) throws(HALError) {
        var total = 0
        for segment in segments {
            if !segment.write.isEmpty && !segment.read.isEmpty && segment.write.count != segment.read.count {
                throw HALError(
                    .invalidArgument, device: name, operation: "SPI_IOC_MESSAGE",
                    hint: "a full-duplex segment writes and reads the same number of bytes")
            }
            total += segment.length
        }
        if scratch.count < 2 * total { scratch = [UInt8](repeating: 0, count: 2 * total) }
        var offset = 0
        for segment in segments {
            for index in 0..<segment.length {
                scratch[offset + index] = index < segment.write.count ? segment.write[index] : 0
            }
            offset += segment.length
        }
        let fd = self.fd
        let count = segments.count
        let result = scratch.withUnsafeMutableBufferPointer { data -> Result<Int32, Errno> in
            guard let base = data.baseAddress else { return .success(0) }
            transfers.removeAll(keepingCapacity: true)
            var position = 0
            for (index, segment) in segments.enumerated() {
                var transfer = spi_ioc_transfer()
                transfer.tx_buf = UInt64(UInt(bitPattern: base + position))
                transfer.rx_buf = segment.read.isEmpty ? 0 : UInt64(UInt(bitPattern: base + total + position))
                transfer.len = UInt32(segment.length)
                transfer.speed_hz = segment.speedHz ?? 0
                transfer.delay_usecs = segment.delayAfterMicroseconds
                transfer.cs_change = segment.releaseChipSelect && index < count - 1 ? 1 : 0
                transfers.append(transfer)
                position += segment.length
            }
            return transfers.withUnsafeMutableBufferPointer { buffer in valueOrErrno { system_spi_message(fd, buffer) }
            }
        }
        if case .failure(let error) = result {
            throw .linux(error, device: name, operation: "ioctl(SPI_IOC_MESSAGE(\(count)))", deviceClass: .spi)
        }
        offset = 0
        for index in segments.indices {
            for position in segments[index].read.indices {
                segments[index].read[position] = scratch[total + offset + position]
            }
            offset += segments[index].length
        }
    }

    /// Writes `bytes` then fills `buffer` with chip select held: one `SPI_IOC_MESSAGE(2)` whose two
    /// `spi_ioc_transfer`s (on the stack) point straight at the caller's storage, so nothing is
    /// allocated or copied.
    ///
    /// The corresponding C call is `ioctl(SPI_IOC_MESSAGE(2))`.
    /// - Parameters:
    ///   - bytes: the command bytes.
    ///   - buffer: receives the bytes clocked in after them.
    /// - Throws: `HALError` from the ioctl; `.invalidArgument` for an empty command.
    public func writeThenRead(_ bytes: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer)
        throws(HALError)
    {
        try checkWriteThenRead(bytes)
        let fd = self.fd
        let result = withUnsafeTemporaryAllocation(of: spi_ioc_transfer.self, capacity: 2) { messages in
            var command = spi_ioc_transfer()
            command.tx_buf = UInt64(UInt(bitPattern: bytes.baseAddress))
            command.len = UInt32(bytes.count)
            var data = spi_ioc_transfer()
            data.rx_buf = UInt64(UInt(bitPattern: buffer.baseAddress))
            data.len = UInt32(buffer.count)
            messages.initialize(repeating: spi_ioc_transfer())
            messages[0] = command
            messages[1] = data
            let count = buffer.isEmpty ? 1 : 2
            return valueOrErrno { system_spi_message(fd, UnsafeMutableBufferPointer(rebasing: messages[0..<count])) }
        }
        if case .failure(let error) = result {
            throw .linux(error, device: name, operation: "ioctl(SPI_IOC_MESSAGE(2))", deviceClass: .spi)
        }
    }

    /// Runs `repeats` register reads as one `SPI_IOC_MESSAGE(2 × repeats)`: per read a command
    /// segment and a read segment with `cs_change` set (but on the last), so the kernel releases chip
    /// select for its 10 µs between reads. Every command segment sends the caller's `command` and every
    /// read segment fills its part of `buffer`: nothing is copied, and the segment list is kept between
    /// calls (no allocation once the largest count has been seen).
    ///
    /// The corresponding C call is `ioctl(SPI_IOC_MESSAGE(n))`.
    /// - Parameters:
    ///   - command: the command bytes of every read.
    ///   - buffer: receives the reads one after another.
    ///   - repeats: how many reads.
    /// - Throws: `HALError` from the ioctl; `.invalidArgument` as
    ///   ``SPIDevice/checkRepeatedRead(_:into:repeats:)`` says.
    public func writeThenReadRepeatedly(
        _ command: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer, repeats: Int
    ) throws(HALError) {
        let length = try checkRepeatedRead(command, into: buffer, repeats: repeats)
        transfers.removeAll(keepingCapacity: true)
        for index in 0..<repeats {
            var commandSegment = spi_ioc_transfer()
            commandSegment.tx_buf = UInt64(UInt(bitPattern: command.baseAddress))
            commandSegment.len = UInt32(command.count)
            var data = spi_ioc_transfer()
            data.rx_buf = UInt64(UInt(bitPattern: buffer.baseAddress.map { $0 + index * length }))
            data.len = UInt32(length)
            data.cs_change = index < repeats - 1 ? 1 : 0
            transfers.append(commandSegment)
            transfers.append(data)
        }
        let fd = self.fd
        let result = transfers.withUnsafeMutableBufferPointer { buffer in
            valueOrErrno { system_spi_message(fd, buffer) }
        }
        if case .failure(let error) = result {
            throw .linux(
                error, device: name, operation: "ioctl(SPI_IOC_MESSAGE(\(transfers.count)))", deviceClass: .spi)
        }
    }

    /// Writes `bytes` from the caller's storage: one `SPI_IOC_MESSAGE(1)` (the transfer on the stack,
    /// nothing received kept).
    /// - Parameter bytes: the bytes to send.
    /// - Throws: `HALError` from the ioctl.
    public func write(from bytes: UnsafeRawBufferPointer) throws(HALError) {
        guard !bytes.isEmpty else {
            var transfers = [SPITransfer(write: [])]
            return try transaction(&transfers)
        }
        let fd = self.fd
        let result = withUnsafeTemporaryAllocation(of: spi_ioc_transfer.self, capacity: 1) { messages in
            var command = spi_ioc_transfer()
            command.tx_buf = UInt64(UInt(bitPattern: bytes.baseAddress))
            command.len = UInt32(bytes.count)
            messages.initialize(repeating: command)
            return valueOrErrno { system_spi_message(fd, messages) }
        }
        if case .failure(let error) = result {
            throw .linux(error, device: name, operation: "ioctl(SPI_IOC_MESSAGE(1))", deviceClass: .spi)
        }
    }

    private func apply(_ request: String, _ value: UInt32, _ call: () -> Int32) throws(HALError) {
        if case .failure(let error) = valueOrErrno({ system_call(request, [Int64(fd), Int64(value)], call) }) {
            throw .linux(error, device: name, operation: "\(request) = \(value)", deviceClass: .spi)
        }
    }
}
