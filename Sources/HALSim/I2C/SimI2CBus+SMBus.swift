// SensorGate — HALSim: the transaction shapes an SMBus-only simulated adapter accepts.

import HAL

extension SimI2CBus {
    /// Rejects a transaction SMBus cannot express, as the Linux backend does on an SMBus-only adapter.
    ///
    /// Accepted: a quick command (one empty write), one write of 1–33 bytes (command and up to 32
    /// data bytes), one read of 1 byte, and a 1-byte write followed by a read of 1–32 bytes. Each
    /// shape also needs one of the SMBus transfers that carry it in ``functionality``.
    func checkSMBusShape(_ address: I2CAddress, _ operations: [I2COperation]) throws(HALError) {
        let carriers = smbusCarriers(operations)
        guard carriers.isDisjoint(with: functionality) else { return }
        let shape = operations.map { "\($0.direction == .write ? "write" : "read") of \($0.bytes.count)" }
        throw failure(
            .unsupported, address,
            hint: "\(name) does SMBus only and cannot express \(shape.joined(separator: " then ")); "
                + "use a plain I2C adapter or a transaction SMBus can carry")
    }

    /// The SMBus transfers that could carry the transaction; empty when none can.
    private func smbusCarriers(_ operations: [I2COperation]) -> I2CFunctionality {
        let maxBlock = I2CFunctionality.smbusBlockMaxBytes
        switch (operations.first, operations.count > 1 ? operations[1] : nil, operations.count) {
        case (let first?, nil, 1) where first.direction == .write:
            switch first.bytes.count {
            case 0: return .smbusQuick
            case 1: return .smbusWriteByte
            case 2: return [.smbusWriteByteData, .smbusWriteI2CBlock]
            case 3: return [.smbusWriteWordData, .smbusWriteI2CBlock]
            case 4...(maxBlock + 1): return .smbusWriteI2CBlock
            default: return []
            }
        case (let first?, nil, 1) where first.bytes.count == 1:
            return .smbusReadByte
        case (let first?, let second?, 2)
        where first.direction == .write && first.bytes.count == 1 && second.direction == .read:
            switch second.bytes.count {
            case 1: return [.smbusReadByteData, .smbusReadI2CBlock]
            case 2: return [.smbusReadWordData, .smbusReadI2CBlock]
            case 3...maxBlock: return .smbusReadI2CBlock
            default: return []
            }
        default:
            return []
        }
    }
}
