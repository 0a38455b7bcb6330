// SensorGate — Envelope: the devices a collector knows.

import Crypto

/// The devices a collector accepts envelopes from: each device's public key and, for a device that
/// seals its envelopes, its provisioned key.
public struct DeviceRegistry: Sendable {
    /// What the collector knows about one device.
    ///
    /// `@unchecked Sendable`: both stored properties are `let`s of immutable swift-crypto values,
    /// which swift-crypto 3.12 does not yet declare `Sendable` on Linux.
    public struct Device: @unchecked Sendable {
        /// The device's Ed25519 public key.
        public let publicKey: Curve25519.Signing.PublicKey
        /// The key the device seals with; nil when it signs.
        public let sealingKey: SealingKey?

        /// The protection the device is registered for; envelopes with the other are refused.
        public var protection: Protection { sealingKey == nil ? .signed : .sealed }
    }

    private var devices: [DeviceID: Device] = [:]

    /// An empty registry.
    public init() {}

    /// Registers a device by its public key (its ID is derived from it), replacing an earlier entry.
    /// - Parameter sealingKey: the device's provisioned key, when the board says it seals.
    /// - Returns: the device's ID.
    @discardableResult
    public mutating func register(
        publicKey: Curve25519.Signing.PublicKey, sealingKey: SealingKey? = nil
    ) -> DeviceID {
        let id = DeviceID(publicKey: publicKey)
        devices[id] = Device(publicKey: publicKey, sealingKey: sealingKey)
        return id
    }

    /// Removes a device (a revoked identity); later envelopes from it are ``EnvelopeError/Kind/unknownDevice``.
    public mutating func remove(_ id: DeviceID) { devices[id] = nil }

    /// The device with ID `id`, if registered.
    public subscript(id: DeviceID) -> Device? { devices[id] }

    /// The number of registered devices.
    public var count: Int { devices.count }
}
