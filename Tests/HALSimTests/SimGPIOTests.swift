// SensorGate — tests of the simulated GPIO chip and its lines.

import HAL
import HALSim
import Testing

@Suite struct SimGPIOTests {
    let clock = VirtualClock()
    let chip: SimGPIOChip

    init() {
        chip = SimGPIOChip(lineNames: ["DRDY", "MODEM_PWRKEY"], clock: clock)
    }

    @Test func edgesCarryVirtualTimestampsAndSequenceNumbers() throws {
        let line = try chip.requestInput("DRDY", settings: GPIOLineSettings(edges: .both))
        #expect(line.name == "sim:gpiochip0:DRDY")
        clock.advance(by: .milliseconds(1))
        line.drive(true)
        #expect(try line.get())
        clock.advance(by: .milliseconds(2))
        line.drive(false)
        line.drive(false)
        #expect(
            try line.readEvents() == [
                GPIOEdgeEvent(
                    edge: .rising, timestamp: MonotonicInstant(nanoseconds: 1_000_000), lineOffset: 0, sequence: 1),
                GPIOEdgeEvent(
                    edge: .falling, timestamp: MonotonicInstant(nanoseconds: 3_000_000), lineOffset: 0, sequence: 2),
            ])
        #expect(try line.readEvents().isEmpty)
    }

    @Test func activeLowInvertsLevelsAndEdgesAndTheFilterDropsOthers() throws {
        let line = try chip.requestInput("MODEM_PWRKEY", settings: GPIOLineSettings(activeLow: true, edges: .rising))
        #expect(try line.get())
        chip.drive(1, to: true)
        #expect(try !line.get())
        clock.advance(by: .microseconds(7))
        chip.drive(1, to: false)
        #expect(
            try line.readEvents() == [
                GPIOEdgeEvent(
                    edge: .rising, timestamp: MonotonicInstant(nanoseconds: 7_000), lineOffset: 1, sequence: 1)
            ])
    }

    @Test func waitForEventReturnsAtOnceWhenPendingElseLetsTheTimeoutPass() throws {
        let line = try chip.requestInput("DRDY", settings: GPIOLineSettings(edges: .rising))
        #expect(try !line.waitForEvent(timeout: .milliseconds(20)))
        #expect(clock.now().nanoseconds == 20_000_000)
        line.drive(true)
        #expect(try line.waitForEvent(timeout: .milliseconds(20)))
        #expect(clock.now().nanoseconds == 20_000_000)
    }

    @Test func linesWithoutEdgeDetectionRefuseEvents() throws {
        let line = try chip.requestInput("DRDY")
        let wait = #expect(throws: HALError.self) { try line.waitForEvent(timeout: .zero) }
        #expect(wait?.kind == .unsupported)
        let read = #expect(throws: HALError.self) { try line.readEvents() }
        #expect(read?.kind == .unsupported)
    }

    @Test func outputsRecordTheirHistoryAndModelsObserveThem() throws {
        var seen: [GPIOLevelChange] = []
        chip.onChange(of: 1) { seen.append($0) }
        let pwrkey = try chip.requestOutput("MODEM_PWRKEY", settings: GPIOLineSettings(activeLow: true))
        #expect(chip.level(at: 1))
        clock.advance(by: .milliseconds(500))
        try pwrkey.set(true)
        #expect(pwrkey.isActive)
        clock.advance(by: .seconds(1))
        try pwrkey.set(false)
        let expected = [
            GPIOLevelChange(level: true, timestamp: .zero),
            GPIOLevelChange(level: false, timestamp: MonotonicInstant(nanoseconds: 500_000_000)),
            GPIOLevelChange(level: true, timestamp: MonotonicInstant(nanoseconds: 1_500_000_000)),
        ]
        #expect(pwrkey.history == expected)
        #expect(seen == expected)
    }

    @Test func requestsOfUnknownOrTakenLinesFail() throws {
        let unknown = #expect(throws: HALError.self) { try chip.requestInput("RESET") }
        #expect(unknown?.kind == .notFound)
        let line = try chip.requestOutput("DRDY")
        let taken = #expect(throws: HALError.self) { try chip.requestInput("DRDY") }
        #expect(taken?.kind == .busy)
        line.release()
        _ = try chip.requestInput("DRDY")
    }

    @Test func aLineDroppedWithoutReleaseIsGivenBackAndKeepsNoEvents() throws {
        do {
            let dropped = try chip.requestInput("DRDY", settings: GPIOLineSettings(edges: .both))
            chip.drive(0, to: true)
            #expect(try dropped.readEvents().count == 1)
        }
        // As closing a line request's file: the line is free again, and changes reach only the new holder.
        chip.drive(0, to: false)
        let again = try chip.requestInput("DRDY", settings: GPIOLineSettings(edges: .rising))
        chip.drive(0, to: true)
        #expect(try again.readEvents().map(\.sequence) == [1])
        do { _ = try chip.requestOutput("MODEM_PWRKEY") }
        _ = try chip.requestOutput("MODEM_PWRKEY")
    }

    @Test func aLineTogglingForADayKeepsOnlyItsNewestChanges() {
        chip.historyLimit = 100
        // A 100 Hz data-ready line for a simulated hour: 720 000 changes.
        for tick in 0..<360_000 {
            clock.advance(to: MonotonicInstant(nanoseconds: Int64(tick) * 10_000_000))
            chip.drive(0, to: true)
            chip.drive(0, to: false)
        }
        let history = chip.history(at: 0)
        #expect(history.count == 100)
        #expect(history.last?.level == false)
        #expect(history.last?.timestamp == MonotonicInstant(nanoseconds: 359_999 * 10_000_000))
        #expect(history.first?.timestamp == MonotonicInstant(nanoseconds: 359_950 * 10_000_000))
    }
}
