// SensorGate — HAL: one message of an I2C transaction.

/// One message of an I2C transaction: a write of some bytes, or a read of a fixed count.
///
/// A read operation's `bytes` has the length to read and receives the data, so a driver that keeps
/// its operations array between calls transfers without allocating.
public struct I2COperation: Sendable, Hashable {
    /// The direction of a message.
    public enum Direction: Sendable, Hashable {
        /// Controller to target.
        case write
        /// Target to controller.
        case read
    }

    /// Whether the message writes or reads.
    public var direction: Direction
    /// The bytes written, or the buffer the read fills (its length is the count read).
    public var bytes: [UInt8]

    /// Creates a message.
    /// - Parameters:
    ///   - direction: write or read.
    ///   - bytes: the bytes to write, or a buffer with the length to read.
    public init(direction: Direction, bytes: [UInt8]) {
        self.direction = direction
        self.bytes = bytes
    }

    /// A write message.
    /// - Parameter bytes: the bytes to send after the address.
    public static func write(_ bytes: [UInt8]) -> I2COperation { I2COperation(direction: .write, bytes: bytes) }

    /// A read message of `count` bytes.
    /// - Parameter count: how many bytes to read; the controller acknowledges all but the last.
    public static func read(count: Int) -> I2COperation {
        I2COperation(direction: .read, bytes: [UInt8](repeating: 0, count: max(0, count)))
    }
}
