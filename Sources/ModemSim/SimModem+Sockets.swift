// SensorGate — ModemSim: the simulated module's sockets, in each dialect, over the network model.

import HAL
import Modem

extension SimModem {
    /// Socket commands of the dialect.
    func dispatchSockets(_ command: SimCommand) -> Bool {
        switch (dialect.sockets, command.name, command.op) {
        case (.quectel, "+QIOPEN", "="): open(command, id: command.int(1), protoField: 2)
        case (.simcomCA, "+CAOPEN", "="): open(command, id: command.int(0), protoField: 2)
        case (.simcomCIP, "+CIPOPEN", "="): open(command, id: command.int(0), protoField: 1)
        case (.quectel, "+QISEND", "="), (.simcomCA, "+CASEND", "="), (.simcomCIP, "+CIPSEND", "="):
            startSend(id: command.int(0), count: command.int(1))
        case (.quectel, "+QIRD", "="): read(id: command.int(0), max: command.int(1) ?? dialect.maxReadBytes)
        case (.simcomCA, "+CARECV", "="): read(id: command.int(0), max: command.int(1) ?? dialect.maxReadBytes)
        case (.simcomCIP, "+CIPRXGET", "=") where command.int(0) == 2:
            read(id: command.int(1), max: command.int(2) ?? dialect.maxReadBytes)
        case (.quectel, "+QICLOSE", "="), (.simcomCA, "+CACLOSE", "="), (.simcomCIP, "+CIPCLOSE", "="):
            close(id: command.int(0))
        default: return false
        }
        return true
    }

    // MARK: - Open

    private func open(_ command: SimCommand, id: Int?, protoField: Int) {
        guard let id, (0..<dialect.socketCount).contains(id), command.fields.count > protoField + 2,
            let proto = SocketProtocol(rawValue: command.fields[protoField].uppercased()),
            let port = command.int(protoField + 2)
        else {
            error(dialect.sockets == .quectel ? 552 : nil)
            return
        }
        let host = command.fields[protoField + 1]
        if sockets[id] != nil {
            openAnswer(id, code: SocketCommands(dialect: dialect).identityInUse, immediate: true)
            return
        }
        guard contextActive, status.isRegistered else {
            openAnswer(id, code: openFailure(notActive: true), immediate: true)
            return
        }
        switch transport.connect(proto, host: host, port: port) {
        case .success(let connection):
            sockets[id] = SimSocket(proto: proto, connection: connection, state: .opening, lastTraffic: now)
            openAnswer(id, code: 0, immediate: false)
        case .failure:
            openAnswer(id, code: openFailure(notActive: false), immediate: false)
        }
    }

    private func openFailure(notActive: Bool) -> Int {
        switch dialect.sockets {
        case .quectel: notActive ? 561 : QuectelSocketError.connectFailed
        case .simcomCA: notActive ? 21 : 27
        case .simcomCIP: notActive ? 2 : 1
        }
    }

    /// The open's result after a round trip (TCP handshake), in the dialect's form.
    private func openAnswer(_ id: Int, code: Int, immediate: Bool) {
        let delay = immediate ? .milliseconds(10) : sample(latency * 2, profile.latencyJitter)
        if code == 0 { meter.activity(from: now, to: now + delay, tail: profile.rrcTail) }
        switch dialect.sockets {
        case .quectel:
            ok()
            at(now + delay, .openDone(id, ["+QIOPEN: \(id),\(code)"]))
        case .simcomCIP:
            ok()
            at(now + delay, .openDone(id, ["+CIPOPEN: \(id),\(code)"]))
        case .simcomCA:
            busyUntil = now + delay
            at(now + delay, .openDone(id, ["+CAOPEN: \(id),\(code)", "OK"]))
        }
    }

    func openCompleted(_ id: Int, _ lines: [String]) {
        if dialect.sockets == .simcomCA { busyUntil = nil }
        let failed = !lines[0].hasSuffix(",0")
        if failed {
            if sockets[id]?.state == .opening { sockets[id] = nil }
        } else if sockets[id]?.state == .opening {
            sockets[id]?.state = .open
            scheduleIdleCheck(id)
        }
        if dialect.sockets == .simcomCA {
            finishBusy(lines)
        } else {
            emit(lines)
        }
    }

    // MARK: - Send

    private func startSend(id: Int?, count: Int?) {
        guard let id, let count, count > 0, count <= dialect.maxSendBytes, let socket = sockets[id],
            socket.state == .open
        else {
            error()
            return
        }
        let showPrompt = !dropNextPrompt
        dropNextPrompt = false
        dataEntry = DataEntry(id: id, count: count, promptShown: showPrompt)
        if showPrompt { emitRaw(Array("\r\n> ".utf8)) }
    }

    func finishSend(_ entry: DataEntry) {
        guard let socket = sockets[entry.id], socket.state == .open else {
            error()
            return
        }
        let storm = sendFailWindows.contains { $0.contains(now) }
        let full = storm || pendingSendFails > 0 || socket.unsentBytes + entry.count > quirks.sendBufferBytes
        if full {
            if !storm { pendingSendFails = max(0, pendingSendFails - 1) }
            switch dialect.sockets {
            case .quectel: emit(["SEND FAIL"])
            case .simcomCA: error()
            case .simcomCIP:
                ok()
                after(.milliseconds(20), .lines(["+CIPSEND: \(entry.id),\(entry.count),0"]))
            }
            return
        }
        var taken = entry.count
        if dialect.sockets == .simcomCIP, let part = nextSendPart {
            taken = min(max(0, part), entry.count)
        }
        nextSendPart = nil
        if taken > 0 { uplink(Array(entry.bytes.prefix(taken)), from: entry.id) }
        if dropNextSendResult {
            // The payload is on the air; the answer is lost on the way to the host.
            dropNextSendResult = false
            return
        }
        switch dialect.sockets {
        case .quectel: emit(["SEND OK"])
        case .simcomCA: ok()
        case .simcomCIP:
            ok()
            after(.milliseconds(20), .lines(["+CIPSEND: \(entry.id),\(entry.count),\(taken)"]))
        }
    }

    /// Queues bytes on the air: serialised at the uplink rate, after coverage returns, one latency
    /// later at the peer (plus a retransmission timeout when a TCP segment is lost; a lost UDP datagram
    /// never arrives).
    ///
    /// TCP is a byte stream: a segment whose latency draw is shorter than an earlier one's, or that
    /// overtakes a retransmission, waits at the peer's side until every earlier segment is there.
    /// UDP datagrams arrive in whatever order the network gives them.
    private func uplink(_ bytes: [UInt8], from id: Int) {
        guard let socket = sockets[id], let connection = socket.connection else { return }
        let start = max(now, uplinkFreeAt)
        let air = NetworkProfile.airTime(bytes.count, bitsPerSecond: effectiveRate(profile.uplinkBitsPerSecond))
        uplinkFreeAt = start + air
        lastTraffic = start + air
        meter.sent(bytes.count)
        meter.activity(from: start, to: start + air, tail: profile.rrcTail)
        var arrival = start + air + sample(latency, profile.latencyJitter)
        let lost = chance(profile.lossRate)
        if lost && socket.proto == .tcp { arrival = arrival + profile.retransmissionTimeout }
        let sequence = socket.nextSegment
        sockets[id]?.nextSegment += 1
        sockets[id]?.unsentBytes += bytes.count
        sockets[id]?.lastTraffic = now
        sockets[id]?.inFlight.append(
            UplinkSegment(sequence: sequence, bytes: bytes, lost: lost && socket.proto == .udp))
        at(arrival, .uplink(id, connection, sequence))
        scheduleIdleCheck(id)
        schedulePSMCheck()
    }

    /// Segment `sequence` of socket `id` reached the network's far side: hands the peer every segment
    /// that is now in order (TCP), or this one (UDP). A socket the module has closed meanwhile still
    /// delivers what it had sent; the peer sees the close after its last segment.
    func uplinkArrived(_ id: Int, _ connection: Int, _ sequence: Int) {
        if var socket = sockets[id], socket.connection == connection {
            deliverArrived(sequence, of: &socket, id: id, on: connection)
            sockets[id] = socket
        } else if var closing = closingSockets[connection] {
            deliverArrived(sequence, of: &closing, id: id, on: connection)
            if closing.inFlight.isEmpty {
                closingSockets[connection] = nil
                transport.close(connection)
            } else {
                closingSockets[connection] = closing
            }
        }
    }

    /// Marks segment `sequence` arrived and hands the peer what is now deliverable.
    private func deliverArrived(_ sequence: Int, of socket: inout SimSocket, id: Int, on connection: Int) {
        guard let index = socket.inFlight.firstIndex(where: { $0.sequence == sequence }) else { return }
        guard inCoverage else {
            // Out of coverage: the module keeps it and tries again when coverage returns.
            at(now + .seconds(1), .uplink(id, connection, sequence))
            return
        }
        socket.inFlight[index].arrived = true
        let ready: [UplinkSegment]
        if socket.proto == .tcp {
            if index > 0 { segmentsHeldForOrder += 1 }
            let count = socket.inFlight.firstIndex { !$0.arrived && $0.sequence != sequence } ?? socket.inFlight.count
            ready = Array(socket.inFlight.prefix(count))
            socket.inFlight.removeFirst(count)
        } else {
            ready = [socket.inFlight[index]]
            socket.inFlight.remove(at: index)
        }
        let delivered = ready.reduce(0) { $0 + $1.bytes.count }
        socket.unsentBytes = max(0, socket.unsentBytes - delivered)
        for segment in ready where !segment.lost { transport.send(segment.bytes, on: connection) }
    }

    // MARK: - Receive

    /// Takes what the transport delivered and puts it on the air towards the module.
    func pollTransport() {
        for event in transport.poll() {
            switch event {
            case .data(let connection, let bytes):
                if let id = socketID(of: connection) { downlink(bytes, to: id) }
            case .closed(let connection):
                guard let id = socketID(of: connection) else { continue }
                sockets[id]?.connection = nil
                at(max(now + latency, sockets[id]?.downlinkFreeAt ?? now), .peerClosed(id))
            }
        }
    }

    private func socketID(of connection: Int) -> Int? { sockets.first { $0.value.connection == connection }?.key }

    func downlink(_ bytes: [UInt8], to id: Int) {
        guard let socket = sockets[id] else { return }
        let start = max(now, socket.downlinkFreeAt)
        let arrival =
            start + sample(latency, profile.latencyJitter)
            + NetworkProfile.airTime(bytes.count, bitsPerSecond: effectiveRate(profile.downlinkBitsPerSecond))
        sockets[id]?.downlinkFreeAt = arrival
        at(arrival, .downlink(id, bytes))
    }

    func downlinkArrived(_ id: Int, _ bytes: [UInt8]) {
        guard sockets[id] != nil else { return }
        sockets[id]?.received += bytes
        sockets[id]?.lastTraffic = now
        lastTraffic = now
        meter.received(bytes.count)
        meter.activity(from: now, to: now, tail: profile.rrcTail)
        scheduleIdleCheck(id)
        schedulePSMCheck()
        if sockets[id]?.reported == false {
            sockets[id]?.reported = true
            emit([dataURC(id)])
        }
    }

    private func dataURC(_ id: Int) -> String {
        switch dialect.sockets {
        case .quectel: "+QIURC: \"recv\",\(id)"
        case .simcomCA: "+CADATAIND: \(id)"
        case .simcomCIP: "+CIPRXGET: 1,\(id)"
        }
    }

    private func read(id: Int?, max maxBytes: Int) {
        guard let id, let socket = sockets[id], maxBytes > 0 else {
            error()
            return
        }
        let count = min(maxBytes, socket.received.count, dialect.maxReadBytes)
        let bytes = Array(socket.received.prefix(count))
        sockets[id]?.received.removeFirst(count)
        let rest = socket.received.count - count
        if rest == 0 { sockets[id]?.reported = false }
        switch dialect.sockets {
        case .quectel:
            emit(["+QIRD: \(count)"])
            emitRaw(bytes)
        case .simcomCA:
            emitRaw(Array("\r\n+CARECV: \(count)\(count > 0 ? "," : "")".utf8) + bytes + [0x0D, 0x0A])
        case .simcomCIP:
            emit(["+CIPRXGET: 2,\(id),\(count),\(rest)"])
            emitRaw(bytes)
        }
        if dialect.sockets == .simcomCA {
            ok()
        } else {
            if count > 0 { emitRaw([0x0D, 0x0A]) }
            ok()
        }
    }

    // MARK: - Close

    private func close(id: Int?) {
        guard let id else {
            error()
            return
        }
        guard let socket = sockets[id] else {
            if dialect.sockets == .simcomCIP {
                ok()
                after(.milliseconds(10), .lines(["+CIPCLOSE: \(id),4"]))
            } else if dialect.sockets == .quectel {
                ok()
            } else {
                error()
            }
            return
        }
        if let connection = socket.connection {
            // A graceful close: what is still on the air reaches the peer first (AT close ends the
            // socket after its buffered data; TCP sends FIN after the last byte).
            if socket.inFlight.isEmpty { transport.close(connection) } else { closingSockets[connection] = socket }
        }
        sockets[id] = nil
        ok()
        if dialect.sockets == .simcomCIP { after(.milliseconds(10), .lines(["+CIPCLOSE: \(id),0"])) }
    }

    func peerClosed(_ id: Int) {
        guard let socket = sockets[id], socket.state != .closing else { return }
        sockets[id]?.state = .closing
        sockets[id]?.connection = nil
        switch dialect.sockets {
        case .quectel: emit(["+QIURC: \"closed\",\(id)"])
        case .simcomCA: emit(["+CASTATE: \(id),0"])
        case .simcomCIP: emit(["+IPCLOSE: \(id),1"])
        }
    }

    // MARK: - Operator idle timeout

    private func scheduleIdleCheck(_ id: Int) {
        guard let socket = sockets[id] else { return }
        at(socket.lastTraffic + profile.idleTimeout, .idleCheck(id))
    }

    func idleCheck(_ id: Int) {
        guard let socket = sockets[id], socket.state == .open, now - socket.lastTraffic >= profile.idleTimeout else {
            return
        }
        if let connection = socket.connection { transport.close(connection) }
        peerClosed(id)
    }
}
