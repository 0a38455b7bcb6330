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
    /// Faults on the values, in time order. (Unchecked exclusivity: every conversion reads it, and
    /// the simulation sets it on the thread that samples, between conversions.)
    @exclusivity(unchecked) public var faults: [ValueFault]
    /// The rotation from body to chip axes (`axes` conjugated), or nil for a chip aligned with the
    /// body: its vectors are the body's, without a rotation per sample.
    private let bodyToChip: Quaternion?
    /// The world's machine when the chip is mounted on it (its vibration adds to the body's force).
    private let vibratingMachine: RotatingMachine?
    /// The fault-free values that do not change with time, worked out once (see ``ConstantValues``):
    /// in a world at rest, the acceleration, angular rate and field, and the temperature and humidity
    /// without ambient steps. Nil for a quantity that does change.
    private let constants: ConstantValues

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
        let bodyToChip = axes == .identity ? nil : axes.conjugate
        let vibratingMachine = mounting == .machine ? world.machine : nil
        self.bodyToChip = bodyToChip
        self.vibratingMachine = vibratingMachine
        self.constants = ConstantValues(
            world: world, aligning: bodyToChip, vibrating: vibratingMachine != nil, replay: replay)
    }

    /// The value at an instant (seconds = nanoseconds / 10⁹ from the simulation's start): the
    /// fault-free value, at the onset of a stuck fault once one has begun, plus every drift and offset
    /// active then.
    public func value(_ quantity: Quantity, at time: MonotonicInstant) -> SensorComponents<Double>? {
        // Without faults (the common case) a value that does not change with time is a lookup, in a
        // function that stays small; everything else is worked out apart.
        if faults.isEmpty, let constant = constants[quantity] { return constant }
        return workedOut(quantity, at: time)
    }

    /// ``value(_:at:)`` worked out at `time`: the replay or the world, through the faults.
    @inline(never)
    private func workedOut(_ quantity: Quantity, at time: MonotonicInstant) -> SensorComponents<Double>? {
        let t = Double(time.nanoseconds) / 1e9
        // Without faults the fault-free value, without iterating (and retaining) the list.
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
    private func inChipAxes(_ vector: Vector3) -> Vector3 { Self.rotated(vector, by: bodyToChip) }

    /// `vector` turned by `rotation`, or itself without one.
    fileprivate static func rotated(_ vector: Vector3, by rotation: Quaternion?) -> Vector3 {
        guard let rotation else { return vector }
        return rotation.rotate(vector)
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

/// The fault-free values of a chip that stay the same at every instant (see ``DeviceStimulus``):
/// every conversion asks for its value, and a resting world's needs no work per sample beyond a
/// lookup.
private struct ConstantValues {
    /// Specific force, m/s², or nil when it changes with time.
    private var accelMps2: SensorComponents<Double>?
    /// Angular rate, rad/s, or nil.
    private var gyroRadps: SensorComponents<Double>?
    /// Magnetic field, µT, or nil.
    private var magUT: SensorComponents<Double>?
    /// Temperature, °C, or nil.
    private var temperatureC: SensorComponents<Double>?
    /// Relative humidity, %RH, or nil.
    private var humidityRH: SensorComponents<Double>?

    /// The values that stay constant for a chip in `world`: with the world at rest, the acceleration
    /// off a vibrating machine, the angular rate, the field without disturbances, and the temperature
    /// and humidity without ambient steps, each where no replay feeds it; the same values
    /// ``DeviceStimulus/physical(_:at:)`` gives at every instant. (Pressure follows the weather.)
    /// - Parameters:
    ///   - world: the world.
    ///   - aligning: the rotation from body to chip axes, nil for an aligned chip.
    ///   - vibrating: whether the chip sits on a vibrating machine.
    ///   - replay: the chip's replay, if any.
    init(world: WorldModel, aligning: Quaternion?, vibrating: Bool, replay: Replay?) {
        guard world.isAtRest else { return }
        func fed(_ quantity: Quantity) -> Bool {
            replay?.channels.contains { $0.quantity == quantity } == true
        }
        func constant(_ quantity: Quantity, _ vector: Vector3) -> SensorComponents<Double>? {
            guard !fed(quantity) else { return nil }
            let turned = DeviceStimulus.rotated(vector, by: aligning)
            return SensorComponents(turned.x, turned.y, turned.z)
        }
        if !vibrating { accelMps2 = constant(.accelMps2, world.specificForce(at: 0)) }
        gyroRadps = constant(.gyroRadps, world.angularRate(at: 0))
        if world.disturbances.isEmpty { magUT = constant(.magUT, world.magneticField(at: 0)) }
        if world.atmosphere.temperatureSteps.isEmpty, !fed(.temperatureC) {
            temperatureC = SensorComponents(world.atmosphere.temperature(at: 0, heightM: world.height(at: 0)))
        }
        if world.atmosphere.humiditySteps.isEmpty, !fed(.humidityRH) {
            humidityRH = SensorComponents(world.atmosphere.humidity(at: 0))
        }
    }

    /// The constant value of `quantity`, or nil when it changes with time.
    @inline(__always) subscript(quantity: Quantity) -> SensorComponents<Double>? {
        switch quantity {
        case .accelMps2: accelMps2
        case .gyroRadps: gyroRadps
        case .magUT: magUT
        case .temperatureC: temperatureC
        case .humidityRH: humidityRH
        case .pressurePa: nil
        }
    }
}
