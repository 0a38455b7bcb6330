// SensorGate — SamplingTests: the real-time timebase waits on several edge lines in one wait where the
// backend can, and in turn where it cannot.

import HAL
import HALSim
import Sampling
import Testing

/// A line that records how it was waited on; `together` answers a wait on several lines.
private final class RecordingLine: GPIOInputLine {
    let name: String
    var together: Bool?
    private(set) var waitsOnAny: [(lines: Int, timeout: Duration)] = []
    private(set) var waitsAlone: [Duration] = []

    init(_ name: String, together: Bool?) {
        self.name = name
        self.together = together
    }

    func get() throws(HALError) -> Bool { false }
    func waitForEvent(timeout: Duration) throws(HALError) -> Bool {
        waitsAlone.append(timeout)
        return false
    }
    func readEvents() throws(HALError) -> [GPIOEdgeEvent] { [] }
    func waitForEvent(onAnyOf lines: [any GPIOInputLine], timeout: Duration) throws(HALError) -> Bool? {
        guard let together else { return nil }
        waitsOnAny.append((lines.count, timeout))
        return together
    }
}

@Suite struct RealTimebaseWaitTests {
    @Test func severalLinesAreWaitedOnInOneWaitUntilTheDeadline() throws {
        let clock = VirtualClock()
        let first = RecordingLine("a", together: true)
        let second = RecordingLine("b", together: true)
        let timebase = RealTimebase(clock: clock)
        let ready = try timebase.waitForEdge(onAnyOf: [first, second], until: clock.now() + .milliseconds(3))
        #expect(ready)
        #expect(first.waitsOnAny.count == 1 && first.waitsOnAny[0].lines == 2)
        #expect(first.waitsOnAny[0].timeout == .milliseconds(3))
        #expect(first.waitsAlone.isEmpty && second.waitsAlone.isEmpty && second.waitsOnAny.isEmpty)
    }

    @Test func linesThatCannotBeWaitedOnTogetherAreWaitedOnInTurn() throws {
        let clock = VirtualClock()
        let first = RecordingLine("a", together: nil)
        let second = RecordingLine("b", together: nil)
        let timebase = RealTimebase(clock: clock)
        // Nothing moves this clock, so the wait in turn polls both lines and waits on the first for a
        // slice at a time; a deadline already passed ends it after one round.
        let ready = try timebase.waitForEdge(onAnyOf: [first, second], until: clock.now())
        #expect(!ready)
        #expect(first.waitsAlone == [.zero] && second.waitsAlone == [.zero])
        #expect(first.waitsOnAny.isEmpty)
    }
}
