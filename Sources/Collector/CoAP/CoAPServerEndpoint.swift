// SensorGate — Collector/CoAP: the server side of CoAP for uploads, without I/O.

import Uplink

/// Accepts POST and PUT uploads, whole or block-wise (RFC 7959 Block1), without I/O: the caller hands
/// it each datagram with its sender and the time, and sends back what it returns.
///
/// Confirmable requests are de-duplicated by (sender, message ID) for EXCHANGE_LIFETIME: a repeated one
/// gets the same answer again and never reaches the handler twice. A repetition must carry the same token
/// (a retransmission is the same datagram); a request that reuses a remembered message ID with another
/// token is a new exchange from a client whose 16-bit IDs came round within the lifetime (one sending more
/// than 265 messages a second, as an accelerated simulation does), and answering it from the cache would
/// give that client a reply to its old request, which it discards, retransmits and finally gives up on.
/// A block-wise body is reassembled per (sender, Uri-Path): each block but the last is answered 2.31 Continue, a block out of order 4.08
/// Request Entity Incomplete, a body above ``maxBodyBytes`` 4.13 with Size1; the whole body goes to the
/// handler, whose code is the final answer.
public struct CoAPServerEndpoint<Peer: Hashable & Sendable>: Sendable {
    private struct Assembly {
        var body: [UInt8] = []
        var szx: UInt8
        var expires: Duration
    }

    private struct ExchangeKey: Hashable {
        let peer: Peer
        let messageID: UInt16
    }

    private struct AssemblyKey: Hashable {
        let peer: Peer
        let path: String
    }

    /// The largest body accepted (default 1 MiB).
    public let maxBodyBytes: Int
    /// How long answers are remembered for de-duplication, and a partial body is kept (default 247 s).
    public let exchangeLifetime: Duration
    private var answered: [ExchangeKey: (expires: Duration, reply: [UInt8])] = [:]
    /// The answered exchanges in the order they were answered, which is the order they expire in (each
    /// expires a fixed lifetime after `now`, and `now` does not go back); from ``expiryHead`` on.
    private var expiryOrder: [(expires: Duration, key: ExchangeKey)] = []
    private var expiryHead = 0
    private var assemblies: [AssemblyKey: Assembly] = [:]
    private var lastPrune: Duration?

    /// Repeated confirmable requests answered from the cache.
    public private(set) var duplicates = 0

    /// The exchanges remembered for de-duplication (those of the last ``exchangeLifetime``, until the
    /// next datagram forgets the expired ones).
    public var rememberedExchanges: Int { answered.count }

    /// Creates an endpoint; the defaults are documented on each property.
    public init(maxBodyBytes: Int = 1 << 20, exchangeLifetime: Duration = .seconds(247)) {
        self.maxBodyBytes = maxBodyBytes
        self.exchangeLifetime = exchangeLifetime
    }

    /// Handles one datagram from `peer`; `handler` gets each complete body with its Uri-Path and returns
    /// the response code. Returns the datagram to send back, if any.
    public mutating func receive(
        _ datagram: [UInt8], from peer: Peer, now: Duration, handler: (String, [UInt8]) -> CoAPCode
    ) -> [UInt8]? {
        forgetExpiredExchanges(now: now)
        if lastPrune.map({ now - $0 >= .seconds(1) }) ?? true {  // forget stale partial bodies once a second
            if !assemblies.isEmpty { assemblies = assemblies.filter { $0.value.expires > now } }
            lastPrune = now
        }
        guard let request = try? CoAPMessage.decode(datagram) else { return nil }
        guard request.type == .confirmable || request.type == .nonConfirmable, request.code.isRequest else {
            if request.type == .confirmable {  // a CON we cannot use, such as a ping: RST (RFC 7252 §4.2)
                return try? CoAPMessage(type: .reset, code: .empty, messageID: request.messageID).encoded()
            }
            return nil
        }
        let exchange = ExchangeKey(peer: peer, messageID: request.messageID)
        if let earlier = answered[exchange], earlier.expires > now,
            Self.token(ofReply: earlier.reply).elementsEqual(request.token)
        {
            duplicates += 1
            return earlier.reply
        }
        var options: [CoAPOption] = []
        let code = answer(request, peer: peer, now: now, options: &options, handler: handler)
        let reply = CoAPMessage(
            type: request.type == .confirmable ? .acknowledgement : .nonConfirmable, code: code,
            messageID: request.messageID, token: request.token, options: options)
        guard let bytes = try? reply.encoded() else { return nil }
        answered[exchange] = (now + exchangeLifetime, bytes)
        expiryOrder.append((now + exchangeLifetime, exchange))
        return bytes
    }

    /// Forgets the answers whose lifetime ended at or before `now`, oldest first, so that each answer costs
    /// one removal (rebuilding the table once a second instead cost a pass over every answer of the last
    /// lifetime, thousands of them at an accelerated simulation's rate, each rehashed). An exchange answered
    /// again since its queue entry keeps its newer answer.
    private mutating func forgetExpiredExchanges(now: Duration) {
        while expiryHead < expiryOrder.count, expiryOrder[expiryHead].expires <= now {
            let (expires, key) = expiryOrder[expiryHead]
            if answered[key]?.expires == expires { answered[key] = nil }
            expiryHead += 1
        }
        // The queue's spent front is dropped once it is the larger part, so each entry moves at most once.
        if expiryHead >= 1024, expiryHead * 2 >= expiryOrder.count {
            expiryOrder.removeFirst(expiryHead)
            expiryHead = 0
        }
    }

    /// The token of a reply this endpoint encoded, which is the request's: the TKL bytes after the
    /// 4-byte header (RFC 7252 §3).
    private static func token(ofReply reply: [UInt8]) -> ArraySlice<UInt8> {
        reply[4..<(4 + Int(reply[0] & 0x0F))]
    }

    private mutating func answer(
        _ request: CoAPMessage, peer: Peer, now: Duration, options: inout [CoAPOption],
        handler: (String, [UInt8]) -> CoAPCode
    ) -> CoAPCode {
        guard request.code == .post || request.code == .put else { return .methodNotAllowed }
        let path = request.uriPath
        guard let blockOption = request.option(.block1) else {
            guard request.payload.count <= maxBodyBytes else {
                options.append(CoAPOption(number: .size1, uint: UInt32(maxBodyBytes)))
                return .requestEntityTooLarge
            }
            return handler(path, request.payload)
        }
        guard let block = CoAPBlock(option: blockOption) else { return .badRequest }
        let key = AssemblyKey(peer: peer, path: path)
        if let size1 = request.option(.size1)?.uintValue, Int(size1) > maxBodyBytes {
            options.append(CoAPOption(number: .size1, uint: UInt32(maxBodyBytes)))
            assemblies[key] = nil
            return .requestEntityTooLarge
        }
        // Taken out of the table while it grows (and left out when the body is refused or complete), so
        // that the body is not shared and each block appends in place: a copy left in the table made every
        // block copy the whole body so far.
        var assembly = assemblies.removeValue(forKey: key) ?? Assembly(szx: block.szx, expires: now + exchangeLifetime)
        if block.number == 0 {
            assembly = Assembly(szx: block.szx, expires: now + exchangeLifetime)
            // Size1 on the first block announces the whole body (RFC 7959 §4): room for it at once.
            if let size1 = request.option(.size1)?.uintValue { assembly.body.reserveCapacity(Int(size1)) }
        }
        guard block.offset == assembly.body.count, block.more ? request.payload.count == block.size : true,
            request.payload.count <= block.size
        else {
            return .requestEntityIncomplete
        }
        guard assembly.body.count + request.payload.count <= maxBodyBytes else {
            options.append(CoAPOption(number: .size1, uint: UInt32(maxBodyBytes)))
            return .requestEntityTooLarge
        }
        assembly.body += request.payload
        assembly.expires = now + exchangeLifetime
        options.append(CoAPBlock(number: block.number, more: block.more, szx: block.szx).option(.block1))
        if block.more {
            assemblies[key] = assembly
            return .continue
        }
        return handler(path, assembly.body)
    }
}
