// SensorGate — Gateway: the device identity, loaded from the state folder or created there on first start.

import Envelope
import Foundation

/// Loads or creates the device identity.
enum IdentityFiles {
    /// The identity whose private key is `keyFile` (`…/device.key`): loaded when it exists, otherwise
    /// generated and saved there (private key mode 0600) — the layout of `sensorgate keygen --out DIR`.
    /// - Returns: the identity, and whether it was created now.
    static func loadOrCreate(keyFile: String) throws(GatewayError) -> (DeviceIdentity, created: Bool) {
        let directory = (keyFile as NSString).deletingLastPathComponent
        do {
            if FileManager.default.fileExists(atPath: keyFile) {
                return (try DeviceIdentity.load(from: directory.isEmpty ? "." : directory), false)
            }
            try FileManager.default.createDirectory(
                atPath: directory.isEmpty ? "." : directory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            let identity = DeviceIdentity.generate()
            try identity.save(to: directory.isEmpty ? "." : directory)
            return (identity, true)
        } catch let error as IdentityError {
            throw GatewayError(.identity, "\(keyFile): \(error)")
        } catch {
            throw GatewayError(.identity, "\(keyFile): cannot create the identity folder: \(error)")
        }
    }

    /// The sealing key `device.seal` beside `keyFile`, for a board that seals its envelopes: loaded, or
    /// created now when the identity itself was just created (a new device gets both at once).
    /// - Throws: `GatewayError` when an existing identity has no sealing key (it must be provisioned
    ///   with the collector: `sensorgate keygen --sealing-key`), or the file cannot be read or written.
    static func sealingKey(besides keyFile: String, identityCreated: Bool) throws(GatewayError) -> SealingKey {
        let path = (keyFile as NSString).deletingLastPathComponent + "/device.seal"
        do {
            if FileManager.default.fileExists(atPath: path) { return try SealingKey.load(file: path) }
            guard identityCreated else {
                throw GatewayError(
                    .identity,
                    "\(path): the board seals its envelopes (identity: seal: true) but the device has no sealing "
                        + "key; create it with `sensorgate keygen --out DIR --sealing-key` and give the collector "
                        + "the same device.seal")
            }
            let key = SealingKey.generate()
            try key.save(to: path)
            return key
        } catch let error as GatewayError {
            throw error
        } catch {
            throw GatewayError(.identity, "\(path): \(error)")
        }
    }
}
