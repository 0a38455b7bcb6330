// SensorGate — sensorgate keygen: create the device identity.

import ArgumentParser
import Envelope

/// `sensorgate keygen --out DIR [--force]`.
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create the device identity (an Ed25519 key pair) and print the device ID.",
        discussion: """
            Writes DIR/device.key (the private key, PKCS #8 PEM, mode 0600 from the moment it exists) and \
            DIR/device.pub (the public key for the collector's registry, mode 0644), creating DIR with mode \
            0700 if it is missing. Prints the device ID only: 16 base32 characters derived from the public \
            key. An existing key is never overwritten unless --force is given, which changes the device ID. \
            With --sealing-key, also writes DIR/device.seal (mode 0600): the key for boards that seal their \
            envelopes, to be provisioned to the collector as well. The format is docs/envelope.md.
            """)

    @Option(help: ArgumentHelp("The identity folder.", valueName: "DIR"))
    var out: String

    @Flag(help: "Replace an existing identity (the device gets a new ID; re-register it with the collector).")
    var force = false

    @Flag(help: "Also create DIR/device.seal, a ChaCha20-Poly1305 key for sealed envelopes.")
    var sealingKey = false

    func run() throws {
        try reportingFailures {
            let identity = DeviceIdentity.generate()
            do throws(IdentityError) {
                try identity.save(to: out, replacing: force)
                if sealingKey {
                    let path = out.hasSuffix("/") ? out + "device.seal" : out + "/device.seal"
                    try SealingKey.generate().save(to: path, replacing: force)
                }
            } catch {
                throw Failure(error.detail)
            }
            print(identity.deviceID)
        }
    }
}
