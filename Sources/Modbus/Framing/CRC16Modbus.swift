// SensorGate — Modbus: CRC-16/MODBUS (polynomial 0xA001 reflected, initial 0xFFFF), low byte first on the wire.

/// CRC-16/MODBUS as the serial line specification (Modbus over Serial Line V1.02, §6.2.2) defines it.
public enum CRC16Modbus {
    private static let table: [UInt16] = (0..<256).map { byte in
        var crc = UInt16(byte)
        for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1 }
        return crc
    }

    /// The CRC of `bytes`.
    /// - Parameter bytes: address, PDU.
    /// - Returns: the CRC; it goes on the wire low byte first.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt16 {
        var crc: UInt16 = 0xFFFF
        for byte in bytes { crc = (crc >> 8) ^ table[Int((crc ^ UInt16(byte)) & 0xFF)] }
        return crc
    }
}
