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
    }

    /// The value at an instant (seconds = nanoseconds / 10⁹ from the simulation's start): the
    /// fault-free value, at the onset of a stuck fault once one has begun, plus every drift and offset
    /// active then.
    public func value(_ quantity: Quantity, at time: MonotonicInstant) -> [Double]? {
        let t = Double(time.nanoseconds) / 1e9
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
            ? replay?.value(quantity, atNanoseconds: time.nanoseconds) ?? physical(quantity, at: t)
            : physical(quantity, at: sampleTime)
        return shift == 0 ? base : base?.map { $0 + shift }
    }

    /// The fault-free value at `t` seconds.
    /// - Parameters:
    ///   - quantity: the quantity.
    ///   - t: seconds.
    /// - Returns: the components, or nil.
    public func physical(_ quantity: Quantity, at t: Double) -> [Double]? {
        if let replayed = replay?.value(quantity, at: t) { return replayed }
        let inChip = axes.conjugate
        switch quantity {
        case .accelMps2:
            var force = inChip.rotate(world.specificForce(at: t))
            if mounting == .machine, let machine = world.machine { force = force + machine.vibration(at: t) }
            return force.components
        case .gyroRadps:
            return inChip.rotate(world.angularRate(at: t)).components
        case .magUT:
            return inChip.rotate(world.magneticField(at: t)).components
        case .pressurePa:
            return [world.atmosphere.pressure(at: t, heightM: world.height(at: t))]
        case .temperatureC:
            return [world.atmosphere.temperature(at: t, heightM: world.height(at: t))]
        case .humidityRH:
            return [world.atmosphere.humidity(at: t)]
        }
    }
}
