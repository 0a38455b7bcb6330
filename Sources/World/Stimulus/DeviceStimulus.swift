// SensorGate — World: what one chip, mounted somewhere on the gateway, measures of the world.

import Drivers
import HAL
import SensorMath

/// Where a chip is mounted.
public enum Mounting: String, Sendable, Hashable, CaseIterable {
    /// On the gateway's body: it moves with the body.
    case body
    /// On the machine's bearing housing: it also feels the machine's vibration.
    case machine
}

/// A fault on a chip's physical values, as faults in a scenario set them.
public enum ValueFault: Sendable, Hashable {
    /// From `startS` on, the values stay what they were at `startS`.
    case stuck(startS: Double)
    /// From `startS` on, the values drift by `ratePerS` (SI units per second) on every component.
    case drift(startS: Double, ratePerS: Double)
    /// From `startS` on, the values are offset by `offset`.
    case offset(startS: Double, offset: Double)
}

/// The world as one chip sees it: in its own axes, at its mounting, with any replay and faults.
public final class DeviceStimulus: Stimulus {
    /// The world.
    public let world: WorldModel
    /// Where the chip is mounted.
    public let mounting: Mounting
    /// The chip's axes relative to the body: v_body = axes ⊗ v_chip ⊗ axes*.
    public let axes: Quaternion
    /// A recording that replaces the world for the quantities it feeds.
    public let replay: Replay?
    /// Faults on the values, in time order.
    public var faults: [ValueFault]
    /// The rotation from body to chip axes (`axes` conjugated), or nil for a chip aligned with the
    /// body: its vectors are the body's, without a rotation per sample.
    private let bodyToChip: Quaternion?
    /// The world's machine when the chip is mounted on it (its vibration adds to the body's force).
    private let vibratingMachine: RotatingMachine?

    /// Creates the stimulus of one chip.
    /// - Parameters:
    ///   - world: the world.
    ///   - mounting: where it is mounted. Default body.
    ///   - axes: its axes relative to the body. Default aligned.
    ///   - replay: a recording feeding it. Default none.
    ///   - faults: value faults. Default none.
    public init(
        world: WorldModel, mounting: Mounting = .body, axes: Quaternion = .identity, replay: Replay? = nil,
        faults: [ValueFault] = []
    ) {
        self.world = world
        self.mounting = mounting
        self.axes = axes
        self.replay = replay
        self.faults = faults
        self.bodyToChip = axes == .identity ? nil : axes.conjugate
        self.vibratingMachine = mounting == .machine ? world.machine : nil
    }

    /// The value at an instant (seconds = nanoseconds / 10⁹ from the simulation's start): the
    /// fault-free value, at the onset of a stuck fault once one has begun, plus every drift and offset
    /// active then.
    public func value(_ quantity: Quantity, at time: MonotonicInstant) -> SensorComponents<Double>? {
        let t = Double(time.nanoseconds) / 1e9
        // Without faults (the common case) the fault-free value, without iterating (and retaining) the list.
        guard !faults.isEmpty else {
            return replayed(quantity, atNanoseconds: time.nanoseconds) ?? physical(quantity, at: t)
        }
        var sampleTime = t
        var shift = 0.0
        for fault in faults {
            switch fault {
            case .stuck(let startS) where t >= startS: sampleTime = min(sampleTime, startS)
            case .drift(let startS, let rate) where t >= startS: shift += rate * (t - startS)
            case .offset(let startS, let offset) where t >= startS: shift += offset
            default: break
            }
        }
        // Replay is looked up on the exact nanosecond, so a chip on the recording's grid never
        // lands one sample early through rounding.
        let base =
            sampleTime == t
            ? replayed(quantity, atNanoseconds: time.nanoseconds) ?? physical(quantity, at: t)
            : physical(quantity, at: sampleTime)
        guard shift != 0, var shifted = base else { return base }
        for index in shifted.indices { shifted[index] += shift }
        return shifted
    }

    /// The fault-free value at `t` seconds.
    /// - Parameters:
    ///   - quantity: the quantity.
    ///   - t: seconds.
    /// - Returns: the components, or nil.
    public func physical(_ quantity: Quantity, at t: Double) -> SensorComponents<Double>? {
        if replay != nil, let replayed = replayed(quantity, atNanoseconds: Int64(NearestInteger.rounded(t * 1e9))) {
            return replayed
        }
        switch quantity {
        case .accelMps2:
            var force = inChipAxes(world.specificForce(at: t))
            if let machine = vibratingMachine { force = force + machine.vibration(at: t) }
            return Self.components(force)
        case .gyroRadps:
            return Self.components(inChipAxes(world.angularRate(at: t)))
        case .magUT:
            return Self.components(inChipAxes(world.magneticField(at: t)))
        case .pressurePa:
            return SensorComponents(world.atmosphere.pressure(at: t, heightM: world.height(at: t)))
        case .temperatureC:
            return SensorComponents(world.atmosphere.temperature(at: t, heightM: world.height(at: t)))
        case .humidityRH:
            return SensorComponents(world.atmosphere.humidity(at: t))
        }
    }

    /// A body vector in the chip's axes (the vector itself for an aligned chip).
    private func inChipAxes(_ vector: Vector3) -> Vector3 {
        guard let bodyToChip else { return vector }
        return bodyToChip.rotate(vector)
    }

    /// The replay's value at `ns`, inline, or nil when there is no replay or it does not feed `quantity`.
    private func replayed(_ quantity: Quantity, atNanoseconds ns: Int64) -> SensorComponents<Double>? {
        replay?.value(quantity, atNanoseconds: ns).map { SensorComponents($0) { $0 } }
    }

    /// A vector's components, inline.
    private static func components(_ vector: Vector3) -> SensorComponents<Double> {
        SensorComponents(vector.x, vector.y, vector.z)
    }
}
