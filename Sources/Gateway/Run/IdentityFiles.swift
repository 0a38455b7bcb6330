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
}
