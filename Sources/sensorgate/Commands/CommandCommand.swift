// SensorGate — sensorgate command: sign downlink commands and verify their acknowledgements.

import ArgumentParser
import Envelope
import Foundation

/// `sensorgate command sign|verify-ack`: the operator's side of downlink commands (docs/envelope.md §7).
struct CommandCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "command",
        abstract: "Sign downlink commands with the operator key and verify the gateway's acknowledgements.",
        discussion: """
            A command is addressed to one device, carries a sequence number that must rise with every \
            command to that device, and expires. The gateway accepts it only when the operator key it is \
            configured with signed it. The bytes are specified in docs/envelope.md §7; publish them on \
            sensorgate/<device>/cmd (docs/uplink.md).
            """,
        subcommands: [CommandSign.self, CommandVerifyAck.self])
}

/// `sensorgate command sign --operator-key FILE --device ID --sequence N [--expires 10m] --out FILE ACTION ...`.
struct CommandSign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a command for one device and write its bytes to a file.",
        discussion: """
            ACTION is one of:
              set-rate LABEL HZ   sample the sensor LABEL at HZ (up to 3 decimals, e.g. 0.5)
              read [LABEL]        take a reading now (of LABEL, or of every sensor)
              rotate-key          make a new device identity; the acknowledgement carries its public key
              set-qnh HPA         the sea-level pressure (QNH) for the altitude, in hPa (e.g. 1013.25),
                                  as a reference station at a surveyed height reports it
            The operator key is a private key file as sensorgate keygen writes it (DIR/device.key).
            """)

    @Option(help: ArgumentHelp("The operator's private key (PKCS #8 PEM, mode 0600).", valueName: "FILE"))
    var operatorKey: String

    @Option(help: ArgumentHelp("The target device ID (16 base32 characters).", valueName: "ID"))
    var device: String

    @Option(
        help: ArgumentHelp("The command's sequence number: above every earlier one for the device.", valueName: "N"))
    var sequence: UInt64

    @Option(
        help: ArgumentHelp("How long the command stays valid (e.g. 30s, 10m, 2h; default 10m).", valueName: "DURATION"))
    var expires: DurationArgument?

    @Option(help: ArgumentHelp("Where to write the signed command's bytes.", valueName: "FILE"))
    var out: String

    @Argument(help: ArgumentHelp("set-rate LABEL HZ | read [LABEL] | rotate-key | set-qnh HPA", valueName: "ACTION"))
    var action: [String]

    func run() throws {
        try reportingFailures {
            guard let deviceID = DeviceID(device) else {
                throw Failure("--device \(device): not a device ID (16 base32 characters, as keygen prints)")
            }
            let operatorCommand = try parseAction()
            let key: OperatorKey
            do throws(IdentityError) { key = try OperatorKey.load(file: operatorKey) } catch {
                throw Failure(error.detail)
            }
            let nowMicros = UInt64(max(0, Date().timeIntervalSince1970 * 1_000_000))
            let (seconds, attoseconds) = (expires?.duration ?? .seconds(600)).components
            let lifeMicros = UInt64(seconds) * 1_000_000 + UInt64(attoseconds / 1_000_000_000_000)
            let signed: SignedCommand
            do throws(CommandRejection) {
                signed = try SignedCommand.sign(
                    operatorCommand, for: deviceID, sequence: sequence, issuedAtMicros: nowMicros,
                    expiresAtMicros: nowMicros + lifeMicros, operatorKey: key)
            } catch {
                throw Failure(error.detail)
            }
            do {
                try Data(signed.bytes).write(to: URL(fileURLWithPath: out))
            } catch {
                throw Failure("\(out): cannot write the command: \(error.localizedDescription)")
            }
            let expiry = Date(timeIntervalSince1970: Double(signed.expiresAtMicros) / 1_000_000)
            print(
                "command \(sequence) for \(deviceID): \(operatorCommand), expires \(expiry.ISO8601Format()); "
                    + "\(signed.bytes.count) bytes in \(out)")
        }
    }

    private func parseAction() throws -> OperatorCommand {
        let usage = "expected set-rate LABEL HZ, read [LABEL], rotate-key or set-qnh HPA"
        guard let verb = action.first else { throw Failure("no action: \(usage)") }
        let rest = Array(action.dropFirst())
        switch (verb, rest.count) {
        case ("set-rate", 2):
            guard let rate = Self.thousandths(rest[1]) else {
                throw Failure("set-rate \(rest[0]) \(rest[1]): the rate is a number of Hz above 0, up to 3 decimals")
            }
            return .setSamplingRate(label: rest[0], rateMilliHz: rate)
        case ("read", 0): return .requestReading(label: nil)
        case ("read", 1): return .requestReading(label: rest[0])
        case ("rotate-key", 0): return .rotateKey
        case ("set-qnh", 1):
            // hPa with up to 3 decimals is the command's 0.1 Pa.
            guard let deci = Self.thousandths(rest[0]), OperatorCommand.seaLevelDeciPascals.contains(deci) else {
                throw Failure("set-qnh \(rest[0]): the sea-level pressure is in hPa, 800 to 1100, up to 3 decimals")
            }
            return .setSeaLevelPressure(deciPascals: deci)
        default: throw Failure("\(action.joined(separator: " ")): \(usage)")
        }
    }

    /// A decimal number with up to 3 decimals (`12`, `0.5`, `12.125`) in thousandths (Hz as mHz, hPa as
    /// 0.1 Pa); nil for anything else, 0, or above 2³² − 1 thousandths.
    static func thousandths(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = UInt64(parts[0]), whole < 5_000_000 else { return nil }
        var fraction: UInt64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...3).contains(digits.count), let value = UInt64(digits) else { return nil }
            fraction = value * [100, 10, 1][digits.count - 1]
        }
        let milli = whole * 1000 + fraction
        guard milli > 0, milli <= UInt64(UInt32.max) else { return nil }
        return UInt32(milli)
    }
}

/// `sensorgate command verify-ack --device-key FILE.pub FILE`.
struct CommandVerifyAck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-ack",
        abstract: "Verify a gateway's signed acknowledgement of a command and print its outcome.",
        discussion: """
            Prints one line, `device ID command N: OUTCOME`, and exits 0 when the acknowledgement is \
            genuine (whatever its outcome); exits 1 with the reason when it is not. For a rotate-key \
            acknowledgement, --new-key-out writes the device's new public key for the collector's registry.
            """)

    @Option(help: ArgumentHelp("The device's public key (DIR/device.pub).", valueName: "FILE.pub"))
    var deviceKey: String

    @Option(help: ArgumentHelp("For key rotated: where to write the new public key (PEM).", valueName: "FILE"))
    var newKeyOut: String?

    @Argument(help: ArgumentHelp("The acknowledgement's bytes.", valueName: "FILE"))
    var file: String

    func run() throws {
        try reportingFailures {
            let bytes: Data
            do { bytes = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                throw Failure("\(file): cannot read the acknowledgement; check the path")
            }
            let publicKey = try Result { () throws(IdentityError) in try DeviceIdentity.loadPublicKey(file: deviceKey) }
                .mapError { Failure($0.detail) }.get()
            let ack: CommandAck
            do throws(CommandRejection) {
                ack = try CommandAck.verify(Array(bytes), devicePublicKey: publicKey)
            } catch {
                throw Failure("\(file): \(error.kind.rawValue): \(error.detail)")
            }
            if let newKeyOut, case .keyRotated(let newKey) = ack.outcome {
                do throws(IdentityError) {
                    try DeviceIdentity.savePublicKey(newKey, to: newKeyOut)
                } catch {
                    throw Failure(error.detail)
                }
            }
            print("device \(ack.deviceID) command \(ack.sequence): \(ack.outcome)")
        }
    }
}
