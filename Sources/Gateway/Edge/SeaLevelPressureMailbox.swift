// SensorGate — Gateway: a new sea-level pressure (downlink `set-qnh`), handed to the sampling thread.

import Envelope
import Foundation
import Synchronization

/// Hands the sea-level pressure of a `set-qnh` command from the delivery's thread to the edge stage on
/// the sampling thread, lock-free: one atomic word holds the request's serial number and the pressure,
/// another the serial the stage applied last. The stage looks once per barometer reading; a newer
/// request replaces one not yet applied (only the latest reference matters).
final class SeaLevelPressureMailbox: Sendable {
    /// The file in the state folder that keeps the last sea-level pressure across restarts (0.1 Pa).
    static let fileName = "sea-level-pressure"

    /// serial << 32 | pressure in 0.1 Pa; 0 before the first request.
    private let request = Atomic<UInt64>(0)
    private let applied = Atomic<UInt32>(0)
    private let serial = Atomic<UInt32>(0)

    /// Posts a pressure (any thread).
    /// - Parameter deciPascals: the sea-level pressure in 0.1 Pa.
    /// - Returns: the request's ticket, for ``isApplied(_:)``.
    func post(deciPascals: UInt32) -> UInt32 {
        let ticket = serial.add(1, ordering: .relaxed).newValue
        request.store(UInt64(ticket) << 32 | UInt64(deciPascals), ordering: .releasing)
        return ticket
    }

    /// The pressure posted since the last call, in Pa, or nil (sampling thread). Marks it applied.
    func take() -> Double? {
        let word = request.load(ordering: .acquiring)
        let ticket = UInt32(truncatingIfNeeded: word >> 32)
        guard ticket != 0, ticket != applied.load(ordering: .relaxed) else { return nil }
        applied.store(ticket, ordering: .releasing)
        return Double(UInt32(truncatingIfNeeded: word)) / 10
    }

    /// Whether the request `ticket`, or a newer one that replaced it, has been applied.
    func isApplied(_ ticket: UInt32) -> Bool {
        applied.load(ordering: .acquiring) &- ticket < UInt32.max / 2
    }

    /// Keeps `deciPascals` in `file` (atomically), for the next start.
    /// - Returns: why it could not, or nil.
    static func save(_ deciPascals: UInt32, to file: String) -> String? {
        do {
            try Data("\(deciPascals)\n".utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
            return nil
        } catch {
            return "\(file): cannot keep the sea-level pressure (\(error.localizedDescription))"
        }
    }

    /// The pressure kept in `file` by an earlier run, in 0.1 Pa; nil when there is none or it is not one
    /// (not a number, or outside what `set-qnh` takes).
    static func load(from file: String) -> UInt32? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
            let value = UInt32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
            OperatorCommand.seaLevelDeciPascals.contains(value)
        else { return nil }
        return value
    }
}
