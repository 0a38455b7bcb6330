// SensorGate — Board: checking a board's wiring against its file.

import Drivers
import HAL

/// What probing found for one expected device.
public enum DeviceProbeOutcome: Sendable {
    /// The device answered with the expected identity.
    case found(evidence: String)
    /// Nothing answered at the device's address.
    case missing
    /// Something answered, but not as the expected chip; `identifiedAs` names what it is, if known.
    case wrongChip(found: String, identifiedAs: String?)
    /// The device could not be checked (its bus did not open, or the check failed on the bus).
    case unreachable(HALError)
}

/// The result of probing a board.
public struct BoardProbeReport: Sendable {
    /// One outcome per expected device, in file order.
    public var devices: [(device: DeviceDescription, outcome: DeviceProbeOutcome)] = []
    /// Each I2C bus's scan, by bus name, in file order.
    public var scans: [(bus: BusDescription, entries: [I2CScanEntry])] = []
    /// Buses that failed to open, with the reason.
    public var busFailures: [(bus: BusDescription, error: HALError)] = []

    /// Whether every expected device was found.
    public var allFound: Bool {
        busFailures.isEmpty && devices.allSatisfy { if case .found = $0.outcome { true } else { false } }
    }
}

/// Probes every bus of a bound board and checks every expected device.
public enum BoardProbe {
    /// Scans each I2C bus and checks each expected device's identity.
    /// - Parameter board: the bound board.
    /// - Returns: the report.
    public static func run(_ board: BoundBoard) -> BoardProbeReport {
        var report = BoardProbeReport()
        for bus in board.description.buses {
            if let error = board.failures[bus.name] { report.busFailures.append((bus, error)) }
            if let i2c = board.i2cBuses[bus.name] { report.scans.append((bus, I2CScanner(bus: i2c).scan())) }
        }
        for device in board.description.devices {
            report.devices.append((device, outcome(device, board)))
        }
        return report
    }

    private static func outcome(_ device: DeviceDescription, _ board: BoundBoard) -> DeviceProbeOutcome {
        guard let signature = ChipCatalog.signature(device.compatible) else {
            return .unreachable(HALError(.unsupported, device: device.bus, operation: "identify \(device.compatible)"))
        }
        if let address = device.address {
            guard let bus = board.i2cBuses[device.bus] else {
                return .unreachable(
                    board.failures[device.bus] ?? HALError(.notFound, device: device.bus, operation: "open"))
            }
            let identifier = ChipIdentifier(bus: bus)
            switch identifier.check(signature, at: address) {
            case .matches(let evidence):
                return .found(evidence: evidence)
            case .differs(let found):
                let other = identifier.identify(at: address).first?.0.compatible
                return .wrongChip(found: found, identifiedAs: other)
            case .absent:
                return .missing
            case .failed(let error):
                if case .noAcknowledge = error.kind { return .missing }
                return .unreachable(error)
            }
        }
        guard let spi = board.spiDevices[device.label] else {
            return .unreachable(
                board.failures[device.label] ?? HALError(.notFound, device: device.bus, operation: "open"))
        }
        let identifier = SPIChipIdentifier(device: spi)
        switch identifier.check(signature) {
        case .matches(let evidence):
            return .found(evidence: evidence)
        case .differs(let found):
            let other = ChipCatalog.all.first { $0.hasSPI && $0 != signature && identifier.check($0).isMatch }
            return .wrongChip(found: found, identifiedAs: other?.compatible)
        case .absent:
            return .missing
        case .failed(let error):
            return .unreachable(error)
        }
    }
}
