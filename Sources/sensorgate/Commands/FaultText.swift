// SensorGate — sensorgate modem-sim: `--fault KIND@TIME` as a planned fault.

import HAL
import ModemSim

/// The `--fault` syntax: `KIND@TIME`, TIME after the start (`500ms`, `10s`, `5m`).
enum FaultText {
    /// The kinds, as the help and the errors list them.
    static let kinds =
        "reboot, registration-loss:D, context-loss, send-fail[:N], missing-prompt, lost-send-result, partial-send:N, "
        + "peer-close:ID[:TEXT], psm, garbage, hang"

    /// Parses one `--fault` value.
    /// - Parameter text: e.g. `reboot@5m`, `registration-loss:30s@2m`, `send-fail:3@1m`.
    /// - Returns: the planned fault.
    /// - Throws: ``Failure`` naming the value and the accepted forms.
    static func parse(_ text: String) throws -> PlannedFault {
        guard let split = text.lastIndex(of: "@"),
            let time = DurationText.parse(String(text[text.index(after: split)...]))
        else {
            throw Failure("--fault \(text): not KIND@TIME (use reboot@5m: a reboot 5 minutes after the start)")
        }
        let spec = text[..<split]
        let name = spec.prefix { $0 != ":" }
        let argument = spec.count > name.count ? String(spec.dropFirst(name.count + 1)) : nil
        return PlannedFault(at: MonotonicInstant.zero + time, fault: try fault(String(name), argument, text))
    }

    private static func fault(_ name: String, _ argument: String?, _ text: String) throws -> ModemFault {
        func bare(_ fault: ModemFault) throws -> ModemFault {
            guard argument == nil else {
                throw Failure("--fault \(text): \(name) takes no argument (use \(name)@TIME)")
            }
            return fault
        }
        switch name {
        case "reboot": return try bare(.reboot)
        case "context-loss": return try bare(.contextLoss)
        case "missing-prompt": return try bare(.missingPrompt)
        case "lost-send-result": return try bare(.lostSendResult)
        case "psm": return try bare(.enterPSM)
        case "garbage": return try bare(.garbage)
        case "hang": return try bare(.hang)
        case "registration-loss":
            guard let argument, let length = DurationText.parse(argument), length > .zero else {
                throw Failure("--fault \(text): registration-loss needs how long (use registration-loss:30s@2m)")
            }
            return .registrationLoss(length)
        case "send-fail":
            guard let argument else { return .sendBufferFull(count: 1) }
            guard let count = Int(argument), count > 0 else {
                throw Failure("--fault \(text): send-fail takes a positive count (use send-fail:3@1m)")
            }
            return .sendBufferFull(count: count)
        case "partial-send":
            guard let argument, let count = Int(argument), count >= 0 else {
                throw Failure("--fault \(text): partial-send takes how many bytes get sent (use partial-send:100@1m)")
            }
            return .partialSend(count: count)
        case "peer-close":
            let fields = argument?.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false) ?? []
            guard let first = fields.first, let id = Int(first), id >= 0 else {
                throw Failure(
                    "--fault \(text): peer-close needs a socket id (use peer-close:0@1m or peer-close:0:bye@1m)")
            }
            return .peerClose(id: id, lastBytes: fields.count > 1 ? Array(fields[1].utf8) : [])
        default:
            throw Failure("--fault \(text): unknown fault \(name) (use one of \(kinds))")
        }
    }
}
