// SensorGate — Gateway: a GPIO loopback check: an output line drives an input line wired to it.

import HAL

/// One level driven during a ``GPIOLoopbackCheck`` and the edge event it produced.
public struct GPIOLoopbackStep: Sendable, Hashable {
    /// The logical level driven on the output line.
    public var driven: Bool
    /// The edge event the input line reported.
    public var event: GPIOEdgeEvent
}

/// A GPIO loopback check failed: one line naming the lines and what to check.
public struct GPIOCheckError: Error, CustomStringConvertible, Sendable {
    /// The line.
    public let description: String

    /// Creates an error.
    /// - Parameter description: the line.
    public init(_ description: String) { self.description = description }
}

/// Checks the whole GPIO path with a jumper from an output line to an input line: each level driven on
/// the output must arrive as exactly one edge event of the matching direction, with a timestamp that
/// does not go back, and as the level read back from the input.
///
/// On a bench this is a wire between two header pins; in the VM test it is the sg-gpio-sim chip, whose
/// line 1 follows line 0 (Kernel/sg-gpio-sim). The output starts inactive.
public struct GPIOLoopbackCheck: Sendable {
    /// How many times the output goes active and back. Default: 3.
    public var cycles: Int
    /// How long to wait for each edge. Default: 1 s.
    public var timeout: Duration

    /// Creates a check.
    /// - Parameters:
    ///   - cycles: active-inactive cycles. Default: 3.
    ///   - timeout: the longest wait for each edge. Default: 1 s.
    public init(cycles: Int = 3, timeout: Duration = .seconds(1)) {
        self.cycles = cycles
        self.timeout = timeout
    }

    /// Runs the check.
    /// - Parameters:
    ///   - output: the driven line (requested inactive).
    ///   - input: the line wired to it, requested with edge detection on both edges.
    /// - Returns: every step, in order (2 × ``cycles``).
    /// - Throws: `GPIOCheckError` at the first edge that is missing, doubled, of the wrong direction or
    ///   out of order, or a level that does not read back; HAL failures become its line too.
    public func run(output: any GPIOOutputLine, input: any GPIOInputLine) throws(GPIOCheckError) -> [GPIOLoopbackStep] {
        var steps: [GPIOLoopbackStep] = []
        do {
            try output.set(false)
            if try input.waitForEvent(timeout: .zero) { _ = try input.readEvents() }
            for _ in 0..<max(0, cycles) {
                for level in [true, false] {
                    try output.set(level)
                    steps.append(try step(level, output, input, after: steps.last?.event))
                }
            }
        } catch let error as GPIOCheckError {
            throw error
        } catch {
            throw GPIOCheckError(String(describing: error))
        }
        return steps
    }

    private func step(
        _ level: Bool, _ output: any GPIOOutputLine, _ input: any GPIOInputLine, after previous: GPIOEdgeEvent?
    ) throws -> GPIOLoopbackStep {
        let expected: GPIOEdgeEvent.Edge = level ? .rising : .falling
        let driven = "\(output.name) went \(level ? "active" : "inactive")"
        guard try input.waitForEvent(timeout: timeout) else {
            throw GPIOCheckError(
                "\(input.name): no \(expected) edge within \(timeout) after \(driven): check the wire between the lines"
            )
        }
        let events = try input.readEvents()
        guard events.count == 1, let event = events.first else {
            throw GPIOCheckError(
                "\(input.name): \(events.count) edge events after \(driven), expected one: is the line bouncing?")
        }
        guard event.edge == expected else {
            throw GPIOCheckError(
                "\(input.name): a \(event.edge) edge after \(driven), expected \(expected): is the line inverted?")
        }
        if let previous, event.timestamp < previous.timestamp {
            throw GPIOCheckError("\(input.name): an edge stamped before the one before it")
        }
        let read = try input.get()
        guard read == level else {
            throw GPIOCheckError("\(input.name): reads \(read ? "active" : "inactive") after \(driven)")
        }
        return GPIOLoopbackStep(driven: level, event: event)
    }
}
