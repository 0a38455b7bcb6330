// SensorGate — Gateway: the board's `modem: lines:` as the uplink's line wiring.

import Board
import Modem

extension MQTTUplink {
    /// The control lines a board's `modem:` section wires, each on its GPIO chip's path.
    /// - Parameters:
    ///   - modem: the board's `modem:` section.
    ///   - board: the board (its `gpio:` chips).
    /// - Returns: the wiring by role; empty when the section wires none.
    public static func lineWiring(_ modem: ModemDescription, on board: BoardDescription)
        -> [ModemLineRole: ModemLineWiring]
    {
        var wiring: [ModemLineRole: ModemLineWiring] = [:]
        for (role, line) in modem.lines {
            let path = board.gpioChips.first { $0.name == line.line.chip }?.path ?? line.line.chip
            wiring[role] = ModemLineWiring(chipPath: path, offset: line.line.offset, activeLow: line.activeLow)
        }
        return wiring
    }
}
