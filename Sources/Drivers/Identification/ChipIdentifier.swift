// SensorGate — Drivers: asking a device at an address what it is.

import HAL

/// The answer of a device to one chip's identification.
public enum IdentityAnswer: Sendable, Hashable {
    /// The device is this chip; `evidence` says what it answered (`id 0x58 at 0xd0`).
    case matches(evidence: String)
    /// The device answered, but not as this chip; `found` says what it answered.
    case differs(found: String)
    /// Nothing is there: on SPI, which has no acknowledge, the bytes read are those of an empty place
    /// (all ones from a pulled-up MISO line, or all zeros).
    case absent(found: String)
    /// The device could not be asked (it did not answer, or the adapter cannot express the check).
    case failed(HALError)
}

/// Runs chip identity checks over any ``I2CBus``.
public struct ChipIdentifier {
    private let bus: I2CBus

    /// Creates an identifier for a bus.
    /// - Parameter bus: the bus.
    public init(bus: I2CBus) { self.bus = bus }

    /// Checks whether the device at `address` is the chip `signature` describes.
    /// - Parameters:
    ///   - signature: the chip.
    ///   - address: where to ask.
    /// - Returns: the answer.
    public func check(_ signature: ChipSignature, at address: I2CAddress) -> IdentityAnswer {
        do {
            return try answer(signature.check, at: address)
        } catch {
            return .failed(error)
        }
    }

    /// The chips of ``ChipCatalog`` that the device at `address` matches, in catalog order.
    /// - Parameter address: where to ask.
    /// - Returns: the matching chips with their evidence.
    public func identify(at address: I2CAddress) -> [(ChipSignature, String)] {
        var found: [(ChipSignature, String)] = []
        for signature in ChipCatalog.all where signature.addresses.contains(address) {
            guard case .matches(let evidence) = check(signature, at: address) else { continue }
            found.append((signature, evidence))
            // A matching ID register settles it; only checksum matches leave room for another reading.
            if signature.check != .measPROM { break }
        }
        return found
    }

    private func answer(_ check: IdentityCheck, at address: I2CAddress) throws(HALError) -> IdentityAnswer {
        switch check {
        case .register(let register, let expected, let mask):
            let value = try bus.writeRead(address, [register], count: 1)[0] & mask
            return .register(register, value: value, expected: expected)
        case .register16(let register, let expected, let mask):
            let bytes = try bus.writeRead(address, [register], count: 2)
            let value = (UInt16(bytes[0]) << 8 | UInt16(bytes[1])) & mask
            let text = "id \(Hex.word(value)) at \(Hex.byte(register))"
            return value == expected ? .matches(evidence: text) : .differs(found: text)
        case .sensirionWord(let command):
            try bus.write(address, [UInt8(command >> 8), UInt8(command & 0xFF)])
            let bytes = try bus.read(address, count: 3)
            let valid = Checksums.sensirionCRC8(bytes[0..<2]) == bytes[2]
            let text = "word \(Hex.bytes(bytes[0..<2])) crc \(Hex.byte(bytes[2])) \(valid ? "valid" : "invalid")"
            return valid ? .matches(evidence: text) : .differs(found: text)
        case .measPROM:
            var words: [UInt16] = []
            for index in 0..<8 {
                let bytes = try bus.writeRead(address, [0xA0 + UInt8(index) * 2], count: 2)
                words.append(UInt16(bytes[0]) << 8 | UInt16(bytes[1]))
            }
            return IdentityAnswer.prom(words)
        }
    }
}

extension IdentityAnswer {
    /// Judges an ID register's value. `emptyPlace` lists the values that mean nothing is there (on SPI,
    /// which has no acknowledge, a floating or pulled-up MISO reads all zeros or all ones).
    static func register(
        _ register: UInt8, value: UInt8, expected: [UInt8], emptyPlace: Set<UInt8> = []
    ) -> IdentityAnswer {
        let text = "id \(Hex.byte(value)) at \(Hex.byte(register))"
        if expected.contains(value) { return .matches(evidence: text) }
        return emptyPlace.contains(value) ? .absent(found: text) : .differs(found: text)
    }

    /// Judges a MEAS PROM: valid CRC-4 matches; an all-zero or all-ones PROM (whose CRC is valid by
    /// accident) is an empty place, not a chip.
    static func prom(_ words: [UInt16]) -> IdentityAnswer {
        let crc = Checksums.measCRC4(words)
        if words.allSatisfy({ $0 == 0 }) || words.allSatisfy({ $0 == 0xFFFF }) {
            return .absent(found: "PROM all \(words.first == 0 ? "zeros" : "ones")")
        }
        let valid = crc == UInt8(words[7] & 0x000F)
        let text = "PROM crc4 \(Hex.byte(crc)) \(valid ? "valid" : "invalid")"
        return valid ? .matches(evidence: text) : .differs(found: text)
    }

    /// Whether the answer is a match.
    public var isMatch: Bool { if case .matches = self { true } else { false } }
}
