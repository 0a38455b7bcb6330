// SensorGate — Collector: the device registry from a folder of public keys.

import Envelope
import Foundation

/// Loads a ``DeviceRegistry`` from a folder: every `NAME.pub` (an Ed25519 public key, SubjectPublicKeyInfo
/// PEM, as `sensorgate keygen` writes `device.pub`) registers one device; a `NAME.seal` beside it makes
/// that device a sealing one. A subfolder holding `device.pub` (a whole `keygen --out` folder, or its
/// public half) counts the same way.
public enum KeyFolder {
    /// The registry and the files it read.
    /// - Throws: ``IdentityError`` naming the file that is missing, unreadable or malformed.
    public static func load(_ folder: String) throws(IdentityError) -> (registry: DeviceRegistry, files: [String]) {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue,
            let names = try? manager.contentsOfDirectory(atPath: folder)
        else {
            throw IdentityError(.notFound, "\(folder): not a readable folder of device public keys (NAME.pub)")
        }
        var registry = DeviceRegistry()
        var files: [String] = []
        for name in names.sorted() {
            let path = folder + "/" + name
            var candidate: (pub: String, seal: String)?
            if name.hasSuffix(".pub") {
                candidate = (path, String(path.dropLast(4)) + ".seal")
            } else if manager.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue,
                manager.fileExists(atPath: path + "/device.pub")
            {
                candidate = (path + "/device.pub", path + "/device.seal")
            }
            guard let (pub, seal) = candidate else { continue }
            let publicKey = try DeviceIdentity.loadPublicKey(file: pub)
            let sealing = manager.fileExists(atPath: seal) ? try SealingKey.load(file: seal) : nil
            registry.register(publicKey: publicKey, sealingKey: sealing)
            files.append(pub)
        }
        guard !files.isEmpty else {
            throw IdentityError(.notFound, "\(folder): no device public keys (NAME.pub or DIR/device.pub) in it")
        }
        return (registry, files)
    }
}
