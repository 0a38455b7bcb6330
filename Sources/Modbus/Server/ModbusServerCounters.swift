// SensorGate — Modbus: the server's counters, updated from any connection's thread.

import Synchronization

/// What the server has seen; read at any time from any thread.
public final class ModbusServerCounters: Sendable {
    private let values: Mutex<[Int]>

    /// What is counted.
    public enum Counter: Int, CaseIterable, Sendable {
        /// Connections accepted (allowed by the allow-list).
        case connections
        /// Connections refused by the allow-list or the client limit.
        case refusedConnections
        /// Requests answered (normal or exception responses).
        case requests
        /// Exception responses sent.
        case exceptions
        /// Frames that broke MBAP framing; each closed its connection.
        case malformedFrames
        /// Requests for a unit identifier the server does not serve (answered with exception 0x0B).
        case unknownUnits
    }

    /// All zero.
    public init() { values = Mutex(Array(repeating: 0, count: Counter.allCases.count)) }

    /// Adds one.
    /// - Parameter counter: which.
    public func increment(_ counter: Counter) { values.withLock { $0[counter.rawValue] += 1 } }

    /// The current count.
    /// - Parameter counter: which.
    /// - Returns: the count.
    public subscript(_ counter: Counter) -> Int { values.withLock { $0[counter.rawValue] } }
}
