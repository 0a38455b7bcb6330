// SensorGate — HALSim: one expected I2C transaction of a scripted bus.

import HAL

/// One transaction a ``ScriptedI2CBus`` expects, and how it answers it.
public struct I2CExpectation: Sendable, Hashable {
    /// One expected message: the exact bytes written, or the bytes a read returns (its length must match).
    public enum Message: Sendable, Hashable {
        /// A write of exactly these bytes.
        case write([UInt8])
        /// A read of this many bytes, answered with them.
        case read([UInt8])
    }

    /// The expected address, or nil for any.
    public var address: I2CAddress?
    /// The expected messages, or nil for any.
    public var messages: [Message]?
    /// The answer.
    public var response: ScriptedResponse

    /// Creates an expectation.
    /// - Parameters:
    ///   - address: the expected address, or nil for any.
    ///   - messages: the expected messages, or nil for any.
    ///   - response: the answer. Default: `.complete`.
    public init(address: I2CAddress?, messages: [Message]?, response: ScriptedResponse = .complete) {
        self.address = address
        self.messages = messages
        self.response = response
    }

    /// A single write: `ST SAD+W bytes SP`.
    /// - Parameters:
    ///   - address: the target.
    ///   - bytes: the exact bytes.
    /// - Returns: the expectation.
    public static func write(address: I2CAddress, bytes: [UInt8]) -> I2CExpectation {
        I2CExpectation(address: address, messages: [.write(bytes)])
    }

    /// A single read, answered with `bytes`.
    /// - Parameters:
    ///   - address: the target.
    ///   - bytes: what the read returns; its count is the expected length.
    /// - Returns: the expectation.
    public static func read(address: I2CAddress, bytes: [UInt8]) -> I2CExpectation {
        I2CExpectation(address: address, messages: [.read(bytes)])
    }

    /// A write then a read with a repeated start (a register read).
    /// - Parameters:
    ///   - address: the target.
    ///   - write: the exact bytes written.
    ///   - read: what the read returns; its count is the expected length.
    /// - Returns: the expectation.
    public static func writeRead(address: I2CAddress, write: [UInt8], read: [UInt8]) -> I2CExpectation {
        I2CExpectation(address: address, messages: [.write(write), .read(read)])
    }

    /// Any sequence of messages.
    /// - Parameters:
    ///   - address: the target.
    ///   - messages: the messages in order.
    /// - Returns: the expectation.
    public static func transaction(address: I2CAddress, _ messages: [Message]) -> I2CExpectation {
        I2CExpectation(address: address, messages: messages)
    }

    /// Any transaction at `address`, answered by not acknowledging the address (an absent chip).
    /// - Parameter address: the target.
    /// - Returns: the expectation.
    public static func nack(address: I2CAddress) -> I2CExpectation {
        I2CExpectation(address: address, messages: nil, response: .error(.noAcknowledge(.address)))
    }

    /// Any transaction (at `address`, if given), answered with an error of `kind`.
    /// - Parameters:
    ///   - kind: the error kind to throw.
    ///   - address: the expected address, or nil for any.
    /// - Returns: the expectation.
    public static func error(_ kind: HALErrorKind, address: I2CAddress? = nil) -> I2CExpectation {
        I2CExpectation(address: address, messages: nil, response: .error(kind))
    }

    /// Whether a transaction matches: address, message count and directions, written bytes, read lengths.
    func matches(_ address: I2CAddress, _ operations: [I2COperation]) -> Bool {
        if let expected = self.address, expected != address { return false }
        guard let messages else { return true }
        guard messages.count == operations.count else { return false }
        return zip(messages, operations).allSatisfy { message, operation in
            switch message {
            case .write(let bytes): operation.direction == .write && operation.bytes == bytes
            case .read(let bytes): operation.direction == .read && operation.bytes.count == bytes.count
            }
        }
    }

    /// Spells a transaction as `0x76 write [0xd0], read 1`.
    static func describe(_ address: I2CAddress, _ operations: [I2COperation]) -> String {
        "\(address) "
            + operations.map { $0.direction == .write ? "write \(Hex.bytes($0.bytes))" : "read \($0.bytes.count)" }
            .joined(separator: ", ")
    }
}

extension I2CExpectation: CustomStringConvertible {
    /// The expectation as `0x76 write [0xd0], read 1`, with the answer when it is an error.
    public var description: String {
        let target = address?.description ?? "any address"
        let body =
            messages.map { messages in
                messages.map {
                    switch $0 {
                    case .write(let bytes): "write \(Hex.bytes(bytes))"
                    case .read(let bytes): "read \(bytes.count)"
                    }
                }
                .joined(separator: ", ")
            } ?? "any transaction"
        guard case .error(let kind) = response else { return "\(target) \(body)" }
        return "\(target) \(body), answered with \(kind)"
    }
}
