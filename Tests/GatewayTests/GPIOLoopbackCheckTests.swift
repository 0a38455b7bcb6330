// SensorGate — GatewayTests: the GPIO loopback check against simulated lines, wired, unwired and inverted.

import Gateway
import HAL
import HALSim
import Testing

@Suite struct GPIOLoopbackCheckTests {
    /// A chip whose line 1 follows line 0 (inverted when asked), like sg-gpio-sim or a bench jumper.
    private func wiredChip(inverted: Bool = false, wired: Bool = true) -> SimGPIOChip {
        let chip = SimGPIOChip(lineNames: ["LOOP_OUT", "LOOP_IN"], clock: VirtualClock())
        if wired { chip.onChange(of: 0) { change in chip.drive(1, to: change.level != inverted) } }
        return chip
    }

    @Test func everyDrivenLevelArrivesAsOneEdgeOfItsDirection() throws {
        let chip = wiredChip()
        let output = try chip.requestOutput("LOOP_OUT")
        let input = try chip.requestInput("LOOP_IN", settings: GPIOLineSettings(edges: .both))
        let steps = try GPIOLoopbackCheck(cycles: 2).run(output: output, input: input)
        #expect(steps.map(\.driven) == [true, false, true, false])
        #expect(steps.map(\.event.edge) == [.rising, .falling, .rising, .falling])
        #expect(steps.allSatisfy { $0.event.lineOffset == 1 })
    }

    @Test func aMissingWireNamesTheInputAndTheWire() throws {
        let chip = wiredChip(wired: false)
        let output = try chip.requestOutput("LOOP_OUT")
        let input = try chip.requestInput("LOOP_IN", settings: GPIOLineSettings(edges: .both))
        #expect {
            try GPIOLoopbackCheck().run(output: output, input: input)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("LOOP_IN") && text.contains("no rising edge") && text.contains("wire")
        }
    }

    @Test func anInvertedWireIsReportedAsSuch() throws {
        let chip = wiredChip(inverted: true)
        chip.drive(1, to: true)  // the inverted wire holds the input high while the output is low
        let output = try chip.requestOutput("LOOP_OUT")
        let input = try chip.requestInput("LOOP_IN", settings: GPIOLineSettings(edges: .both))
        #expect {
            try GPIOLoopbackCheck().run(output: output, input: input)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("a falling edge") && text.contains("expected rising") && text.contains("inverted")
        }
    }

    @Test func anInputWithoutEdgeDetectionFailsWithOneLine() throws {
        let chip = wiredChip()
        let output = try chip.requestOutput("LOOP_OUT")
        let input = try chip.requestInput("LOOP_IN")
        #expect(throws: GPIOCheckError.self) { try GPIOLoopbackCheck().run(output: output, input: input) }
    }
}
