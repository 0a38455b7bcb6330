// SensorGate — HALSim: a simulated GPIO chip: named lines, their physical levels, and who watches them.

import HAL

/// A change of a line's physical level, with the virtual time it happened at.
public struct GPIOLevelChange: Sendable, Hashable {
    /// The new physical level (true: high).
    public var level: Bool
    /// When it changed.
    public var timestamp: MonotonicInstant

    /// Creates a change.
    /// - Parameters:
    ///   - level: the new physical level.
    ///   - timestamp: when it changed.
    public init(level: Bool, timestamp: MonotonicInstant) {
        self.level = level
        self.timestamp = timestamp
    }
}

/// A simulated GPIO chip: the wiring between the gateway's lines and the chip models.
///
/// The gateway requests lines as it would from `/dev/gpiochipN`. Models work on physical levels:
/// they ``drive(_:to:)`` the lines the gateway reads (a sensor's data-ready pin) and observe the lines
/// the gateway drives with ``onChange(of:_:)`` (a modem's PWRKEY). Every change is timestamped from
/// the ``VirtualClock``. Lines nobody drives read low; bias, drive mode and debounce are not modelled.
public final class SimGPIOChip {
    /// The chip name, for example `sim:gpiochip0`.
    public let name: String
    /// The clock that stamps level changes and edge events.
    public let clock: VirtualClock
    /// The line names; a line's offset is its index.
    public let lineNames: [String]
    /// How many level changes each line's ``history(at:)`` keeps, the newest; older ones are dropped
    /// so that a data-ready line toggling for a simulated day does not grow without bound. Default: 4096.
    public var historyLimit = 4096
    private var levels: [Bool]
    private var histories: [[GPIOLevelChange]]
    /// Per line offset (arrays, not dictionaries: a data-ready line changes hundreds of times a
    /// simulated second, and each change would hash its offset twice).
    private var observers: [[(GPIOLevelChange) -> Void]]
    private var requested: Set<UInt32> = []
    /// The edge queues of the requested input lines (the queues, not the lines: see ``SimGPIOInputLine``).
    private var inputs: [SimGPIOEdgeQueue?]

    /// Creates a chip with every line low.
    /// - Parameters:
    ///   - name: the chip name. Default: `sim:gpiochip0`.
    ///   - lineNames: the line names, offset 0 first.
    ///   - clock: the virtual clock.
    public init(name: String = "sim:gpiochip0", lineNames: [String], clock: VirtualClock) {
        self.name = name
        self.lineNames = lineNames
        self.clock = clock
        levels = Array(repeating: false, count: lineNames.count)
        histories = Array(repeating: [], count: lineNames.count)
        observers = Array(repeating: [], count: lineNames.count)
        inputs = Array(repeating: nil, count: lineNames.count)
    }

    /// The offset of the line called `lineName`, or nil.
    /// - Parameter lineName: the line name.
    /// - Returns: its offset.
    public func offset(of lineName: String) -> UInt32? {
        lineNames.firstIndex(of: lineName).map { UInt32($0) }
    }

    /// The physical level of a line (true: high).
    /// - Parameter offset: the line offset.
    /// - Returns: its level; false for an offset the chip does not have.
    public func level(at offset: UInt32) -> Bool {
        Int(offset) < levels.count ? levels[Int(offset)] : false
    }

    /// The physical level changes of a line, oldest first: the last ``historyLimit`` of them.
    /// - Parameter offset: the line offset.
    /// - Returns: the changes; empty for an offset the chip does not have.
    public func history(at offset: UInt32) -> [GPIOLevelChange] {
        guard Int(offset) < histories.count else { return [] }
        return Array(histories[Int(offset)].suffix(max(0, historyLimit)))
    }

    /// Calls `observer` on every later change of the line's physical level (a model watching PWRKEY).
    /// - Parameters:
    ///   - offset: the line offset; an offset the chip does not have never changes, and is ignored.
    ///   - observer: called with each change.
    public func onChange(of offset: UInt32, _ observer: @escaping (GPIOLevelChange) -> Void) {
        guard Int(offset) < observers.count else { return }
        observers[Int(offset)].append(observer)
    }

    /// Sets a line's physical level, as a model or the outside world does; the same level is no change.
    /// - Parameters:
    ///   - offset: the line offset; offsets the chip does not have are ignored.
    ///   - level: true for high.
    public func drive(_ offset: UInt32, to level: Bool) {
        guard Int(offset) < levels.count, levels[Int(offset)] != level else { return }
        levels[Int(offset)] = level
        let change = GPIOLevelChange(level: level, timestamp: clock.now())
        histories[Int(offset)].append(change)
        // Trim in blocks, so that appending stays amortised O(1).
        if histories[Int(offset)].count > 2 * max(1, historyLimit) {
            histories[Int(offset)].removeFirst(histories[Int(offset)].count - max(1, historyLimit))
        }
        inputs[Int(offset)]?.levelChanged(change)
        for observer in observers[Int(offset)] { observer(change) }
    }

    // MARK: - Requests

    /// Requests a line as an output, as the gateway does.
    /// - Parameters:
    ///   - lineName: the line name.
    ///   - settings: active-low and the rest. Default: `.default`.
    ///   - initiallyActive: the logical level to start at. Default: inactive.
    /// - Returns: the line.
    /// - Throws: `HALError`: `.notFound` for an unknown name, `.busy` when already requested.
    public func requestOutput(
        _ lineName: String, settings: GPIOLineSettings = .default, initiallyActive: Bool = false
    ) throws(HALError) -> SimGPIOOutputLine {
        let offset = try claim(lineName)
        let line = SimGPIOOutputLine(chip: self, offset: offset, name: "\(name):\(lineName)", settings: settings)
        try line.set(initiallyActive)
        return line
    }

    /// Requests a line as an input, with the edge events `settings.edges` asks for.
    /// - Parameters:
    ///   - lineName: the line name.
    ///   - settings: edges, active-low and the rest. Default: `.default` (no events).
    /// - Returns: the line.
    /// - Throws: `HALError`: `.notFound` for an unknown name, `.busy` when already requested.
    public func requestInput(_ lineName: String, settings: GPIOLineSettings = .default) throws(HALError)
        -> SimGPIOInputLine
    {
        let offset = try claim(lineName)
        let line = SimGPIOInputLine(chip: self, offset: offset, name: "\(name):\(lineName)", settings: settings)
        inputs[Int(offset)] = line.queue
        return line
    }

    /// Frees a line a released request held.
    func release(_ offset: UInt32) {
        requested.remove(offset)
        if Int(offset) < inputs.count { inputs[Int(offset)] = nil }
    }

    private func claim(_ lineName: String) throws(HALError) -> UInt32 {
        guard let offset = offset(of: lineName) else {
            throw HALError(
                .notFound, device: name, operation: "request \(lineName)",
                hint: "the chip's lines are \(lineNames.joined(separator: ", "))")
        }
        guard requested.insert(offset).inserted else {
            throw HALError(.busy, device: name, operation: "request \(lineName)", hint: "the line is already requested")
        }
        return offset
    }
}
