// SensorGate — tests of the simulated SPI controller.

import HAL
import HALSim
import Testing

@Suite struct SimSPIBusTests {
    @Test func readsAndWritesRegistersWithExactBytes() throws {
        let bus = SimSPIBus()
        let chip = RegisterFileTarget(idRegister: 0x0F, idValue: 0x6C)
        chip[0x77] = 0x50
        chip[0x78] = 0x7E
        bus.attach(chip, chipSelect: 1)
        let device = bus.device(chipSelect: 1)
        #expect(device.name == "sim:spi0.1")

        #expect(try device.writeThenRead([0x8F], count: 1) == [0x6C])
        #expect(try device.transfer([0xF7, 0x00, 0x00, 0x00]) == [0x00, 0x50, 0x7E, 0x00])

        try device.write([0x74, 0x27, 0xA0])
        #expect(chip[0x74] == 0x27)
        #expect(chip[0x75] == 0xA0)
        #expect(chip.selectCount == 3)
    }

    @Test func releasingChipSelectStartsANewCommand() throws {
        let bus = SimSPIBus()
        let chip = RegisterFileTarget()
        chip[0x10] = 0xAB
        bus.attach(chip, chipSelect: 0)
        var transfers = [
            SPITransfer(write: [0x74, 0x01], releaseChipSelect: true),
            SPITransfer(write: [0x90, 0x00], readCount: 2),
        ]
        try bus.device(chipSelect: 0).transaction(&transfers)
        #expect(chip[0x74] == 0x01)
        #expect(transfers[1].read == [0x00, 0xAB])
        #expect(chip.selectCount == 2)
    }

    @Test func unsupportedModeShiftsTheReturnedBitsByOne() throws {
        let bus = SimSPIBus()
        bus.attach(
            RegisterFileTarget(idRegister: 0x0F, idValue: 0x6C, supportedModes: [.mode0, .mode3]), chipSelect: 0)
        let device = bus.device(chipSelect: 0)
        try device.configure(SPIConfiguration(mode: .mode3))
        #expect(try device.writeThenRead([0x8F], count: 1) == [0x6C])
        try device.configure(SPIConfiguration(mode: .mode1))
        // 0x6C (0b0110_1100) read one bit late, after the command byte's 0x00: 0b0011_0110.
        #expect(try device.writeThenRead([0x8F], count: 1) == [0x36])
    }

    @Test func absentChipSelectReadsAllOnesWithoutError() throws {
        let bus = SimSPIBus()
        bus.attach(RegisterFileTarget(), chipSelect: 0)
        #expect(try bus.device(chipSelect: 2).transfer([0xD0, 0x00, 0x00]) == [0xFF, 0xFF, 0xFF])
    }

    @Test func mismatchedSegmentLengthsAreRejected() throws {
        let bus = SimSPIBus()
        var transfers = [SPITransfer(write: [0x01, 0x02], readCount: 3)]
        let error = #expect(throws: HALError.self) { try bus.device(chipSelect: 0).transaction(&transfers) }
        #expect(error?.kind == .invalidArgument)
        #expect(error?.device == "sim:spi0.0")
    }

    @Test func clockAdvancesByBitsAtTheConfiguredSpeedAndDelays() throws {
        let clock = VirtualClock()
        let bus = SimSPIBus(clock: clock)
        let device = bus.device(chipSelect: 0, configuration: SPIConfiguration(speedHz: 2_000_000))
        var transfers = [SPITransfer(write: [1, 2, 3, 4], delayAfterMicroseconds: 5)]
        try device.transaction(&transfers)
        // 32 bits at 2 MHz = 16 µs, plus the 5 µs delay.
        #expect(clock.now().nanoseconds == 21_000)
    }

    @Test func backToBackSegmentsMoveTheClockOnceAndDelaysOrReleasesInBetween() throws {
        let clock = VirtualClock()
        let bus = SimSPIBus(clock: clock)
        let chip = ClockStampingTarget(clock: clock)
        bus.attach(chip, chipSelect: 0)
        let device = bus.device(chipSelect: 0, configuration: SPIConfiguration(speedHz: 1_000_000))
        // A command byte then a burst: the chip sees the burst start with the command (8 µs per byte).
        var burst = [SPITransfer(write: [0xB2]), SPITransfer(readCount: 6)]
        try device.transaction(&burst)
        #expect(chip.stamps == ["select 0", "segment 0", "segment 0", "deselect 56000"])
        #expect(clock.now().nanoseconds == 56_000)
        // A delay and a chip select release each move the clock before the next segment; a release keeps
        // chip select high for 10 µs, Linux's cs_change delay, before the next selection.
        chip.stamps = []
        var paced = [
            SPITransfer(write: [0x01], delayAfterMicroseconds: 10), SPITransfer(write: [0x02], releaseChipSelect: true),
            SPITransfer(write: [0x03]),
        ]
        try device.transaction(&paced)
        #expect(
            chip.stamps == [
                "select 56000", "segment 56000", "segment 74000", "deselect 82000", "select 92000", "segment 92000",
                "deselect 100000",
            ])
    }

    @Test func aRegisterReadMakesTheSameCallsAtTheSameTimesAsItsTwoSegments() throws {
        // writeThenRead (the register read's own path) against the same command and read as segments.
        var observed: [[String]] = []
        var answers: [[UInt8]] = []
        for asSegments in [false, true] {
            let clock = VirtualClock()
            let bus = SimSPIBus(clock: clock)
            let stamping = ClockStampingTarget(clock: clock)
            let registers = RegisterFileTarget()
            for (offset, value) in [0x32, 0x33, 0x34].enumerated() { registers[UInt8(value)] = UInt8(0xA0 + offset) }
            bus.attach(stamping, chipSelect: 0)
            bus.attach(registers, chipSelect: 1)
            let configuration = SPIConfiguration(speedHz: 5_000_000)
            let timed = bus.device(chipSelect: 0, configuration: configuration)
            let data = bus.device(chipSelect: 1, configuration: configuration)
            if asSegments {
                var first = [SPITransfer(write: [0xF2]), SPITransfer(readCount: 6)]
                try timed.transaction(&first)
                var second = [SPITransfer(write: [0xB2]), SPITransfer(readCount: 3)]
                try data.transaction(&second)
                answers.append(second[1].read)
            } else {
                _ = try timed.writeThenRead([0xF2], count: 6)
                answers.append(try data.writeThenRead([0xB2], count: 3))
            }
            observed.append(stamping.stamps + ["now \(clock.now().nanoseconds)", "count \(bus.transactionCount)"])
        }
        // 7 bytes at 5 MHz: 11 200 ns, one move at the end; then 4 bytes on the other chip select: 6 400 ns.
        // 0xB2: read (bit 7) from 0x32 on, with the register file's auto-increment.
        #expect(observed[0] == ["select 0", "segment 0", "segment 0", "deselect 11200", "now 17600", "count 2"])
        #expect(observed[1] == observed[0])
        #expect(answers[0] == [0xA0, 0xA1, 0xA2])
        #expect(answers[1] == answers[0])
    }

    @Test func aRepeatedReadMakesTheSameCallsAtTheSameTimesAsItsSegments() throws {
        // writeThenReadRepeatedly (a FIFO drained entry by entry in one message) against its segments.
        var observed: [[String]] = []
        var answers: [[UInt8]] = []
        for asSegments in [false, true] {
            let clock = VirtualClock()
            let bus = SimSPIBus(clock: clock)
            let chip = ClockStampingTarget(clock: clock)
            bus.attach(chip, chipSelect: 0)
            let device = bus.device(chipSelect: 0, configuration: SPIConfiguration(speedHz: 5_000_000))
            if asSegments {
                var segments = SPITransfer.repeatedRead([0xF2], length: 2, repeats: 3)
                try device.transaction(&segments)
                answers.append(stride(from: 1, to: segments.count, by: 2).flatMap { segments[$0].read })
            } else {
                answers.append(try device.writeThenReadRepeatedly([0xF2], count: 2, repeats: 3))
            }
            observed.append(chip.stamps + ["now \(clock.now().nanoseconds)", "count \(bus.transactionCount)"])
        }
        // Three reads of 3 bytes at 5 MHz, 4 800 ns each, chip select released 10 µs between them.
        #expect(
            observed[0] == [
                "select 0", "segment 0", "segment 0", "deselect 4800", "select 14800", "segment 14800",
                "segment 14800", "deselect 19600", "select 29600", "segment 29600", "segment 29600", "deselect 34400",
                "now 34400", "count 1",
            ])
        #expect(observed[1] == observed[0])
        // Each read lands in its own part of the buffer: the chip answers with its selection count.
        #expect(answers[0] == [1, 1, 2, 2, 3, 3])
        #expect(answers[1] == answers[0])
    }

    @Test func aRepeatedReadFloatsWithNothingAttachedAndRefusesBadShapes() throws {
        let bus = SimSPIBus()
        let device = bus.device(chipSelect: 2)
        #expect(try device.writeThenReadRepeatedly([0xF2], count: 2, repeats: 2) == [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(bus.transactionCount == 1)
        for (length, repeats) in [(6, 0), (0, 3), (1, 256)] {
            let error = #expect(throws: HALError.self) {
                try device.writeThenReadRepeatedly([0xF2], count: length, repeats: repeats)
            }
            #expect(error?.kind == .invalidArgument, "\(repeats) reads of \(length) bytes")
        }
        let uneven = #expect(throws: HALError.self) {
            var buffer = [UInt8](repeating: 0, count: 16)
            try [UInt8(0xF2)].withUnsafeBytes { command in
                try buffer.withUnsafeMutableBytes { try device.writeThenReadRepeatedly(command, into: $0, repeats: 3) }
            }
        }
        #expect(uneven?.kind == .invalidArgument, "16 bytes do not divide into 3 reads")
        #expect(bus.transactionCount == 1, "nothing reaches the bus")
    }

    @Test func aRegisterReadStillTakesInjectedFaultsAndFloatsWithNothingAttached() throws {
        let bus = SimSPIBus()
        bus.attach(RegisterFileTarget(idRegister: 0x0F, idValue: 0x6C), chipSelect: 0)
        #expect(try bus.device(chipSelect: 3).writeThenRead([0x8F], count: 2) == [0xFF, 0xFF])
        bus.faultPlan = FaultPlan(rules: [FaultRule(.busError(register: 0x8F), site: .chipSelect(0))])
        let error = #expect(throws: HALError.self) { try bus.device(chipSelect: 0).writeThenRead([0x8F], count: 1) }
        #expect(error?.kind == .bus)
        bus.faultPlan = nil
        #expect(try bus.device(chipSelect: 0).writeThenRead([0x8F], count: 1) == [0x6C])
        #expect(bus.transactionCount == 3)
    }

    @Test func unsupportedConfigurationsAreRefused() {
        let device = SimSPIBus().device(chipSelect: 0)
        let error = #expect(throws: HALError.self) { try device.configure(SPIConfiguration(bitsPerWord: 9)) }
        #expect(error?.kind == .unsupported)
        let zero = #expect(throws: HALError.self) { try device.configure(SPIConfiguration(speedHz: 0)) }
        #expect(zero?.kind == .invalidArgument)
    }
}

/// A chip that notes the virtual time of every call the controller makes.
private final class ClockStampingTarget: SPITarget {
    let clock: VirtualClock
    var stamps: [String] = []
    var supportedModes: Set<SPIMode> { Set(SPIMode.allCases) }

    init(clock: VirtualClock) { self.clock = clock }

    /// How many times the chip was selected; its bytes read as that count.
    private var selections: UInt8 = 0

    func spiSelect() {
        selections &+= 1
        stamps.append("select \(clock.now().nanoseconds)")
    }
    func spiExchange(_ mosi: UInt8) -> UInt8 { selections }
    func spiExchange(_ mosi: [UInt8], into miso: inout [UInt8]) {
        stamps.append("segment \(clock.now().nanoseconds)")
        for index in miso.indices { miso[index] = selections }
    }
    func spiDeselect() { stamps.append("deselect \(clock.now().nanoseconds)") }
}
