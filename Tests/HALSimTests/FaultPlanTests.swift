// SensorGate — tests of fault plans on the simulated buses.

import HAL
import HALSim
import Testing

@Suite struct FaultPlanTests {
    let bmp = I2CAddress(0x76)

    private func bus(_ rules: [FaultRule], seed: UInt64 = 1, clock: VirtualClock? = nil) -> (SimI2CBus, FaultPlan) {
        let bus = SimI2CBus(clock: clock)
        bus.attach(RegisterFileTarget(), at: bmp)
        let plan = FaultPlan(seed: seed, rules: rules)
        bus.faultPlan = plan
        return (bus, plan)
    }

    @Test func nackAtAnAddressInsideATransactionWindow() throws {
        let (bus, plan) = bus([.nack(address: bmp, window: .transactions(1..<2))])
        #expect(try bus.writeRead(bmp, [0xD0], count: 1) == [0x58])
        let error = #expect(throws: HALError.self) { try bus.writeRead(bmp, [0xD0], count: 1) }
        #expect(error?.kind == .noAcknowledge(.address))
        #expect(try bus.writeRead(bmp, [0xD0], count: 1) == [0x58])
        #expect(plan.count(of: .nack) == 1)
        #expect(plan.history.map(\.transaction) == [1])
    }

    @Test func busErrorOnOneRegisterOnly() throws {
        let (bus, plan) = bus([.busError(address: bmp, register: 0xF4)])
        let error = #expect(throws: HALError.self) { try bus.write(bmp, [0xF4, 0x27]) }
        #expect(error?.kind == .bus)
        #expect(error?.errno == 5)
        try bus.write(bmp, [0xF5, 0x10])
        #expect(plan.counts == [.busError: 1])
    }

    @Test func stuckBusTimesOutUntilItsWindowEnds() throws {
        let clock = VirtualClock()
        let window = FaultWindow.time(from: .zero, until: MonotonicInstant(nanoseconds: 10_000_000))
        let (bus, plan) = bus([.stuckBus(window: window)], clock: clock)
        let error = #expect(throws: HALError.self) { try bus.read(bmp, count: 1) }
        #expect(error?.kind == .timeout)
        #expect(clock.now().nanoseconds == 25_000_000)
        #expect(try bus.writeRead(bmp, [0xD0], count: 1) == [0x58])
        #expect(plan.count(of: .stuckBus) == 1)
    }

    @Test func bitFlipChangesExactlyOneBit() throws {
        let (bus, plan) = bus([.bitFlips(address: bmp, probability: 1)])
        let read = try bus.writeRead(bmp, [0xD0], count: 1)
        #expect((read[0] ^ 0x58).nonzeroBitCount == 1)
        #expect(plan.count(of: .bitFlip) == 1)
        #expect(plan.history.first?.bit.map { UInt8(1) << UInt8($0) } == read[0] ^ 0x58)
    }

    @Test func aDeviceDisappearsAndComesBack() throws {
        let clock = VirtualClock()
        let rule = FaultRule.disappear(
            address: bmp, from: MonotonicInstant(nanoseconds: 1_000_000),
            until: MonotonicInstant(nanoseconds: 2_000_000))
        let (bus, plan) = bus([rule], clock: clock)
        try bus.write(bmp, [0xF4, 0x27])
        clock.advance(to: MonotonicInstant(nanoseconds: 1_500_000))
        let error = #expect(throws: HALError.self) { try bus.writeRead(bmp, [0xF4], count: 1) }
        #expect(error?.kind == .noAcknowledge(.address))
        clock.advance(to: MonotonicInstant(nanoseconds: 2_000_000))
        #expect(try bus.writeRead(bmp, [0xF4], count: 1) == [0x27])
        #expect(plan.count(of: .absent) == 1)
    }

    /// 200 four-byte reads through a plan flipping bits with probability 0.25.
    private func run(seed: UInt64) throws -> (reads: [[UInt8]], faults: [InjectedFault]) {
        let (bus, plan) = bus([.bitFlips(address: bmp, probability: 0.25)], seed: seed)
        var reads: [[UInt8]] = []
        for _ in 0..<200 { reads.append(try bus.writeRead(bmp, [0xD0], count: 4)) }
        return (reads, plan.history)
    }

    @Test func theSameSeedGivesTheSameFaultsAndAnotherSeedOthers() throws {
        let first = try run(seed: 42)
        let again = try run(seed: 42)
        let other = try run(seed: 43)
        #expect(first.faults.count > 20 && first.faults.count < 80)
        #expect(first.reads == again.reads)
        #expect(first.faults == again.faults)
        #expect(first.faults != other.faults)
    }

    @Test func spiFaultsFlipDisappearStickAndFail() throws {
        let bus = SimSPIBus()
        bus.attach(RegisterFileTarget(idRegister: 0x0F, idValue: 0x6C), chipSelect: 0)
        let plan = FaultPlan(
            seed: 7,
            rules: [
                .bitFlips(chipSelect: 0, probability: 1, window: .transactions(0..<1)),
                .disappear(chipSelect: 0, window: .transactions(1..<2)),
                .stuckBus(window: .transactions(2..<3)),
                .busError(chipSelect: 0, command: 0x8F, window: .transactions(3..<4)),
            ])
        bus.faultPlan = plan
        let device = bus.device(chipSelect: 0)
        let flipped = try device.writeThenRead([0x8F], count: 1)
        #expect((flipped[0] ^ 0x6C).nonzeroBitCount == 1)
        #expect(try device.writeThenRead([0x8F], count: 2) == [0xFF, 0xFF])
        #expect(try device.writeThenRead([0x8F], count: 2) == [0x00, 0x00])
        let error = #expect(throws: HALError.self) { try device.writeThenRead([0x8F], count: 1) }
        #expect(error?.kind == .bus)
        #expect(try device.writeThenRead([0x8F], count: 1) == [0x6C])
        #expect(plan.counts == [.bitFlip: 1, .absent: 1, .stuckBus: 1, .busError: 1])
    }
}
