// SensorGate — Modem: framing of the byte stream from a modem into lines, prompts and payloads.

/// Splits the bytes from a modem into ``ATEvent``s, whatever the chunking of the reads.
///
/// Pure: no I/O, no clock. Bytes go in with ``append(_:)``; events come out one at a time from
/// ``next()``, so that between two events the engine can change what comes next (a payload of N
/// bytes after `+QIRD: N`, a prompt after `AT+QISEND`). Lines end at CR, LF or CRLF; a LF right after
/// the CR that ended a line belongs to that line. Empty lines are skipped. Buffers are bounded: a
/// line longer than ``maxLineBytes`` is reported and discarded, and a payload is handed out in
/// pieces of at most ``maxPayloadBytes``.
public struct ATDecoder: Sendable {
    /// The longest line kept; longer lines become ``ATEvent/overlongLine(prefix:)``.
    public let maxLineBytes: Int
    /// The largest payload piece handed out at once.
    public let maxPayloadBytes: Int
    /// Whether a `>` at the start of a line is taken as the prompt.
    public private(set) var isPromptExpected = false
    /// How many payload bytes are still to come.
    public private(set) var payloadBytesRemaining = 0

    private var input: [UInt8] = []
    private var inputOffset = 0
    private var line: [UInt8] = []
    private var payload: [UInt8] = []
    private var discarding = false
    private var skipLineFeed = false
    private var skipPromptSpace = false
    private var expectedEcho: [UInt8]?
    private var inlineHeader: (prefix: [UInt8], commas: Int)?

    /// Creates a decoder.
    /// - Parameters:
    ///   - maxLineBytes: the longest line kept, at least 1. Default: 4096.
    ///   - maxPayloadBytes: the largest payload piece, at least 1. Default: 65536.
    public init(maxLineBytes: Int = 4096, maxPayloadBytes: Int = 65536) {
        self.maxLineBytes = max(1, maxLineBytes)
        self.maxPayloadBytes = max(1, maxPayloadBytes)
    }

    /// Queues received bytes for ``next()``.
    /// - Parameter bytes: the bytes of one read, in any chunking.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        if inputOffset > 0 {
            input.removeFirst(inputOffset)
            inputOffset = 0
        }
        input.append(contentsOf: bytes)
    }

    /// Appends `bytes` and returns every event they complete.
    ///
    /// Only for streams whose framing does not change mid-way (no payloads); otherwise use
    /// ``append(_:)`` and ``next()``.
    /// - Parameter bytes: the bytes of one read.
    /// - Returns: the completed events, in order.
    public mutating func feed(_ bytes: some Collection<UInt8>) -> [ATEvent] {
        append(bytes)
        var events: [ATEvent] = []
        while let event = next() { events.append(event) }
        return events
    }

    /// Takes the prompt `>` at the start of a line as ``ATEvent/prompt`` (once), or stops doing so.
    /// - Parameter expected: true after sending a command that answers with a prompt.
    public mutating func expectPrompt(_ expected: Bool) { isPromptExpected = expected }

    /// Takes the next line equal to `command` as its ``ATEvent/echo(_:)`` (once).
    /// - Parameter command: the command as sent, without its CR; nil to stop expecting an echo.
    public mutating func expectEcho(of command: String?) { expectedEcho = command.map { Array($0.utf8) } }

    /// Ends a line starting with `prefix` at its `commas`-th comma, because raw data follows on the same
    /// line (SIMCom `+CARECV: <len>,<data>`); the engine then counts the announced bytes.
    /// - Parameters:
    ///   - prefix: the header's prefix; nil to stop.
    ///   - commas: the comma after which the data starts. Default: 1.
    public mutating func expectInlineHeader(prefix: String?, commas: Int = 1) {
        inlineHeader = prefix.map { (Array($0.utf8), max(1, commas)) }
    }

    /// Takes the next `byteCount` bytes as payload, whatever they contain.
    /// - Parameter byteCount: the number of raw bytes; 0 or less expects none.
    public mutating func expectPayload(byteCount: Int) { payloadBytesRemaining = max(0, byteCount) }

    /// Forgets all buffered bytes and expectations.
    public mutating func reset() { self = ATDecoder(maxLineBytes: maxLineBytes, maxPayloadBytes: maxPayloadBytes) }

    /// The next complete event, or nil when the queued bytes complete none.
    /// - Returns: the event.
    public mutating func next() -> ATEvent? {
        while inputOffset < input.count {
            if skipLineFeed {
                skipLineFeed = false
                if input[inputOffset] == ATByte.lineFeed {
                    inputOffset += 1
                    continue
                }
            }
            if payloadBytesRemaining > 0 {
                if let piece = takePayload() { return piece }
                continue
            }
            let byte = input[inputOffset]
            inputOffset += 1
            if let event = consume(byte) { return event }
        }
        return nil
    }

    // MARK: - Helpers

    private mutating func takePayload() -> ATEvent? {
        let count = min(payloadBytesRemaining, input.count - inputOffset, maxPayloadBytes - payload.count)
        payload.append(contentsOf: input[inputOffset..<(inputOffset + count)])
        inputOffset += count
        payloadBytesRemaining -= count
        guard payloadBytesRemaining == 0 || payload.count == maxPayloadBytes else { return nil }
        defer { payload.removeAll(keepingCapacity: true) }
        return .payload(payload)
    }

    private mutating func consume(_ byte: UInt8) -> ATEvent? {
        if skipPromptSpace {
            skipPromptSpace = false
            if byte == ATByte.space { return nil }
        }
        if byte == ATByte.carriageReturn || byte == ATByte.lineFeed {
            skipLineFeed = byte == ATByte.carriageReturn
            return finishLine()
        }
        if discarding { return nil }
        if line.count == maxLineBytes {
            discarding = true
            defer { line.removeAll(keepingCapacity: true) }
            return .overlongLine(prefix: Array(line.prefix(32)))
        }
        if byte == ATByte.comma, let header = inlineHeader, line.starts(with: header.prefix),
            line.count(where: { $0 == ATByte.comma }) + 1 == header.commas
        {
            inlineHeader = nil
            return finishLine()
        }
        line.append(byte)
        if isPromptExpected && line == [ATByte.greaterThan] {
            line.removeAll(keepingCapacity: true)
            isPromptExpected = false
            skipPromptSpace = true
            return .prompt
        }
        return nil
    }

    private mutating func finishLine() -> ATEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if discarding {
            discarding = false
            return nil
        }
        guard !line.isEmpty else { return nil }
        if let echo = expectedEcho, line == echo {
            expectedEcho = nil
            return .echo(String(decoding: line, as: UTF8.self))
        }
        guard let text = ATText.decode(line) else { return .garbage(line) }
        return .line(text)
    }
}
