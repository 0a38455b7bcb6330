// SensorGate — Modem: the socket commands and socket URCs of each dialect.

/// Builds a dialect's socket commands and reads their answers and URCs.
///
/// The exact strings follow the manuals cited in `ModemDialect+Catalog.swift`: Quectel QI buffer
/// access mode ([QTCP96] §2.1.4–2.1.10), SIMCom CA ([S7080]) and SIMCom CIP manual-receive mode ([S7600]).
public struct SocketCommands: Sendable {
    /// The dialect.
    public let dialect: ModemDialect
    /// The URC consumer for socket and context events.
    public static let consumer = ATConsumer("sockets")

    /// Creates the commands of `dialect`.
    /// - Parameter dialect: the dialect.
    public init(dialect: ModemDialect) { self.dialect = dialect }

    private var timeouts: DialectTimeouts { dialect.timeouts }

    /// The URC routes of socket and context events.
    public var routes: [ATURCRoute] {
        let prefixes: [String] =
            switch dialect.sockets {
            case .quectel: ["+QIURC:", "+QIOPEN:"]
            case .simcomCA: ["+CADATAIND:", "+CASTATE:", "+APP PDP:"]
            case .simcomCIP: ["+IPCLOSE:", "+CIPEVENT:", "+CIPOPEN:", "+CIPCLOSE:", "+NETOPEN:", "+CIPSEND:"]
            }
        var routes = prefixes.map { ATURCRoute(.prefix($0), to: Self.consumer) }
        if dialect.sockets == .simcomCIP {
            // `+CIPRXGET: 1,<id>` is the URC; `+CIPRXGET: 2,<id>,<read>,<rest>` answers a read.
            routes.append(
                ATURCRoute(
                    ATLineMatcher(prefix: "+CIPRXGET:") { ATText.fields(of: $0, after: "+CIPRXGET:").first == "1" },
                    to: Self.consumer))
        }
        return routes
    }

    /// Opens socket `id` to `host`:`port`; the result arrives as the deferred line (Quectel, SIMCom CIP)
    /// or as a response line (SIMCom CA).
    /// - Parameters:
    ///   - id: the socket identifier.
    ///   - proto: TCP or UDP.
    ///   - host: the peer's address or name.
    ///   - port: the peer's port.
    /// - Returns: the command.
    public func open(id: Int, proto: SocketProtocol, host: String, port: Int) -> ATCommand {
        switch dialect.sockets {
        case .quectel:
            ATCommand(
                "AT+QIOPEN=1,\(id),\"\(proto.rawValue)\",\"\(host)\",\(port),0,0", timeout: timeouts.basic,
                deferred: ATDeferredResult(.prefix("+QIOPEN: \(id),"), timeout: timeouts.socketOpen))
        case .simcomCA:
            ATCommand(
                "AT+CAOPEN=\(id),0,\"\(proto.rawValue)\",\"\(host)\",\(port)", responses: [.prefix("+CAOPEN:")],
                timeout: timeouts.socketOpen)
        case .simcomCIP:
            ATCommand(
                "AT+CIPOPEN=\(id),\"\(proto.rawValue)\",\"\(host)\",\(port)", timeout: timeouts.basic,
                deferred: ATDeferredResult(.prefix("+CIPOPEN: \(id),"), timeout: timeouts.socketOpen))
        }
    }

    /// The open result that means "this identifier is still in use in the modem": Quectel 563,
    /// SIMCom CIP 9 ("sockets opened"), SIMCom CA 1 ("socket error").
    public var identityInUse: Int {
        switch dialect.sockets {
        case .quectel: QuectelSocketError.identityInUse
        case .simcomCA: 1
        case .simcomCIP: 9
        }
    }

    /// The error code of an open's reply: 0 for success, nil when the reply carries none (timeout).
    /// - Parameter reply: the reply of ``open(id:proto:host:port:)``.
    /// - Returns: the code.
    public func openError(_ reply: ATReply) -> Int? {
        switch reply.status {
        case .final(.cmeError(let code)): return CMEErrorTable.code(of: code) ?? QuectelSocketError.entries[0].code
        case .final(let final) where !final.isSuccess: return -1
        case .timeout, .interrupted: return nil
        case .final: break
        }
        let line = reply.deferredLine ?? reply.lines.first { $0.hasPrefix(openPrefix) }
        guard let line else { return nil }
        let fields = ATText.fields(of: line, after: openPrefix)
        return fields.count >= 2 ? Int(fields[1]) : nil
    }

    private var openPrefix: String {
        switch dialect.sockets {
        case .quectel: "+QIOPEN:"
        case .simcomCA: "+CAOPEN:"
        case .simcomCIP: "+CIPOPEN:"
        }
    }

    /// Sends `bytes` (at most ``ModemDialect/maxSendBytes``) on socket `id` through the `>` prompt.
    /// - Parameters:
    ///   - bytes: the payload.
    ///   - id: the socket identifier.
    /// - Returns: the command.
    public func send(_ bytes: [UInt8], on id: Int) -> ATCommand {
        switch dialect.sockets {
        case .quectel:
            ATCommand(
                "AT+QISEND=\(id),\(bytes.count)", timeout: timeouts.socketSend, payload: bytes,
                extraFinals: [ATFinalRule("SEND OK", isSuccess: true), ATFinalRule("SEND FAIL", isSuccess: false)])
        case .simcomCA:
            ATCommand("AT+CASEND=\(id),\(bytes.count)", timeout: timeouts.socketSend, payload: bytes)
        case .simcomCIP:
            ATCommand(
                "AT+CIPSEND=\(id),\(bytes.count)", timeout: timeouts.socketSend, payload: bytes,
                deferred: ATDeferredResult(.prefix("+CIPSEND: \(id),"), timeout: timeouts.socketSend))
        }
    }

    /// The outcome of a send's reply.
    /// - Parameters:
    ///   - reply: the reply of ``send(_:on:)``.
    ///   - promptSeen: whether the payload went out (the prompt came).
    /// - Returns: the outcome.
    public func sendOutcome(_ reply: ATReply, promptSeen: Bool) -> SendOutcome {
        switch reply.status {
        case .timeout, .interrupted: return promptSeen ? .timeout : .noPrompt
        case .final(.dialect("SEND FAIL", _)): return .bufferFull
        case .final(let final) where !final.isSuccess: return .notConnected
        case .final: break
        }
        if let line = reply.deferredLine {
            let fields = ATText.fields(of: line, after: "+CIPSEND:").compactMap { Int($0) }
            guard fields.count == 3 else { return .timeout }
            switch fields[2] {
            case ..<0: return .notConnected
            case 0: return .bufferFull
            case fields[1]: return .sent
            case 1..<fields[1]: return .partial(fields[2])
            default: return .timeout
            }
        }
        return .sent
    }

    /// Reads up to `maxBytes` from socket `id`.
    /// - Parameters:
    ///   - id: the socket identifier.
    ///   - maxBytes: the most bytes to read.
    /// - Returns: the command.
    public func read(from id: Int, maxBytes: Int) -> ATCommand {
        switch dialect.sockets {
        case .quectel:
            ATCommand(
                "AT+QIRD=\(id),\(maxBytes)", responses: [.prefix("+QIRD:")], timeout: timeouts.socketRead,
                payloadRead: .field(0, after: "+QIRD:"))
        case .simcomCA:
            ATCommand(
                "AT+CARECV=\(id),\(maxBytes)", responses: [.prefix("+CARECV:")], timeout: timeouts.socketRead,
                payloadRead: .inline(0, after: "+CARECV:"))
        case .simcomCIP:
            ATCommand(
                "AT+CIPRXGET=2,\(id),\(maxBytes)",
                responses: [
                    ATLineMatcher(prefix: "+CIPRXGET:") { ATText.fields(of: $0, after: "+CIPRXGET:").first == "2" }
                ], timeout: timeouts.socketRead, payloadRead: .field(2, after: "+CIPRXGET:"))
        }
    }

    /// The bytes of a read's reply, or nil when it failed.
    /// - Parameter reply: the reply of ``read(from:maxBytes:)``.
    /// - Returns: the bytes and whether more wait.
    public func readResult(_ reply: ATReply) -> ReadResult? {
        guard reply.isSuccess else { return nil }
        if dialect.sockets == .simcomCIP, let line = reply.lines.first {
            let fields = ATText.fields(of: line, after: "+CIPRXGET:").compactMap { Int($0) }
            let rest = fields.count == 4 ? fields[3] : 0
            return ReadResult(bytes: reply.payload, moreWaiting: rest > 0)
        }
        return ReadResult(bytes: reply.payload, moreWaiting: reply.payload.isEmpty ? false : nil)
    }

    /// Closes socket `id`.
    /// - Parameter id: the socket identifier.
    /// - Returns: the command.
    public func close(_ id: Int) -> ATCommand {
        switch dialect.sockets {
        case .quectel: ATCommand("AT+QICLOSE=\(id)", timeout: timeouts.socketClose)
        case .simcomCA: ATCommand("AT+CACLOSE=\(id)", timeout: timeouts.socketClose)
        case .simcomCIP:
            ATCommand(
                "AT+CIPCLOSE=\(id)", timeout: timeouts.basic,
                deferred: ATDeferredResult(.prefix("+CIPCLOSE: \(id),"), timeout: timeouts.socketClose))
        }
    }

    /// The socket or context event a URC reports, or nil.
    /// - Parameter line: a URC routed to ``consumer``.
    /// - Returns: the event.
    public func event(of line: String) -> SocketEvent? {
        func ints(_ prefix: String) -> [Int] { ATText.fields(of: line, after: prefix).compactMap { Int($0) } }
        switch dialect.sockets {
        case .quectel:
            let fields = ATText.fields(of: line, after: "+QIURC:")
            if let kind = fields.first, fields.count >= 2, let id = Int(fields[1]) {
                switch kind {
                case "recv": return .dataAvailable(id: id)
                case "closed": return .closedByPeer(id: id)
                case "pdpdeact": return .contextLost
                default: return nil
                }
            }
            let open = ints("+QIOPEN:")
            return open.count == 2 ? .openResult(id: open[0], error: open[1]) : nil
        case .simcomCA:
            if let id = ints("+CADATAIND:").first { return .dataAvailable(id: id) }
            let state = ints("+CASTATE:")
            if state.count == 2, state[1] == 0 { return .closedByPeer(id: state[0]) }
            let pdp = ATText.fields(of: line, after: "+APP PDP:")
            if pdp.count == 2 { return pdp[1] == "ACTIVE" ? .contextUp : .contextLost }
            return nil
        case .simcomCIP:
            let rx = ints("+CIPRXGET:")
            if rx.count == 2, rx[0] == 1 { return .dataAvailable(id: rx[1]) }
            if let id = ints("+IPCLOSE:").first { return .closedByPeer(id: id) }
            if line.hasPrefix("+CIPEVENT:") { return .contextLost }
            if ints("+NETOPEN:") == [0] { return .contextUp }
            let send = ints("+CIPSEND:")
            if send.count == 3 { return .sendConfirmed(id: send[0], requested: send[1], confirmed: send[2]) }
            let open = ints("+CIPOPEN:")
            return open.count == 2 ? .openResult(id: open[0], error: open[1]) : nil
        }
    }
}
