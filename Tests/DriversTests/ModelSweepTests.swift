// SensorGate — Drivers tests: every chip model, swept across its range and read through its real driver.

import Drivers
import HAL
import HALSim
import Testing

/// A chip joins this sweep by having a registry entry: no new test code.
@Suite struct ModelSweepTests {
    /// Every registered chip on every bus it speaks.
    static let cases: [SweepCase] = ChipRegistry.all.flatMap { entry in
        ChipInterface.allCases.filter { entry.interfaces.contains($0) }.map { SweepCase(entry.compatible, $0) }
    }

    @Test(arguments: cases)
    func readingsFollowThePhysicalValueAcrossTheRange(_ sweep: SweepCase) throws {
        for seed in [nil, 17 as UInt64?] {
            let bench = try SweepBench(sweep, seed: seed)
            for quantity in bench.chip.model.quantities {
                let range = bench.chip.model.sampleRange(quantity)
                #expect(range.lower < range.upper, "\(sweep) \(quantity) range")
                for step in 0...8 {
                    let fraction = Double(step) / 8
                    let value = range.lower + (range.upper - range.lower) * fraction
                    // Vector components span the range in different orders, so axes cannot be swapped.
                    let set =
                        quantity.isVector
                        ? [
                            value, range.upper - (value - range.lower),
                            (range.lower + range.upper) / 2 + (value - range.lower) / 3,
                        ]
                        : [value]
                    bench.chip.model.setPhysical(quantity, set)
                    let reading = try bench.readFresh()
                    let got = try #require(reading.values[quantity], "\(sweep) gave no \(quantity)")
                    let epsilon = bench.chip.model.sampleRange(quantity).epsilon
                    for (component, (expected, actual)) in zip(set, got).enumerated() {
                        #expect(
                            abs(expected - actual) <= epsilon,
                            "\(sweep) seed \(String(describing: seed)) \(quantity)[\(component)]: set \(expected), read \(actual), ε \(epsilon)"
                        )
                    }
                }
            }
        }
    }

    @Test(arguments: cases)
    func aStimulusDrivesTheModelAtItsConversionInstants(_ sweep: SweepCase) throws {
        let bench = try SweepBench(sweep, seed: nil)
        let stimulus = MidRangeStimulus(model: bench.chip.model)
        bench.chip.model.stimulus = stimulus
        let reading = try bench.readFresh()
        for quantity in bench.chip.model.quantities {
            let range = bench.chip.model.sampleRange(quantity)
            let got = try #require(reading.values[quantity])
            for actual in got {
                #expect(abs(actual - (range.lower + range.upper) / 2) <= range.epsilon, "\(sweep) \(quantity)")
            }
        }
        #expect(stimulus.asked > 0, "\(sweep) never sampled its stimulus")
    }
}

/// One chip on one bus.
struct SweepCase: Sendable, CustomTestStringConvertible, CustomStringConvertible {
    let compatible: String
    let interface: ChipInterface

    init(_ compatible: String, _ interface: ChipInterface) {
        self.compatible = compatible
        self.interface = interface
    }

    var description: String { "\(compatible) over \(interface.rawValue)" }
    var testDescription: String { description }
}

/// A model on a simulated bus with its real driver brought up.
final class SweepBench {
    let chip: SimulatedChip
    let driver: any SensorDriver
    let clock = VirtualClock()

    init(_ sweep: SweepCase, seed: UInt64?) throws {
        let entry = try #require(ChipRegistry.entry(sweep.compatible))
        chip = try entry.makeModel(ModelContext(clock: clock, seed: seed))
        let attachment: ChipAttachment
        switch sweep.interface {
        case .i2c:
            let bus = SimI2CBus(name: "sim:sweep", clock: clock)
            let address = try #require(ChipCatalog.signature(sweep.compatible)?.addresses.first)
            bus.attach(try #require(chip.i2c), at: address)
            attachment = .i2c(bus, address)
        case .spi:
            let bus = SimSPIBus(name: "sim:sweep", clock: clock)
            bus.attach(try #require(chip.spi), chipSelect: 0)
            attachment = .spi(bus.device(chipSelect: 0, configuration: SPIConfiguration(mode: entry.spiMode)))
        }
        driver = try entry.makeDriver(attachment, clock, .none)
        try driver.bringUp()
    }

    /// A reading converted after the last `setPhysical`: waits two output periods (or none for
    /// on-demand chips) so that the chip's next conversion has latched, or the model's settling time
    /// when its filters need longer.
    func readFresh() throws -> SensorReading {
        var wait = chip.model.settlingTime()
        if let rate = driver.outputDataRateHz { wait = max(wait, .nanoseconds(Int64(2e9 / rate) + 1)) }
        clock.advance(by: wait)
        return try driver.read()
    }
}

/// A world that holds every quantity at the middle of the model's range, counting how often it is asked.
final class MidRangeStimulus: Stimulus {
    private let model: any SensorModel
    private(set) var asked = 0

    init(model: any SensorModel) { self.model = model }

    func value(_ quantity: Quantity, at time: MonotonicInstant) -> SensorComponents<Double>? {
        asked += 1
        let range = model.sampleRange(quantity)
        let middle = (range.lower + range.upper) / 2
        return quantity.isVector ? [middle, middle, middle] : [middle]
    }
}

@Suite struct RegistryCoverageTests {
    /// Board files accept every catalogued chip, and simulated boards fit its registry model.
    @Test func everyCataloguedChipHasADriverAndAModel() {
        #expect(Set(ChipCatalog.all.map(\.compatible)) == Set(ChipRegistry.all.map(\.compatible)))
        for entry in ChipRegistry.all {
            #expect(ChipCatalog.signature(entry.compatible)?.part == entry.part, "\(entry.compatible)")
            #expect(entry.interfaces.contains(.spi) == (ChipCatalog.signature(entry.compatible)?.hasSPI == true))
        }
    }
}
