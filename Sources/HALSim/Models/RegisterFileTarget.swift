// SensorGate — HALSim: a generic 256-register chip model for testing the simulated buses.

import HAL

/// A generic register-file chip, I2C and SPI: 256 byte registers behind an auto-incrementing pointer.
///
/// This model exists to test the simulated buses and nothing else; real chip models (with their
/// conversions, reserved bits and quirks) sit beside their drivers in `Drivers`.
///
/// I2C: the first byte of a write message sets the register pointer, the following bytes are
/// written from there on; reads return registers from the pointer on. SPI (Bosch/ST convention):
/// the first byte after chip select is the command — bit 7 set for a read, the low 7 bits the
/// register — and the following bytes read or write from there on, so over SPI only registers
/// 0x00–0x7F are reachable (ST style; give an SPI test an ID register below 0x80). The pointer
/// auto-increments on every data byte and wraps at 0xFF.
public final class RegisterFileTarget: I2CTarget, SPITarget {
    /// The register contents.
    public var registers: [UInt8]
    /// The register the next data byte reads or writes.
    public private(set) var pointer: UInt8 = 0
    /// Registers whose data bytes are not acknowledged on I2C writes (as chips NACK read-only registers).
    public var nackedRegisters: Set<UInt8> = []
    /// How long the chip stretches SCL before each I2C read message.
    public var clockStretchBeforeRead: Duration
    /// The SPI clock modes the chip samples correctly.
    public var supportedModes: Set<SPIMode>
    /// How many I2C stop conditions the chip has seen.
    public private(set) var stopCount = 0
    /// How many times SPI chip select was asserted.
    public private(set) var selectCount = 0
    private var spiState = SPIState.idle

    private enum SPIState {
        case idle
        case command
        case reading
        case writing
    }

    /// Creates a chip with all registers zero except the ID register.
    /// - Parameters:
    ///   - idRegister: the ID register's address. Default: 0xD0 (Bosch).
    ///   - idValue: the ID register's value. Default: 0x58 (BMP280).
    ///   - clockStretchBeforeRead: SCL stretch before each I2C read. Default: none.
    ///   - supportedModes: SPI modes the chip accepts. Default: modes 0 and 3.
    public init(
        idRegister: UInt8 = 0xD0, idValue: UInt8 = 0x58, clockStretchBeforeRead: Duration = .zero,
        supportedModes: Set<SPIMode> = [.mode0, .mode3]
    ) {
        registers = [UInt8](repeating: 0, count: 256)
        registers[Int(idRegister)] = idValue
        self.clockStretchBeforeRead = clockStretchBeforeRead
        self.supportedModes = supportedModes
    }

    /// The value of one register.
    /// - Parameter register: the register address.
    public subscript(register: UInt8) -> UInt8 {
        get { registers[Int(register)] }
        set { registers[Int(register)] = newValue }
    }

    // MARK: - I2C

    /// Sets the pointer from the first byte and writes the rest from there on.
    /// - Parameter bytes: the message bytes.
    /// - Returns: `.nack(index:)` at the first byte aimed at a NACKed register, else `.ack`.
    public func i2cWrite(_ bytes: [UInt8]) -> I2CTargetAcknowledge {
        guard let first = bytes.first else { return .ack }
        pointer = first
        for (index, byte) in bytes.enumerated().dropFirst() {
            if nackedRegisters.contains(pointer) { return .nack(index: index) }
            storeAndAdvance(byte)
        }
        return .ack
    }

    /// Reads registers from the pointer on.
    /// - Parameter bytes: filled with the register values.
    public func i2cRead(into bytes: inout [UInt8]) {
        for index in bytes.indices { bytes[index] = loadAndAdvance() }
    }

    /// Counts the stop condition.
    public func i2cStop() { stopCount += 1 }

    /// Stretches before reads by ``clockStretchBeforeRead``.
    /// - Parameter read: whether the next message is a read.
    /// - Returns: the stretch.
    public func i2cClockStretch(beforeRead read: Bool) -> Duration { read ? clockStretchBeforeRead : .zero }

    // MARK: - SPI

    /// Starts a command.
    public func spiSelect() {
        selectCount += 1
        spiState = .command
    }

    /// Takes the command byte, then reads or writes registers from the pointer on.
    /// - Parameter mosi: the byte from the controller.
    /// - Returns: the register value when reading, else 0x00.
    public func spiExchange(_ mosi: UInt8) -> UInt8 {
        switch spiState {
        case .idle:
            return 0x00
        case .command:
            pointer = mosi & 0x7F
            spiState = mosi & 0x80 != 0 ? .reading : .writing
            return 0x00
        case .reading:
            return loadAndAdvance()
        case .writing:
            storeAndAdvance(mosi)
            return 0x00
        }
    }

    /// Ends the command.
    public func spiDeselect() { spiState = .idle }

    // MARK: - Helpers

    private func loadAndAdvance() -> UInt8 {
        defer { pointer &+= 1 }
        return registers[Int(pointer)]
    }

    private func storeAndAdvance(_ byte: UInt8) {
        registers[Int(pointer)] = byte
        pointer &+= 1
    }
}
