// SensorGate — HAL: an edge on an input line, as the kernel timestamped it.

/// An edge seen on an input line.
public struct GPIOEdgeEvent: Sendable, Hashable {
    /// The direction of an edge.
    public enum Edge: Sendable, Hashable {
        /// Inactive to active.
        case rising
        /// Active to inactive.
        case falling
    }

    /// Which edge.
    public var edge: Edge
    /// When it happened, on the monotonic clock, as the kernel stamped it in its interrupt handler.
    public var timestamp: MonotonicInstant
    /// The line's offset on its chip.
    public var lineOffset: UInt32
    /// The kernel's sequence number for the line (v2), or a count kept by the backend; gaps mean lost events.
    public var sequence: UInt64

    /// Creates an event.
    /// - Parameters:
    ///   - edge: rising or falling.
    ///   - timestamp: monotonic time of the edge.
    ///   - lineOffset: the line's offset.
    ///   - sequence: the event's sequence number.
    public init(edge: Edge, timestamp: MonotonicInstant, lineOffset: UInt32, sequence: UInt64) {
        self.edge = edge
        self.timestamp = timestamp
        self.lineOffset = lineOffset
        self.sequence = sequence
    }
}
