// SensorGate — Modem: sockets through the module's embedded TCP/IP stack.

extension ModemDriver {
    /// The state of socket `id`, or nil when it was never opened.
    /// - Parameter id: the socket identifier.
    /// - Returns: the state.
    public func socketState(_ id: Int) -> SocketState? { slots[id]?.state }

    /// The identifiers of every socket the driver knows, in order.
    public var socketIDs: [Int] { slots.keys.sorted() }

    /// Opens a socket, bringing the modem online first; waits for the asynchronous open result.
    /// - Parameters:
    ///   - proto: TCP or UDP.
    ///   - host: the peer's address or name.
    ///   - port: the peer's port.
    /// - Returns: the socket identifier.
    /// - Throws: `ModemError` with kind `.socketOpen(code)` when the modem refuses.
    public func openSocket(_ proto: SocketProtocol, host: String, port: Int) throws(ModemError) -> Int {
        try withRecovery { () throws(ModemError) -> Int in try open(proto, host: host, port: port) }
    }

    private func open(_ proto: SocketProtocol, host: String, port: Int) throws(ModemError) -> Int {
        guard let id = (0..<dialect.socketCount).first(where: { slotIsFree($0) }) else {
            throw ModemError(.socketOpen(0), "\(dialect.model): all \(dialect.socketCount) sockets are in use")
        }
        if let slot = slots[id], slot.state != .closed { try releaseInModem(id) }
        for attempt in 0..<2 {
            slots[id] = SocketSlot(state: .opening, proto: proto)
            let reply = try execute(commands.open(id: id, proto: proto, host: host, port: port))
            let error = commands.openError(reply)
            if error == 0, slots[id]?.state == .opening {
                slots[id]?.state = .open
                return id
            }
            slots[id] = SocketSlot(state: .closed, proto: proto)
            // The identifier is still in use in the modem (a late open, a missed close): free it.
            if error == commands.identityInUse && attempt == 0 {
                try releaseInModem(id)
                continue
            }
            if error == nil { try releaseInModem(id) }
            throw ModemError(
                .socketOpen(error ?? 0),
                "\(dialect.model): opening \(proto.rawValue) \(host):\(port) failed (\(error.map { "error \($0)" } ?? "\(reply.status)"))"
            )
        }
        throw ModemError(.socketOpen(commands.identityInUse), "\(dialect.model): socket \(id) stays in use")
    }

    /// Sends all of `bytes` on socket `id`, in pieces the modem takes; a full buffer or a missing prompt
    /// is retried after a pause (a missing prompt first leaves the data prompt with ESC), and the rest
    /// of a piece the modem sent only in part goes next.
    ///
    /// A socket is a byte stream, so a piece is never sent twice: when the payload went out and the
    /// modem's answer never came, nobody knows whether the stream holds it, and the socket is closed
    /// (the caller reconnects and re-sends from what its peer acknowledged).
    /// - Parameters:
    ///   - bytes: the data.
    ///   - id: the socket identifier.
    /// - Throws: `ModemError`: `.socketNotOpen` when the socket is gone or had to be closed,
    ///   `.sendFailed` when refused too often.
    public func send(_ bytes: [UInt8], on id: Int) throws(ModemError) {
        var offset = 0
        while offset < bytes.count {
            let piece = Array(bytes[offset..<min(bytes.count, offset + dialect.maxSendBytes)])
            try sendPiece(piece, on: id)
            offset += piece.count
        }
        try serviceSockets()
    }

    private func sendPiece(_ whole: [UInt8], on id: Int) throws(ModemError) {
        var piece = whole
        var failures = 0
        while true {
            guard slots[id]?.state == .open, slots[id]?.peerClosing == false, !needsBoot else {
                throw ModemError(.socketNotOpen, "\(dialect.model): socket \(id) is not open (\(stateText(id)))")
            }
            let reply = try execute(commands.send(piece, on: id))
            let outcome = commands.sendOutcome(reply, promptSeen: reply.payloadWritten)
            switch outcome {
            case .sent:
                metrics.bytesSent += piece.count
                return
            case .partial(let count):
                metrics.bytesSent += count
                piece.removeFirst(count)
                continue
            case .bufferFull:
                metrics.sendBufferFull += 1
                try listen(for: settings.sendRetryDelay)
            case .noPrompt:
                metrics.missingPrompts += 1
                try writeRaw([0x1B])
                _ = try probe(attempts: settings.syncAttempts)
            case .timeout:
                try abandonUnconfirmedSend(piece.count, on: id)
            case .notConnected:
                // SIMCom CA answers a full buffer with ERROR too: a refusal is fatal only once the
                // modem has reported the socket closed.
                try listen(for: dialect.timeouts.basic)
                try serviceSockets()
            }
            failures += 1
            if needsBoot || state == .psm {
                throw ModemError(.socketNotOpen, "\(dialect.model): socket \(id) lost while sending (\(stateText(id)))")
            }
            guard failures <= settings.sendRetries else {
                throw ModemError(.sendFailed, "\(dialect.model): socket \(id) refused \(failures) sends (\(outcome))")
            }
        }
    }

    /// Closes socket `id` after the modem took `count` bytes without confirming them, and throws.
    private func abandonUnconfirmedSend(_ count: Int, on id: Int) throws(ModemError) {
        metrics.unconfirmedSends += 1
        _ = try probe(attempts: settings.syncAttempts)
        if !needsBoot && state != .psm { try releaseInModem(id) }
        slots[id]?.state = .closed
        throw ModemError(
            .socketNotOpen,
            "\(dialect.model): socket \(id) took \(count) bytes and never confirmed them; it is closed, "
                + "since its stream may hold them or not (reconnect and re-send what the peer did not acknowledge)")
    }

    /// Takes the bytes received on socket `id` so far, reading what waits in the modem first.
    /// - Parameter id: the socket identifier.
    /// - Returns: the bytes, in order; empty when none.
    /// - Throws: `ModemError` on a link failure.
    public func receive(from id: Int) throws(ModemError) -> [UInt8] {
        try serviceSockets()
        defer { slots[id]?.received.removeAll() }
        return slots[id]?.received ?? []
    }

    /// Closes socket `id` (also one the peer closed or that was lost).
    /// - Parameter id: the socket identifier.
    /// - Throws: `ModemError` on a link failure.
    public func close(_ id: Int) throws(ModemError) {
        guard let slot = slots[id], slot.state != .closed else { return }
        if slot.state == .open { try drain(id) }
        if state != .psm && !needsBoot { try releaseInModem(id) }
        slots[id]?.state = .closed
    }

    /// Reads what waits in the modem for every socket, and completes peer closes once drained.
    func serviceSockets() throws(ModemError) {
        guard !servicing else { return }
        servicing = true
        defer { servicing = false }
        for id in slots.keys.sorted() where slots[id]?.dataWaiting == true {
            try drain(id)
            if slots[id]?.peerClosing == true {
                slots[id]?.peerClosing = false
                if slots[id]?.state == .open { slots[id]?.state = .peerClosed }
            }
        }
    }

    /// Reads socket `id` until the modem has nothing more.
    func drain(_ id: Int) throws(ModemError) {
        slots[id]?.dataWaiting = false
        while slots[id]?.state == .open {
            let reply = try execute(commands.read(from: id, maxBytes: dialect.maxReadBytes))
            guard let result = commands.readResult(reply) else { return }
            slots[id]?.received += result.bytes
            metrics.bytesReceived += result.bytes.count
            if result.bytes.isEmpty || result.moreWaiting == false { return }
        }
    }

    private func releaseInModem(_ id: Int) throws(ModemError) {
        _ = try execute(commands.close(id))
    }

    private func slotIsFree(_ id: Int) -> Bool {
        guard let slot = slots[id] else { return true }
        return slot.state == .closed || (slot.state == .lost && slot.received.isEmpty)
    }

    private func stateText(_ id: Int) -> String { slots[id].map { "\($0.state)" } ?? "never opened" }
}
