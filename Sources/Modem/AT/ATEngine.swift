// SensorGate — Modem: the AT command/response state machine, driven by its caller.

import HAL

/// Runs AT commands one at a time over a byte stream and routes everything else the modem says.
///
/// Pure and single-threaded: it does no I/O and reads no clock. The caller writes
/// ``bytesToWrite()`` to the port, hands every read to ``receive(_:now:)``, calls ``poll(now:)``
/// when a read times out, and collects ``takeEvents()``. Commands sent while one is pending wait in
/// a queue; each is written when the previous one ends, and its timeout runs from then. A two-phase
/// command leaves the line free after its first `OK` and completes when its deferred line arrives,
/// even while later commands run.
public struct ATEngine: Sendable {
    /// The dialect's settings, including the URC registry.
    public private(set) var configuration: ATEngineConfiguration
    var decoder: ATDecoder
    var queue: [(id: ATCommandID, command: ATCommand)] = []
    var active: ActiveCommand?
    var waiters: [DeferredWaiter] = []
    var payloadTarget: PayloadTarget?
    var outbox: [UInt8] = []
    var events: [ATEngineEvent] = []
    var now = MonotonicInstant.zero
    private var lastID = 0

    /// Creates an engine.
    /// - Parameter configuration: the dialect's settings. Default: echo off, no extras, no routes.
    public init(configuration: ATEngineConfiguration = ATEngineConfiguration()) {
        self.configuration = configuration
        decoder = ATDecoder(maxLineBytes: configuration.maxLineBytes, maxPayloadBytes: configuration.maxPayloadBytes)
    }

    /// Adds a route to the end of the URC registry.
    /// - Parameter route: the route.
    public mutating func register(_ route: ATURCRoute) { configuration.routes.append(route) }

    /// Queues a command; it is written at once when no other command is pending.
    /// - Parameters:
    ///   - command: the command.
    ///   - now: the current time.
    /// - Returns: the identifier its ``ATEngineEvent/completed(_:_:)`` event carries.
    @discardableResult
    public mutating func send(_ command: ATCommand, now: MonotonicInstant) -> ATCommandID {
        advance(to: now)
        lastID += 1
        let id = ATCommandID(rawValue: lastID)
        queue.append((id, command))
        startNextCommand()
        return id
    }

    /// Processes bytes read from the modem, then ends whatever has timed out.
    /// - Parameters:
    ///   - bytes: one read, in any chunking.
    ///   - now: the current time.
    public mutating func receive(_ bytes: some Collection<UInt8>, now: MonotonicInstant) {
        advance(to: now)
        decoder.append(bytes)
        while let event = decoder.next() { handle(event) }
        expireDeadlines()
    }

    /// Ends whatever has timed out by `now`.
    /// - Parameter now: the current time.
    public mutating func poll(now: MonotonicInstant) {
        advance(to: now)
        expireDeadlines()
    }

    /// Takes the bytes to write to the modem: commands and payloads, in order.
    /// - Returns: the bytes; empty when there is nothing to write.
    public mutating func bytesToWrite() -> [UInt8] {
        defer { outbox.removeAll() }
        return outbox
    }

    /// Takes the events that happened since the last call.
    /// - Returns: the events, in order.
    public mutating func takeEvents() -> [ATEngineEvent] {
        defer { events.removeAll() }
        return events
    }

    /// The earliest instant at which something times out, or nil when nothing is pending.
    public var nextDeadline: MonotonicInstant? {
        ([active?.deadline].compactMap { $0 } + waiters.map(\.deadline)).min()
    }

    /// Whether no command is pending or queued (deferred results may still be awaited).
    public var isIdle: Bool { active == nil && queue.isEmpty }

    /// The number of two-phase commands waiting for their deferred result.
    public var deferredCount: Int { waiters.count }

    // MARK: - Command lifecycle

    private mutating func advance(to instant: MonotonicInstant) { now = max(now, instant) }

    mutating func startNextCommand() {
        guard active == nil, !queue.isEmpty else { return }
        let (id, command) = queue.removeFirst()
        outbox.append(contentsOf: Array(command.text.utf8) + [ATByte.carriageReturn])
        decoder.expectEcho(of: configuration.echo ? command.text : nil)
        decoder.expectPrompt(command.payload != nil)
        if let rule = command.payloadRead, let commas = rule.inlineAfterComma {
            decoder.expectInlineHeader(prefix: rule.prefix, commas: commas)
        }
        active = ActiveCommand(id: id, command: command, deadline: now + command.timeout)
    }

    /// Ends the pending command with `status`, or moves it to the deferred waiters.
    mutating func finishActive(_ status: ATStatus) {
        guard let finished = active else { return }
        active = nil
        decoder.expectEcho(of: nil)
        decoder.expectPrompt(false)
        decoder.expectInlineHeader(prefix: nil)
        let reply = ATReply(
            status: status, lines: finished.lines, payload: finished.payload, payloadWritten: finished.payloadSent)
        if case .final(let final) = status, final.isSuccess, let deferred = finished.command.deferred {
            waiters.append(
                DeferredWaiter(
                    id: finished.id, matcher: deferred.matcher, deadline: now + deferred.timeout, reply: reply))
        } else {
            events.append(.completed(finished.id, reply))
        }
        startNextCommand()
    }

    private mutating func expireDeadlines() {
        while let pending = active, pending.deadline <= now { finishActive(.timeout(.response)) }
        while let index = waiters.firstIndex(where: { $0.deadline <= now }) {
            let waiter = waiters.remove(at: index)
            var reply = waiter.reply
            reply.status = .timeout(.deferred)
            events.append(.completed(waiter.id, reply))
        }
    }
}

/// The command on the line.
struct ActiveCommand: Sendable {
    let id: ATCommandID
    let command: ATCommand
    let deadline: MonotonicInstant
    var lines: [String] = []
    var payload: [UInt8] = []
    var payloadSent = false
}

/// A two-phase command past its `OK`, waiting for its deferred line.
struct DeferredWaiter: Sendable {
    let id: ATCommandID
    let matcher: ATLineMatcher
    let deadline: MonotonicInstant
    var reply: ATReply
}

/// Who takes the payload bytes the decoder is counting.
enum PayloadTarget: Sendable {
    case command(ATCommandID)
    case unsolicited(ATUnsolicited)
}
