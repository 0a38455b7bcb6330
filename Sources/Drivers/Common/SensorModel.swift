// SensorGate — Drivers: the simulation face of a chip model, and the stimulus that drives it.

import HAL

/// What the physical world presents to a chip: the value of a quantity at an instant, in SI units and
/// in the chip's own axes. The world model implements it; a chip model asks at each conversion.
public protocol Stimulus: AnyObject {
    /// The value of `quantity` at `time`.
    /// - Parameters:
    ///   - quantity: which quantity.
    ///   - time: the instant the chip samples it.
    /// - Returns: one component for scalars, three for vectors, held inline (models ask at every
    ///   conversion); nil when this stimulus does not drive the quantity (the model then keeps its set
    ///   value).
    func value(_ quantity: Quantity, at time: MonotonicInstant) -> SensorComponents<Double>?
}

/// The simulation face of a chip model: set what the chip should measure, in SI units (Zephyr's
/// emulator backend API), or attach a ``Stimulus`` that is sampled at every conversion. The sweep
/// test drives every model through this.
public protocol SensorModel: AnyObject {
    /// The quantities the chip measures.
    var quantities: [Quantity] { get }
    /// What the model samples at each conversion: values set with ``setPhysical(_:_:)`` and the world.
    /// Its initial values name every quantity the model takes (some take more than they report, as an
    /// accelerometer whose sensitivity drifts with temperature).
    var inputs: PhysicalInputs { get set }
    /// The world the chip sits in, sampled at every conversion instant; nil keeps the values set with
    /// ``setPhysical(_:_:)``. Where both exist, the stimulus wins for the quantities it drives.
    var stimulus: (any Stimulus)? { get set }
    /// Sets the physical value the chip measures from its next conversion on.
    /// - Parameters:
    ///   - quantity: which quantity.
    ///   - value: the value in SI units (three components for vectors).
    func setPhysical(_ quantity: Quantity, _ value: [Double])
    /// The range the chip can measure with its current settings, and how closely a driver reading
    /// must agree with the set value (quantisation, compensation rounding; noise is off in sweeps).
    /// - Parameter quantity: which quantity.
    /// - Returns: lower and upper limits and the tolerance, in SI units.
    func sampleRange(_ quantity: Quantity) -> (lower: Double, upper: Double, epsilon: Double)
    /// How long after a step in a physical value the chip's output is within `epsilon` of the new
    /// value with its current settings (digital filters, averaging); the sweep waits this long.
    func settlingTime() -> Duration
    /// Brings the model up to its clock's present: completes conversions, fills FIFOs and drives
    /// interrupt pins. Models also do this on every bus access; a virtual-time scheduler calls it at
    /// ``nextEventInstant`` so that pins change on time.
    func update()
    /// When the model next changes something the controller can see without asking (an interrupt or
    /// data-ready pin), or nil when nothing is due.
    var nextEventInstant: MonotonicInstant? { get }
}

extension SensorModel {
    /// The world, kept in ``inputs``.
    public var stimulus: (any Stimulus)? {
        get { inputs.stimulus }
        set { inputs.stimulus = newValue }
    }

    /// Sets a quantity the model takes (one of its initial inputs): three components for vectors,
    /// the first component for scalars; anything else is ignored.
    public func setPhysical(_ quantity: Quantity, _ value: [Double]) {
        guard inputs.setValues[quantity] != nil else { return }
        if quantity.isVector {
            if value.count == 3 { inputs.setValues[quantity] = value }
        } else if let first = value.first {
            inputs.setValues[quantity] = [first]
        }
    }

    /// No filtering: the next conversion shows a step in full.
    public func settlingTime() -> Duration { .zero }
    /// Nothing to catch up.
    public func update() {}
    /// No pin events.
    public var nextEventInstant: MonotonicInstant? { nil }
}

/// The physical values a model holds: set values, overridden by an attached stimulus.
///
/// Models keep one of these and ask ``value(_:at:)`` at each conversion.
public struct PhysicalInputs {
    /// The values set with `setPhysical`, by quantity.
    public var setValues: [Quantity: [Double]]
    /// The world, when attached.
    public var stimulus: (any Stimulus)?

    /// Creates inputs with initial values (the model's idea of a quiet bench: 20 °C, 101 325 Pa, …).
    /// - Parameter initial: starting values by quantity.
    public init(_ initial: [Quantity: [Double]]) {
        setValues = initial
        stimulus = nil
    }

    /// The value of `quantity` at `time`: the stimulus's, else the set value, else zeros.
    /// - Parameters:
    ///   - quantity: which quantity.
    ///   - time: the sampling instant.
    /// - Returns: the components, held inline (a conversion asks this for every sample, so it is
    ///   inlined into the models' conversions: one call, to the stimulus, per value).
    @inline(__always)
    public func value(_ quantity: Quantity, at time: MonotonicInstant) -> SensorComponents<Double> {
        if let driven = stimulus?.value(quantity, at: time) { return driven }
        if let set = setValues[quantity] { return SensorComponents(set) { $0 } }
        return quantity.isVector ? SensorComponents(0, 0, 0) : SensorComponents(0)
    }

    /// ``value(_:at:)`` for a model's conversions, on the model's own stored inputs. `mutating` (it changes
    /// nothing) so that the call reaches the stored value in place: a non-mutating call on a class's stored
    /// property copies the inputs first, a retain and a release of the set values and of the stimulus per
    /// conversion. The stored property must have no observer, or the access would run it.
    /// - Parameters:
    ///   - quantity: which quantity.
    ///   - time: the sampling instant.
    /// - Returns: the same components as ``value(_:at:)``.
    @inline(__always)
    public mutating func sample(_ quantity: Quantity, at time: MonotonicInstant) -> SensorComponents<Double> {
        value(quantity, at: time)
    }
}

extension Quantity {
    /// Whether the quantity has three components (x, y, z in the chip's axes).
    public var isVector: Bool {
        switch self {
        case .accelMps2, .gyroRadps, .magUT: true
        case .pressurePa, .temperatureC, .humidityRH: false
        }
    }
}
