// SensorGate — Modem: where each decoded line goes (final, deferred result, response, URC).

extension ATEngine {
    /// Acts on one decoded event.
    mutating func handle(_ event: ATEvent) {
        switch event {
        case .line(let line): route(line)
        case .echo: break
        case .prompt: promptArrived()
        case .payload(let bytes): deliverPayload(bytes)
        case .garbage(let bytes): events.append(.noise(.garbage(bytes)))
        case .overlongLine(let prefix): events.append(.noise(.overlongLine(prefix: prefix)))
        }
    }

    /// The routing rule, first match wins: a final result of the pending command; a deferred result
    /// of an earlier two-phase command; a response the pending command expects (by prefix and
    /// shape); a registered URC; an unprefixed line the pending command accepts; otherwise unhandled.
    private mutating func route(_ line: String) {
        if let pending = active,
            let final = ATFinal.classify(line, extra: pending.command.extraFinals + configuration.extraFinals)
        {
            finishActive(.final(final))
            return
        }
        if let index = waiters.firstIndex(where: { $0.matcher.matches(line) }) {
            var waiter = waiters.remove(at: index)
            waiter.reply.deferredLine = line
            events.append(.completed(waiter.id, waiter.reply))
            return
        }
        if let pending = active, pending.command.responses.contains(where: { $0.matches(line) }) {
            active?.lines.append(line)
            if let rule = pending.command.payloadRead, line.hasPrefix(rule.prefix), let count = rule.byteCount(line) {
                expectPayload(count, for: .command(pending.id))
            }
            return
        }
        if let route = configuration.routes.first(where: { $0.matcher.matches(line) }) {
            if route.restartsModule { interruptPending(line) }
            let unsolicited = ATUnsolicited(consumer: route.consumer, line: line)
            let count = route.payload.flatMap { line.hasPrefix($0.prefix) ? $0.byteCount(line) : nil } ?? 0
            if count > 0 {
                expectPayload(count, for: .unsolicited(unsolicited))
            } else {
                events.append(.unsolicited(unsolicited))
            }
            return
        }
        if active?.command.acceptsOtherLines == true {
            active?.lines.append(line)
            return
        }
        events.append(.unhandled(line))
    }

    /// Ends the pending command and every deferred waiter as interrupted by `line` (the module restarted).
    private mutating func interruptPending(_ line: String) {
        for waiter in waiters {
            var reply = waiter.reply
            reply.status = .interrupted(line)
            events.append(.completed(waiter.id, reply))
        }
        waiters.removeAll()
        finishActive(.interrupted(line))
    }

    private mutating func expectPayload(_ count: Int, for target: PayloadTarget) {
        guard count > 0 else { return }
        decoder.expectPayload(byteCount: count)
        payloadTarget = target
    }

    private mutating func promptArrived() {
        guard let pending = active, let payload = pending.command.payload, !pending.payloadSent else {
            events.append(.noise(.strayPrompt))
            return
        }
        outbox.append(contentsOf: payload)
        active?.payloadSent = true
    }

    private mutating func deliverPayload(_ bytes: [UInt8]) {
        let isLastPiece = decoder.payloadBytesRemaining == 0
        switch payloadTarget {
        case .command(let id) where active?.id == id:
            active?.payload.append(contentsOf: bytes)
        case .unsolicited(var unsolicited):
            unsolicited.payload.append(contentsOf: bytes)
            payloadTarget = .unsolicited(unsolicited)
            if isLastPiece { events.append(.unsolicited(unsolicited)) }
        case .command, nil:
            events.append(.noise(.strayPayload(bytes)))
        }
        if isLastPiece { payloadTarget = nil }
    }
}
