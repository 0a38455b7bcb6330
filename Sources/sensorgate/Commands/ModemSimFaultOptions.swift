// SensorGate — sensorgate modem-sim: the options that plan faults and tune the network and the module.

import ArgumentParser
import HAL
import ModemSim

/// `modem-sim` options for what goes wrong (coverage gaps, timed faults, random reboots) and for the
/// network model's and the module's figures; every value is checked into one clear line.
struct ModemSimFaultOptions: ParsableArguments {
    @Option(
        name: .customLong("coverage-gap"),
        help: ArgumentHelp(
            "No coverage from START (after the start) for DURATION, e.g. 30s+5m; repeatable, gaps must not overlap.",
            valueName: "START+DURATION"))
    var coverageGaps: [String] = []

    @Option(
        name: .customLong("weak-signal"),
        help: ArgumentHelp(
            "A weak signal from START for DURATION at RSRP dBm (-140 to -44), e.g. 1m+10m@-125: reports show it, "
                + "the link slows. Repeatable.",
            valueName: "START+DURATION@RSRP"))
    var weakSignals: [String] = []

    @Option(
        name: .customLong("reboot-every"),
        help: ArgumentHelp(
            "Spontaneous reboots at random intervals averaging D (exponential, drawn from --seed).", valueName: "D"))
    var rebootEvery: String?

    @Option(
        name: .customLong("fault"),
        help: ArgumentHelp(
            "A fault at TIME after the start, e.g. reboot@5m; KIND: \(FaultText.kinds). Repeatable.",
            valueName: "KIND@TIME"))
    var faults: [String] = []

    @Option(name: .long, help: ArgumentHelp("Packet loss probability, 0-1 (default: the network's).", valueName: "P"))
    var loss: String?

    @Option(name: .long, help: ArgumentHelp("Mean one-way latency (default: the network's).", valueName: "D"))
    var latency: String?

    @Option(
        name: .customLong("idle-timeout"),
        help: ArgumentHelp("The operator's idle timeout for connections (default: the network's).", valueName: "D"))
    var idleTimeout: String?

    @Option(
        name: .customLong("registration-delay"),
        help: ArgumentHelp("Mean time to register (default: the network's).", valueName: "D"))
    var registrationDelay: String?

    @Option(
        name: .customLong("sim-pin"), help: ArgumentHelp("The SIM asks for this PIN (4-8 digits).", valueName: "PIN"))
    var simPIN: String?

    @Option(
        name: .customLong("send-buffer"),
        help: ArgumentHelp(
            "The module's send buffer per socket (default: 4096); fuller sends get SEND FAIL.", valueName: "BYTES"))
    var sendBuffer: String?

    @Option(
        name: .customLong("stray-urc-rate"),
        help: ArgumentHelp(
            "Probability that a response carries a stray registration URC, 0-1 (default: 0.05; 0 with --no-quirks).",
            valueName: "P"))
    var strayURCRate: String?

    /// The planned faults, checked.
    /// - Throws: ``Failure`` naming the option and the value.
    func scenario() throws -> SimScenario {
        var scenario = SimScenario()
        var texts: [CoverageGap: String] = [:]
        for text in coverageGaps {
            let gap = try Self.coverageGap(text)
            scenario.coverageGaps.append(gap)
            texts[gap] = text
        }
        if let pair = scenario.overlappingGaps {
            throw Failure(
                "--coverage-gap \(texts[pair.1] ?? ""): overlaps --coverage-gap \(texts[pair.0] ?? "") (make them one gap)"
            )
        }
        scenario.weakSignals = try weakSignals.map { try Self.weakSignal($0) }
        scenario.faults = try faults.map { try FaultText.parse($0) }
        if let rebootEvery {
            guard let interval = DurationText.parse(rebootEvery), interval > .zero else {
                throw Failure(
                    "--reboot-every \(rebootEvery): not a positive duration (use 10m: about every 10 minutes)")
            }
            scenario.rebootMeanInterval = interval
        }
        return scenario
    }

    /// `profile` with the figures given on the command line.
    /// - Throws: ``Failure`` naming the option and the value.
    func tuned(_ profile: NetworkProfile) throws -> NetworkProfile {
        var profile = profile
        if let loss { profile.lossRate = try Self.probability(loss, option: "--loss", example: "0.01") }
        if let latency { profile.latency = try Self.duration(latency, option: "--latency", zeroAllowed: true) }
        if let idleTimeout { profile.idleTimeout = try Self.duration(idleTimeout, option: "--idle-timeout") }
        if let registrationDelay {
            profile.registrationDelay = try Self.duration(
                registrationDelay, option: "--registration-delay", zeroAllowed: true)
        }
        return profile
    }

    /// `quirks` with the figures given on the command line.
    /// - Throws: ``Failure`` naming the option and the value.
    func tuned(_ quirks: ModemQuirks) throws -> ModemQuirks {
        var quirks = quirks
        if let sendBuffer {
            guard let bytes = Int(sendBuffer), bytes > 0 else {
                throw Failure("--send-buffer \(sendBuffer): not a positive byte count (use 4096)")
            }
            quirks.sendBufferBytes = bytes
        }
        if let strayURCRate {
            quirks.awkwardURCRate = try Self.probability(strayURCRate, option: "--stray-urc-rate", example: "0.05")
        }
        return quirks
    }

    /// The SIM PIN, checked.
    /// - Throws: ``Failure`` when it is not 4-8 digits.
    func checkedSIMPIN() throws -> String? {
        guard let simPIN else { return nil }
        guard (4...8).contains(simPIN.count), simPIN.allSatisfy(\.isASCII), simPIN.allSatisfy(\.isNumber) else {
            throw Failure("--sim-pin \(simPIN): not a PIN (use 4 to 8 digits, e.g. 1234)")
        }
        return simPIN
    }

    /// `START+DURATION` as a gap.
    static func coverageGap(_ text: String) throws -> CoverageGap {
        let parts = text.split(separator: "+", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = DurationText.parse(String(parts[0])),
            let length = DurationText.parse(String(parts[1]))
        else {
            throw Failure(
                "--coverage-gap \(text): not START+DURATION (use 30s+5m: from 30 s after the start, for 5 min)")
        }
        guard length > .zero else { throw Failure("--coverage-gap \(text): the duration must be longer than zero") }
        return CoverageGap(start: MonotonicInstant.zero + start, end: MonotonicInstant.zero + start + length)
    }

    /// `START+DURATION@RSRP` as a period of weak signal.
    static func weakSignal(_ text: String) throws -> WeakSignal {
        let usage = "use 1m+10m@-125: from 1 min after the start, for 10 min, at an RSRP of -125 dBm"
        let halves = text.split(separator: "@", omittingEmptySubsequences: false)
        let parts = halves[0].split(separator: "+", omittingEmptySubsequences: false)
        guard halves.count == 2, parts.count == 2, let start = DurationText.parse(String(parts[0])),
            let length = DurationText.parse(String(parts[1])), let rsrp = Double(halves[1])
        else { throw Failure("--weak-signal \(text): not START+DURATION@RSRP (\(usage))") }
        guard length > .zero else { throw Failure("--weak-signal \(text): the duration must be longer than zero") }
        guard rsrp.isFinite, (-140...(-44)).contains(rsrp) else {
            throw Failure("--weak-signal \(text): RSRP \(halves[1]) dBm is outside -140 to -44 (\(usage))")
        }
        return WeakSignal(start: .zero + start, end: .zero + start + length, rsrpDBm: rsrp)
    }

    static func probability(_ text: String, option: String, example: String) throws -> Double {
        guard let value = Double(text), value.isFinite, (0...1).contains(value) else {
            throw Failure("\(option) \(text): not a probability (use a number from 0 to 1, e.g. \(example))")
        }
        return value
    }

    static func duration(_ text: String, option: String, zeroAllowed: Bool = false) throws -> Duration {
        guard let value = DurationText.parse(text), zeroAllowed || value > .zero else {
            let what = zeroAllowed ? "a duration" : "a positive duration"
            throw Failure("\(option) \(text): not \(what) (use 500ms, 10s, 5m or 24h)")
        }
        return value
    }
}
