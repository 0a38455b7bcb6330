// SensorGate — Gateway: applying verified downlink commands to the running sampler.

import Envelope
import Sampling

/// Applies `set-rate` and `read` to the running sampler through its groups' ``SamplingMailbox``es
/// (lock-free; the sampling thread picks them up at the group's next deadline, or its next wake-up
/// for a reading), and `set-qnh` to the edge stage's altitude (at the barometer's next reading), and
/// says when they took effect.
///
/// What it refuses, with a `failed` reason: a label the board does not sample; a data-ready or FIFO
/// device (its pace is the chip's output data rate, and no driver here changes that live — set it in
/// the board file); a rate outside what the sampler takes (0.001 Hz … 100 kHz); a polled rate above
/// the output data rate the device's driver states (polling faster only repeats a conversion).
struct CommandApplier {
    /// The sampler's groups.
    let mailboxes: [SamplingMailbox]
    /// The edge stage's altitude mailbox; nil when the board computes no altitude (`set-qnh` fails).
    var seaLevelPressure: SeaLevelPressureMailbox? = nil
    /// Where the last `set-qnh` is kept for the next start (the state folder's), or nil.
    var seaLevelPressureFile: String? = nil

    /// Hands `command` to the sampler, or refuses it.
    func apply(_ command: OperatorCommand) -> CommandApplication {
        switch command {
        case .setSamplingRate(let label, let rateMilliHz): setRate(label, SamplingRate(milliHertz: Int64(rateMilliHz)))
        case .requestReading(let label): requestReading(label)
        case .rotateKey: .done(.failed(reason: "rotate-key is applied by the delivery, not the sampler"))
        case .setSeaLevelPressure(let deciPascals): setSeaLevelPressure(deciPascals)
        }
    }

    private func setSeaLevelPressure(_ deciPascals: UInt32) -> CommandApplication {
        guard let mailbox = seaLevelPressure else {
            return .done(.failed(reason: "this board computes no altitude (edge: altitude: in the board file)"))
        }
        do throws(CommandRejection) {
            try OperatorCommand.setSeaLevelPressure(deciPascals: deciPascals).validate()
        } catch {
            return .done(.failed(reason: error.detail))
        }
        // Kept for the next start first; a folder that cannot take it does not stop the new reference.
        if let file = seaLevelPressureFile { _ = SeaLevelPressureMailbox.save(deciPascals, to: file) }
        let ticket = mailbox.post(deciPascals: deciPascals)
        return .pending { mailbox.isApplied(ticket) ? .applied : nil }
    }

    private func mailbox(_ label: String) -> SamplingMailbox? {
        mailboxes.first { $0.labels.contains(label) }
    }

    private func unknown(_ label: String) -> CommandApplication {
        let labels = mailboxes.flatMap(\.labels).joined(separator: ", ")
        return .done(.failed(reason: "no sensor labelled '\(label)' is sampled on this board (sampled: \(labels))"))
    }

    private func setRate(_ label: String, _ rate: SamplingRate) -> CommandApplication {
        guard let mailbox = mailbox(label) else { return unknown(label) }
        guard mailbox.trigger == "polled" else {
            return .done(
                .failed(
                    reason: "'\(label)' is paced by its chip (\(mailbox.trigger)): its rate is the chip's output data "
                        + "rate, which no driver changes live; set it in the board file"))
        }
        guard rate <= SamplingRate.fastest else {
            return .done(.failed(reason: "\(rate) is above the sampler's fastest rate, \(SamplingRate.fastest)"))
        }
        if let chip = mailbox.fastestUsefulRate, rate > chip {
            return .done(
                .failed(
                    reason: "'\(label)' converts at \(chip); polling it at \(rate) would only repeat its readings"))
        }
        let ticket = mailbox.requestRate(rate)
        return .pending { mailbox.rateApplied(ticket) ? .applied : nil }
    }

    private func requestReading(_ label: String?) -> CommandApplication {
        let targets: [SamplingMailbox]
        if let label {
            guard let mailbox = mailbox(label) else { return unknown(label) }
            targets = [mailbox]
        } else {
            targets = mailboxes
        }
        let tickets = targets.map { ($0, $0.requestReading()) }
        return .pending { tickets.allSatisfy { $0.0.readingServed($0.1) } ? .applied : nil }
    }
}

extension RateGroupDefinition {
    /// The groups with every polled group of several devices split into one group per device, so a
    /// live rate change (downlink `set-rate`) moves one device only. Data-ready and FIFO groups hold
    /// one device already.
    static func splittingPolled(_ groups: [RateGroupDefinition]) -> [RateGroupDefinition] {
        groups.flatMap { group -> [RateGroupDefinition] in
            guard case .polled = group.trigger, group.sensors.count > 1 else { return [group] }
            return group.sensors.map {
                RateGroupDefinition(name: "\(group.name)/\($0.label)", rate: group.rate, sensors: [$0])
            }
        }
    }
}
