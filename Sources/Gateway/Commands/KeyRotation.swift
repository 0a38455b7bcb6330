// SensorGate — Gateway: a downlink `rotate-key`: a new device identity, written atomically.

import Envelope
import Foundation

/// Makes a new device identity for a `rotateKey` command and puts it in place of the old one in the
/// identity folder, so the next start loads it.
///
/// The new private key is written to `next/device.key` beside the old one (mode 0600 from the moment
/// it exists, flushed), then moved into place with rename(2), which is atomic: at every instant
/// `device.key` is either the old key or the new one. The old key stays as `device.key.previous`.
/// The acknowledgement announcing the new public key is signed with the old key (which the operator
/// and the collector trust), and the handler switches to the new identity only after signing it.
struct KeyRotation {
    /// The identity's private key file (`…/identity/device.key`).
    let keyFile: String

    /// A new identity, saved in place of the current one.
    /// - Returns: the new identity, or why it could not be made (the old one is then still in place).
    func rotate() -> Result<DeviceIdentity, GatewayError> {
        let directory = (keyFile as NSString).deletingLastPathComponent
        let folder = directory.isEmpty ? "." : directory
        let staging = folder + "/next"
        let identity = DeviceIdentity.generate()
        do {
            try identity.save(to: staging, replacing: true)
        } catch {
            return .failure(GatewayError(.identity, "\(staging): cannot write the new key (\(error))"))
        }
        let previous = keyFile + ".previous"
        let publicFile = folder + "/" + DeviceIdentity.publicKeyFile
        unlink(previous)
        guard link(keyFile, previous) == 0 else {
            return .failure(GatewayError(.identity, "\(previous): cannot keep the old key (errno \(errno))"))
        }
        guard rename(staging + "/" + DeviceIdentity.privateKeyFile, keyFile) == 0 else {
            return .failure(GatewayError(.identity, "\(keyFile): cannot move the new key into place (errno \(errno))"))
        }
        // The public key is derived from the private one on load; its file is for people and the collector.
        _ = rename(staging + "/" + DeviceIdentity.publicKeyFile, publicFile)
        rmdir(staging)
        return .success(identity)
    }
}
