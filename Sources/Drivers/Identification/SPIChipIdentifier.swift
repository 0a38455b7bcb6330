// SensorGate — Drivers: asking an SPI device what it is.

import HAL

/// Runs chip identity checks over an ``SPIDevice``.
///
/// Bosch, ST and ADI sensors share the SPI register convention: the command byte is the register
/// address with bit 7 set for a read, then the data is clocked out. The MEAS PROM is read with its
/// command followed by two bytes. Chips without SPI (TMP117, SHT3x, MPU-6050) cannot be asked.
public struct SPIChipIdentifier {
    private let device: SPIDevice

    /// Creates an identifier for a device.
    /// - Parameter device: the device (one chip select).
    public init(device: SPIDevice) { self.device = device }

    /// Checks whether the device is the chip `signature` describes.
    /// - Parameter signature: the chip.
    /// - Returns: the answer.
    public func check(_ signature: ChipSignature) -> IdentityAnswer {
        do {
            switch signature.check {
            case .register(let register, let expected, let mask):
                let value = try device.writeThenRead([register | 0x80], count: 1)[0] & mask
                return .register(register, value: value, expected: expected, emptyPlace: [0x00, 0xFF])
            case .measPROM:
                var words: [UInt16] = []
                for index in 0..<8 {
                    let bytes = try device.writeThenRead([0xA0 + UInt8(index) * 2], count: 2)
                    words.append(UInt16(bytes[0]) << 8 | UInt16(bytes[1]))
                }
                return IdentityAnswer.prom(words)
            case .register16, .sensirionWord:
                return .failed(
                    HALError(
                        .unsupported, device: device.name, operation: "identify \(signature.part)",
                        hint: "\(signature.part) has no SPI interface"))
            }
        } catch {
            return .failed(error)
        }
    }
}
