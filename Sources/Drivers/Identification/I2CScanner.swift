// SensorGate — Drivers: scanning an I2C bus as i2cdetect does.

import HAL

/// What one address of a scan found.
public enum I2CScanStatus: Sendable, Hashable {
    /// Nothing acknowledged.
    case empty
    /// A device acknowledged.
    case present
    /// An operating-system driver holds the address (`UU` in i2cdetect); it was not probed.
    case heldByDriver
    /// The probe failed for another reason than a missing acknowledge.
    case error(HALError)
}

/// One address of a scan.
public struct I2CScanEntry: Sendable {
    /// The address.
    public let address: I2CAddress
    /// What was found there.
    public let status: I2CScanStatus
    /// The supported chips it identified as, with evidence (empty when unknown or absent).
    public let chips: [(signature: ChipSignature, evidence: String)]
}

/// Scans a bus: probes each address, then asks each device that answers which supported chip it is.
public struct I2CScanner {
    private let bus: I2CBus

    /// Creates a scanner.
    /// - Parameter bus: the bus to scan.
    public init(bus: I2CBus) { self.bus = bus }

    /// Scans `range` (default 0x08–0x77, the non-reserved addresses, as i2cdetect does).
    ///
    /// Like i2cdetect's default mode, addresses 0x30–0x37 and 0x50–0x5F are probed with a one-byte
    /// read (a quick write can corrupt EEPROMs there) and the rest with a quick write; an adapter
    /// lacking one of the two uses the other. Addresses an operating-system driver holds are skipped.
    /// - Parameter range: the addresses to scan.
    /// - Returns: one entry per address, in order.
    public func scan(_ range: ClosedRange<UInt8> = 0x08...0x77) -> [I2CScanEntry] {
        let ownership = bus as? I2CDriverOwnership
        let identifier = ChipIdentifier(bus: bus)
        return range.map { raw in
            let address = I2CAddress(raw)
            if ownership?.isHeldByKernelDriver(address) == true {
                return I2CScanEntry(address: address, status: .heldByDriver, chips: [])
            }
            let status = probe(address)
            let chips =
                status == .present ? identifier.identify(at: address).map { (signature: $0.0, evidence: $0.1) } : []
            return I2CScanEntry(address: address, status: status, chips: chips)
        }
    }

    /// Probes one address.
    /// - Parameter address: the address.
    /// - Returns: `.present`, `.empty` or `.error`.
    public func probe(_ address: I2CAddress) -> I2CScanStatus {
        let readFirst = (0x30...0x37).contains(address.rawValue) || (0x50...0x5F).contains(address.rawValue)
        let canQuick = bus.functionality.contains(.plainI2C) || bus.functionality.contains(.smbusQuick)
        let canRead = bus.functionality.contains(.plainI2C) || bus.functionality.contains(.smbusReadByte)
        do {
            if (readFirst && canRead) || !canQuick {
                _ = try bus.read(address, count: 1)
            } else {
                try bus.write(address, [])
            }
            return .present
        } catch {
            if case .noAcknowledge = error.kind { return .empty }
            return .error(error)
        }
    }
}
