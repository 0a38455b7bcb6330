// SensorGate — Modem: what the AT engine reports: completions, unsolicited results, noise.

/// Identifies a command handed to ``ATEngine/send(_:now:)``; numbers count up from 1.
public struct ATCommandID: Sendable, Hashable {
    /// The sequence number.
    public let rawValue: Int
    /// Creates an identifier.
    /// - Parameter rawValue: the sequence number.
    public init(rawValue: Int) { self.rawValue = rawValue }
}

/// How a command ended.
public enum ATStatus: Sendable, Hashable {
    /// A final result arrived (for a two-phase command: the first, or `OK` and then the deferred line).
    case final(ATFinal)
    /// The time ran out in `phase`.
    case timeout(ATPhase)
    /// The module restarted (it printed this boot line) before answering: the command is void.
    case interrupted(String)
}

/// The phases of a command.
public enum ATPhase: Sendable, Hashable {
    /// Waiting for the final result.
    case response
    /// Waiting for the deferred result of a two-phase command, after its `OK`.
    case deferred
}

/// The complete answer to one command.
public struct ATReply: Sendable, Hashable {
    /// How the command ended.
    public var status: ATStatus
    /// Its information responses, in order.
    public var lines: [String] = []
    /// Raw bytes announced by a response line.
    public var payload: [UInt8] = []
    /// The deferred result line of a two-phase command.
    public var deferredLine: String?
    /// Whether the command's payload was written (its prompt came); false for commands without one.
    public var payloadWritten = false

    /// Creates a reply.
    /// - Parameters:
    ///   - status: how the command ended.
    ///   - lines: information responses.
    ///   - payload: raw bytes read.
    ///   - deferredLine: the deferred result line.
    ///   - payloadWritten: whether the command's payload was written. Default: false.
    public init(
        status: ATStatus, lines: [String] = [], payload: [UInt8] = [], deferredLine: String? = nil,
        payloadWritten: Bool = false
    ) {
        self.status = status
        self.lines = lines
        self.payload = payload
        self.deferredLine = deferredLine
        self.payloadWritten = payloadWritten
    }

    /// Whether the command succeeded (its final result is a success and no phase timed out).
    public var isSuccess: Bool {
        if case .final(let final) = status { return final.isSuccess }
        return false
    }
}

/// A consumer of unsolicited result codes: the network registration tracker, the sockets, the SIM.
public struct ATConsumer: Sendable, Hashable {
    /// Its name.
    public let name: String
    /// Creates a consumer name.
    /// - Parameter name: the name.
    public init(_ name: String) { self.name = name }
}

/// An unsolicited result code, routed to its consumer.
public struct ATUnsolicited: Sendable, Hashable {
    /// Who takes it.
    public var consumer: ATConsumer
    /// The line.
    public var line: String
    /// Raw bytes it announced (direct-push socket data), if any.
    public var payload: [UInt8]

    /// Creates an unsolicited result.
    /// - Parameters:
    ///   - consumer: who takes it.
    ///   - line: the line.
    ///   - payload: raw bytes it announced. Default: none.
    public init(consumer: ATConsumer, line: String, payload: [UInt8] = []) {
        self.consumer = consumer
        self.line = line
        self.payload = payload
    }
}

/// Received bytes that were neither a response nor a routed URC.
public enum ATNoise: Sendable, Hashable {
    /// A line that was not text.
    case garbage([UInt8])
    /// The first bytes of a line longer than the limit.
    case overlongLine(prefix: [UInt8])
    /// A prompt while no command was waiting for one.
    case strayPrompt
    /// Payload bytes for a command that had already ended.
    case strayPayload([UInt8])
}

/// What the engine reports, in the order it happened.
public enum ATEngineEvent: Sendable, Hashable {
    /// A command ended.
    case completed(ATCommandID, ATReply)
    /// An unsolicited result code for a registered consumer.
    case unsolicited(ATUnsolicited)
    /// A text line nobody expected: no pending command's, no registered URC.
    case unhandled(String)
    /// Bytes that could not be used.
    case noise(ATNoise)
}
