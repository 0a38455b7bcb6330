// SensorGate — HALSim: one rule of a fault plan: what goes wrong, where, and when.

import HAL

/// Where a fault applies: an I2C address, an SPI chip select, or every device on the bus.
public enum FaultSite: Sendable, Hashable {
    /// Every device on the bus.
    case anyDevice
    /// The I2C target at this address.
    case address(I2CAddress)
    /// The SPI target at this chip select.
    case chipSelect(Int)

    func matches(_ other: FaultSite) -> Bool { self == .anyDevice || self == other }
}

/// When a rule is active: a range of transaction indices, a range of virtual time, or both.
///
/// Transaction indices count every transaction the bus was asked for, from 0. Time windows read the
/// bus's ``VirtualClock``; a bus without a clock is always at time zero.
public struct FaultWindow: Sendable, Hashable {
    /// The transaction indices the rule applies to, or nil for all.
    public var transactions: Range<Int>?
    /// The virtual time the rule applies in, or nil for all time.
    public var time: Range<MonotonicInstant>?

    /// Creates a window; nil bounds are unlimited.
    /// - Parameters:
    ///   - transactions: transaction indices, or nil.
    ///   - time: virtual time range, or nil.
    public init(transactions: Range<Int>? = nil, time: Range<MonotonicInstant>? = nil) {
        self.transactions = transactions
        self.time = time
    }

    /// Always active.
    public static let always = FaultWindow()

    /// Active for the transactions with these indices.
    /// - Parameter indices: transaction indices, from 0.
    /// - Returns: the window.
    public static func transactions(_ indices: Range<Int>) -> FaultWindow { FaultWindow(transactions: indices) }

    /// Active from `start` (inclusive) until `end` (exclusive) in virtual time.
    /// - Parameters:
    ///   - start: first instant.
    ///   - end: first instant after the window.
    /// - Returns: the window.
    public static func time(from start: MonotonicInstant, until end: MonotonicInstant) -> FaultWindow {
        FaultWindow(time: start..<max(start, end))
    }

    func contains(_ moment: FaultMoment) -> Bool {
        (transactions?.contains(moment.transaction) ?? true) && (time?.contains(moment.time) ?? true)
    }
}

/// The kinds of fault a plan injects, for counting.
public enum FaultKind: Sendable, Hashable, CaseIterable {
    /// An address not acknowledged though the target is there.
    case nack
    /// EIO on a write to one register.
    case busError
    /// A stuck bus: the transaction cannot run.
    case stuckBus
    /// One bit of read data flipped.
    case bitFlip
    /// A device that has disappeared (unplugged, browned out) and answers nothing.
    case absent
}

/// One fault, where it applies, and when.
public struct FaultRule: Sendable, Hashable {
    /// What goes wrong.
    public enum Fault: Sendable, Hashable {
        /// I2C: the address is not acknowledged (SPI has no acknowledge; ignored there).
        case nack
        /// The transaction fails with EIO when its first written byte equals `register`.
        case busError(register: UInt8)
        /// I2C: every transaction times out. SPI: MISO is held low, every byte reads 0x00.
        case stuckBus
        /// Each read (I2C read message, SPI transaction) gets one random bit flipped with this probability.
        case bitFlips(probability: Double)
        /// The device is gone: I2C NACKs its address, SPI reads 0xFF.
        case absent

        /// The counting kind.
        public var kind: FaultKind {
            switch self {
            case .nack: .nack
            case .busError: .busError
            case .stuckBus: .stuckBus
            case .bitFlips: .bitFlip
            case .absent: .absent
            }
        }
    }

    /// What goes wrong.
    public var fault: Fault
    /// Which device it applies to.
    public var site: FaultSite
    /// When it applies.
    public var window: FaultWindow

    /// Creates a rule.
    /// - Parameters:
    ///   - fault: what goes wrong.
    ///   - site: which device. Default: every device.
    ///   - window: when. Default: always.
    public init(_ fault: Fault, site: FaultSite = .anyDevice, window: FaultWindow = .always) {
        self.fault = fault
        self.site = site
        self.window = window
    }
}
