// SensorGate — sensorgate: the JSON Lines form of probe results.

import Board
import Drivers
import Foundation
import HAL

/// JSON Lines output of `probe --json`: one object per device found or checked.
enum ProbeJSON {
    /// Writes one object as a line.
    static func emit(_ object: [String: String]) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(object) else { return }
        print(String(decoding: data, as: UTF8.self))
    }

    /// A scanned address.
    static func scanEntry(_ entry: I2CScanEntry, bus: String) -> [String: String] {
        var object = ["bus": bus, "address": entry.address.description]
        switch entry.status {
        case .present: object["status"] = "present"
        case .heldByDriver: object["status"] = "kernel-driver"
        case .error(let error): object["status"] = "error"; object["error"] = error.description
        case .empty: object["status"] = "empty"
        }
        if let (signature, evidence) = entry.chips.first {
            object["chip"] = signature.compatible
            object["evidence"] = evidence
        }
        return object
    }

    /// An expected device's outcome.
    static func device(_ device: DeviceDescription, _ outcome: DeviceProbeOutcome) -> [String: String] {
        var object = ["sensor": device.label, "chip": device.compatible, "bus": device.bus]
        if let address = device.address { object["address"] = address.description }
        if let chipSelect = device.chipSelect { object["chip_select"] = String(chipSelect) }
        switch outcome {
        case .found(let evidence): object["status"] = "ok"; object["evidence"] = evidence
        case .missing: object["status"] = "missing"
        case .wrongChip(let found, let other):
            object["status"] = "wrong-chip"
            object["found"] = found
            if let other { object["looks_like"] = other }
        case .unreachable(let error): object["status"] = "error"; object["error"] = error.description
        }
        return object
    }
}
