// SensorGate — ModemSim: the simulated module's command line: echo, lines, prompts, dispatch.

import HAL
import Modem

/// A parsed command line: `AT+QIOPEN=1,0,"TCP",…` is name `+QIOPEN`, operator `=`, and its fields.
struct SimCommand {
    let text: String
    let name: String
    let op: Character?
    let fields: [String]

    init(_ text: String) {
        self.text = text
        var rest = Substring(text.dropFirst(2))
        var name = ""
        if rest.first == "+" || rest.first == "*" || rest.first == "&" {
            name = String(rest.prefix { $0 != "=" && $0 != "?" })
            rest = rest.dropFirst(name.count)
        } else {
            name = String(rest)
            rest = ""
        }
        self.name = name.uppercased()
        op = rest.first
        let arguments = rest.first == "=" ? String(rest.dropFirst()) : ""
        fields = arguments.isEmpty ? [] : ATText.fields(of: ":" + arguments, after: ":")
    }

    func int(_ index: Int) -> Int? { fields.indices.contains(index) ? Int(fields[index]) : nil }
}

extension SimModem {
    func consume(_ byte: UInt8) {
        if var entry = dataEntry {
            if byte == 0x1B && !entry.promptShown {
                dataEntry = nil
                return
            }
            entry.bytes.append(byte)
            dataEntry = entry
            if entry.bytes.count == entry.count {
                dataEntry = nil
                finishSend(entry)
            }
            return
        }
        if echo { output.append(byte) }
        switch byte {
        case 0x0D:
            let line = String(decoding: lineBuffer, as: UTF8.self)
            lineBuffer.removeAll()
            if !line.isEmpty { commandLine(line) }
        case 0x0A: break
        default: lineBuffer.append(byte)
        }
    }

    func commandLine(_ line: String) {
        guard line.uppercased().hasPrefix("AT") else { return }
        if let busy = busyUntil, busy > now {
            queuedLines.append(line)
            return
        }
        if firstCommandPending {
            firstCommandPending = false
            return
        }
        commandLog.append(line)
        dispatch(SimCommand(line))
    }

    /// Answers `lines` then `OK` (a stray registration URC may slip in before the final).
    func ok(_ lines: [String] = []) {
        emit(lines)
        if chance(quirks.awkwardURCRate), let kind = dialect.registrations.last, (reportModes[kind] ?? 0) > 0 {
            emit(["+\(kind.rawValue): \(status.rawValue)"])
        }
        emit(["OK"])
    }

    /// Answers `ERROR` or `+CME ERROR: <code>` in the form set by `AT+CMEE`.
    func error(_ code: Int? = nil) {
        guard let code, cmee > 0 else {
            emit(["ERROR"])
            return
        }
        let text = cmee == 2 ? (CMEErrorTable.text(for: code) ?? "unknown") : "\(code)"
        emit(["+CME ERROR: \(text)"])
    }

    /// Holds the command line for `delay`, then prints `lines` (a command that takes time).
    func busy(for delay: Duration, then lines: [String]) {
        busyUntil = now + delay
        after(delay, .reply(lines))
    }

    func finishBusy(_ lines: [String]) {
        busyUntil = nil
        emit(lines)
        let waiting = queuedLines
        queuedLines.removeAll()
        for line in waiting { commandLine(line) }
    }

    func dispatch(_ command: SimCommand) {
        if dispatchBasic(command) || dispatchNetwork(command) || dispatchSockets(command) { return }
        error()
    }

    /// `AT`, `ATE`, `AT+CMEE`, `AT+CPIN`, `AT+CFUN`, signal, dialect setup.
    private func dispatchBasic(_ command: SimCommand) -> Bool {
        switch (command.name, command.op) {
        case ("", nil), ("I", nil): ok()
        case ("E0", nil), ("E1", nil):
            echo = command.name == "E1"
            ok()
        case ("+CMEE", "="):
            cmee = command.int(0) ?? 0
            ok()
        case ("+CPIN", "?"):
            ok(["+CPIN: \(simUnlocked ? "READY" : "SIM PIN")"])
        case ("+CPIN", "="):
            guard !simUnlocked else { return operationNotAllowed() }
            guard command.fields.first == simPIN else {
                error(16)
                return true
            }
            simUnlocked = true
            ok()
            startRegistration()
        case ("+CFUN", "="): setFunctionality(command.int(0) ?? 1, reset: command.int(1) == 1)
        case ("+CFUN", "?"): ok(["+CFUN: \(cfun)"])
        case ("+CSQ", nil):
            ok([inCoverage && cfun == 1 ? "+CSQ: \(radio.csqIndex),99" : "+CSQ: 99,99"])
        case ("+CESQ", nil):
            let radio = radio
            ok([
                inCoverage && cfun == 1
                    ? "+CESQ: 99,99,255,255,\(radio.cesqRSRQIndex),\(radio.cesqRSRPIndex)"
                    : "+CESQ: 99,99,255,255,255,255"
            ])
        case ("+QCSQ", nil) where dialect.sockets == .quectel:
            let mode = ["nbiot": "NBIoT", "ltem": "eMTC", "cat1": "LTE"][dialect.access.rawValue] ?? "LTE"
            let radio = radio
            let figures =
                [radio.rssiDBm, radio.rsrpDBm].map { "\(Int($0.rounded()))" } + [
                    "\(radio.qcsqSINR)", "\(Int(radio.rsrqDB.rounded()))",
                ]
            ok([
                inCoverage && status.isRegistered
                    ? "+QCSQ: \"\(mode)\",\(figures.joined(separator: ","))" : "+QCSQ: \"NOSERVICE\""
            ])
        case ("+QCFG", "=") where dialect.sockets == .quectel: ok()
        case ("+QNBIOTEVENT", "=") where dialect.pdp == .quectelDefaultBearer: ok()
        case ("+CPSMS", "="): setPSM(command)
        case ("+CEDRXS", "="): ok()
        default: return false
        }
        return true
    }

    func operationNotAllowed() -> Bool {
        error(3)
        return true
    }
}
