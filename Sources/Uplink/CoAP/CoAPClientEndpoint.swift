// SensorGate — Uplink/CoAP: the client side of CoAP, without I/O.

import HAL

/// A response to a request.
public struct CoAPResponse: Sendable, Equatable {
    /// The response code.
    public var code: CoAPCode
    /// Its options.
    public var options: [CoAPOption]
    /// Its payload.
    public var payload: [UInt8]

    /// Creates a response.
    public init(code: CoAPCode, options: [CoAPOption], payload: [UInt8]) {
        self.code = code
        self.options = options
        self.payload = payload
    }
}

/// The client endpoint as a state machine without I/O (after swift-nio's handlers): the caller hands it
/// datagrams and the time, and it says what to send and when a request completed.
///
/// One request at a time (NSTART = 1). A request is a confirmable message, retransmitted after
/// ACK_TIMEOUT × a random factor, doubling each time, MAX_RETRANSMIT times; a payload larger than
/// ``CoAPSettings/blockSize`` goes block-wise (RFC 7959 Block1), following 2.31 Continue and a server's
/// smaller block size, and renegotiating after 4.13 Request Entity Too Large. Responses may be
/// piggybacked on the ACK or come separately (a confirmable separate response is acknowledged, and a
/// repeated one, recognised by its message ID, is acknowledged again but not delivered twice).
public struct CoAPClientEndpoint: Sendable {
    /// What the caller must do.
    public enum Event: Sendable, Equatable {
        /// Send this datagram to the server.
        case send([UInt8])
        /// The request completed with this response (a 2.xx code).
        case response(CoAPResponse)
        /// The request failed.
        case failed(CoAPError)
    }

    private struct Pending {
        var method: CoAPCode
        var options: [CoAPOption]
        var payload: [UInt8]
        var token: [UInt8]
        /// The block size exponent when going block-wise, nil to send the payload whole.
        var szx: UInt8?
        var blockNumber: UInt32 = 0
        var renegotiations = 0
        /// The confirmable message in flight.
        var message: CoAPMessage
        var bytes: [UInt8]
        var retransmissions = 0
        var timeout: Duration = .zero
        /// When to retransmit (nil once acknowledged).
        var deadline: Duration?
        /// After an empty ACK: when to stop waiting for the separate response.
        var separateDeadline: Duration?
    }

    /// The settings.
    public let settings: CoAPSettings
    private var random: SplitMix64
    private var nextMessageID: UInt16
    private var pending: Pending?
    /// Confirmable messages from the server already acknowledged: message ID → (forget after, our ACK).
    private var seen: [UInt16: (expires: Duration, ack: [UInt8])] = [:]

    /// A client endpoint; `seed` fixes its message IDs, tokens and timeouts.
    public init(settings: CoAPSettings = CoAPSettings(), seed: UInt64) {
        self.settings = settings
        random = SplitMix64(seed: seed)
        nextMessageID = UInt16.random(in: 0...UInt16.max, using: &random)
    }

    /// True while a request is in progress.
    public var isBusy: Bool { pending != nil }

    /// When ``poll(now:)`` next has something to do, if anything is pending.
    public var nextDeadline: Duration? {
        guard let pending else { return nil }
        return pending.deadline ?? pending.separateDeadline
    }

    /// Starts a confirmable request and returns the first datagram to send.
    /// - Parameters:
    ///   - method: ``CoAPCode/post`` or ``CoAPCode/put`` (or any request code).
    ///   - path: the Uri-Path, `a/b`.
    ///   - contentFormat: the Content-Format number (42 application/octet-stream), or nil.
    /// - Throws: ``CoAPError/Kind/invalidInput`` when a request is already in progress or the payload
    ///   needs more than 2²⁰ blocks.
    public mutating func request(
        _ method: CoAPCode, path: String, payload: [UInt8], contentFormat: UInt32? = 42, now: Duration
    ) throws(CoAPError) -> [UInt8] {
        guard pending == nil else { throw CoAPError(.invalidInput, "a request is already in progress") }
        var options = CoAPOption.uriPath(path)
        if let contentFormat { options.append(CoAPOption(number: .contentFormat, uint: contentFormat)) }
        let token = (0..<4).map { _ in UInt8.random(in: 0...255, using: &random) }
        let szx = payload.count > settings.blockSize ? CoAPBlock.szx(forSize: settings.blockSize) : nil
        if let szx, (payload.count + (1 << (Int(szx) + 4)) - 1) >> (Int(szx) + 4) > 1 << 20 {
            throw CoAPError(.invalidInput, "a payload of \(payload.count) bytes needs more than 2^20 blocks")
        }
        let placeholder = CoAPMessage(type: .confirmable, code: method, messageID: 0)
        pending = Pending(
            method: method, options: options, payload: payload, token: token, szx: szx, message: placeholder,
            bytes: [])
        return try transmitNext(now: now)
    }

    /// Retransmits or gives up when a deadline has passed.
    public mutating func poll(now: Duration) -> [Event] {
        seen = seen.filter { $0.value.expires > now }
        guard var current = pending else { return [] }
        if let deadline = current.deadline, now >= deadline {
            guard current.retransmissions < settings.maxRetransmit else {
                pending = nil
                return [
                    .failed(
                        CoAPError(
                            .timeout,
                            "no acknowledgement for message \(current.message.messageID) after "
                                + "\(current.retransmissions) retransmissions"))
                ]
            }
            current.retransmissions += 1
            current.timeout = current.timeout * 2
            current.deadline = now + current.timeout
            pending = current
            return [.send(current.bytes)]
        }
        if let separate = current.separateDeadline, now >= separate {
            pending = nil
            return [.failed(CoAPError(.timeout, "the server acknowledged but never sent its separate response"))]
        }
        return []
    }

    /// Handles a datagram from the server.
    public mutating func receive(_ datagram: [UInt8], now: Duration) -> [Event] {
        guard let message = try? CoAPMessage.decode(datagram) else { return [] }  // RFC 7252 §4.2: silently ignore
        switch message.type {
        case .acknowledgement, .reset:
            guard var current = pending, current.deadline != nil || current.separateDeadline == nil,
                message.messageID == current.message.messageID
            else { return [] }
            if message.type == .reset {
                pending = nil
                return [.failed(CoAPError(.reset, "the server reset message \(message.messageID)"))]
            }
            if message.code == .empty {
                current.deadline = nil
                current.separateDeadline = now + settings.exchangeLifetime
                pending = current
                return []
            }
            guard message.token == current.token else { return [] }
            return handleResponse(message, now: now)
        case .confirmable, .nonConfirmable:
            var events: [Event] = []
            if message.type == .confirmable {
                let ack =
                    (try? CoAPMessage(type: .acknowledgement, code: .empty, messageID: message.messageID).encoded())
                    ?? []
                if let earlier = seen[message.messageID] { return [.send(earlier.ack)] }
                guard let current = pending, message.code.isResponse, message.token == current.token else {
                    let reset =
                        (try? CoAPMessage(type: .reset, code: .empty, messageID: message.messageID).encoded())
                        ?? []
                    return [.send(reset)]
                }
                seen[message.messageID] = (now + settings.exchangeLifetime, ack)
                events.append(.send(ack))
            }
            guard let current = pending, message.code.isResponse, message.token == current.token else { return events }
            return events + handleResponse(message, now: now)
        }
    }

    // MARK: - Private

    private mutating func handleResponse(_ message: CoAPMessage, now: Duration) -> [Event] {
        guard var current = pending else { return [] }
        let code = message.code
        if code == .requestEntityTooLarge, current.renegotiations < settings.maxRenegotiations,
            let szx = smallerBlockSize(message, current: current)
        {
            // RFC 7959 §2.9.3: the server says how large a block it takes; start again from block 0.
            current.renegotiations += 1
            current.szx = szx
            current.blockNumber = 0
            pending = current
            return send { (endpoint) throws(CoAPError) in try endpoint.transmitNext(now: now) }
        }
        guard code.codeClass == 2 else {
            pending = nil
            let detail = message.payload.isEmpty ? "" : ": " + String(decoding: message.payload, as: UTF8.self)
            return [.failed(CoAPError(.rejected, "the server answered \(code)\(detail)"))]
        }
        if let szx = current.szx {
            let size = 1 << (Int(szx) + 4)
            let sent = Int(current.blockNumber + 1) * size
            if sent < current.payload.count {
                // 2.31 Continue (atomic) or 2.04 (non-atomic): the next block, at the server's size if smaller.
                var nextSZX = szx
                if let block = message.option(.block1).flatMap(CoAPBlock.init(option:)), block.szx < szx {
                    nextSZX = block.szx
                }
                current.szx = nextSZX
                current.blockNumber = UInt32(sent >> (Int(nextSZX) + 4))
                pending = current
                return send { (endpoint) throws(CoAPError) in try endpoint.transmitNext(now: now) }
            }
        }
        pending = nil
        return [.response(CoAPResponse(code: code, options: message.options, payload: message.payload))]
    }

    /// The block size a 4.13 asks for: its Block1 SZX if smaller than ours, else from Size1, else one
    /// step below ours; nil when there is nothing smaller to try.
    private func smallerBlockSize(_ message: CoAPMessage, current: Pending) -> UInt8? {
        let ours = current.szx ?? (CoAPBlock.szx(forSize: settings.blockSize) ?? 6) + 1
        if let block = message.option(.block1).flatMap(CoAPBlock.init(option:)), block.szx < ours {
            return block.szx
        }
        if let size1 = message.option(.size1)?.uintValue, size1 >= 16 {
            let fit = UInt8(min(6, (31 - UInt32(size1).leadingZeroBitCount) - 4))
            if fit < ours { return fit }
        }
        return ours > 0 ? ours - 1 : nil
    }

    private mutating func send(_ next: (inout CoAPClientEndpoint) throws(CoAPError) -> [UInt8]) -> [Event] {
        do {
            return [.send(try next(&self))]
        } catch {
            pending = nil
            return [.failed(error)]
        }
    }

    /// Builds the next confirmable message (the whole payload, or the current block) and arms its timer.
    private mutating func transmitNext(now: Duration) throws(CoAPError) -> [UInt8] {
        guard var current = pending else { throw CoAPError(.invalidInput, "no request in progress") }
        var options = current.options
        var payload = current.payload
        if let szx = current.szx {
            let size = 1 << (Int(szx) + 4)
            let start = Int(current.blockNumber) * size
            let end = min(start + size, current.payload.count)
            options.append(
                CoAPBlock(number: current.blockNumber, more: end < current.payload.count, szx: szx).option(.block1))
            if current.blockNumber == 0 {
                options.append(CoAPOption(number: .size1, uint: UInt32(current.payload.count)))
            }
            payload = Array(current.payload[start..<end])
        }
        nextMessageID &+= 1
        current.message = CoAPMessage(
            type: .confirmable, code: current.method, messageID: nextMessageID, token: current.token, options: options,
            payload: payload)
        do {
            current.bytes = try current.message.encoded()
        } catch {
            pending = nil
            throw error
        }
        let factor = Double.random(in: 1...settings.ackRandomFactor, using: &random)
        current.timeout = settings.ackTimeout * factor
        current.retransmissions = 0
        current.deadline = now + current.timeout
        current.separateDeadline = nil
        pending = current
        return current.bytes
    }
}
