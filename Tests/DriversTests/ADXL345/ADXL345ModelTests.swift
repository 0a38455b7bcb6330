// SensorGate — Drivers tests: the ADXL345 model's registers, bus conventions, FIFO and interrupt pins.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct ADXL345ModelTests {
    /// 800 Hz: 1.25 ms between samples, the LSB valid in every mode.
    private let period800 = Duration.microseconds(1250)

    /// Configures measuring at 800 Hz, full resolution ±2 g, with `fifoControl`, `interruptEnable` on INT1
    /// (or as `interruptMap` says); returns the first sample's instant (1.1 ms + 1/ODR after Measure).
    private func start(
        _ rig: ADXL345Rig, fifoControl: UInt8, interruptEnable: UInt8 = 0x00, interruptMap: UInt8 = 0x00,
        dataFormat: UInt8 = 0x08
    ) throws -> MonotonicInstant {
        try rig.write(0x2C, 0x0D)  // BW_RATE 800 Hz
        try rig.write(0x31, dataFormat)  // DATA_FORMAT
        try rig.write(0x38, fifoControl)  // FIFO_CTL
        try rig.write(0x2F, interruptMap)  // INT_MAP
        try rig.write(0x2E, interruptEnable)  // INT_ENABLE
        try rig.write(0x2D, 0x08)  // POWER_CTL Measure
        let first = rig.clock.now() + .microseconds(1100) + period800
        rig.model.stimulus = GridRamp(origin: first, period: period800)
        return first
    }

    // MARK: - Registers and buses

    @Test func resetValuesOverI2CAutoIncrement() throws {
        let clock = VirtualClock()
        let bus = SimI2CBus(clock: clock)
        let model = ADXL345Model(clock: clock)
        bus.attach(model, at: I2CAddress(0x53))
        let block = try bus.writeRead(I2CAddress(0x53), [0x00], count: 0x3A)
        var expected = [UInt8](repeating: 0x00, count: 0x3A)
        expected[0x00] = 0xE5  // DEVID
        expected[0x2C] = 0x0A  // BW_RATE: 100 Hz
        expected[0x30] = 0x02  // INT_SOURCE: watermark (Samples 0)
        #expect(block == expected)
        // Writes auto-increment too: OFSX, OFSY, OFSZ in one message.
        try bus.write(I2CAddress(0x53), [0x1E, 0x01, 0xFF, 0x7F])
        #expect(model.offsets == [1, -1, 127])
    }

    @Test func spiCommandsCarryReadAndMultipleByteBits() throws {
        let rig = ADXL345Rig()
        #expect(try rig.device.writeThenRead([0x80], count: 1) == [0xE5])  // read DEVID
        #expect(try rig.device.writeThenRead([0xEC], count: 2) == [0x0A, 0x00])  // read, MB, from BW_RATE
        #expect(try rig.device.writeThenRead([0xAC], count: 2) == [0x0A, 0x0A])  // no MB: the address stays
        try rig.device.write([0x5E, 0x01, 0x02, 0x03])  // write, MB, from OFSX
        #expect(rig.model.offsets == [1, 2, 3])
        try rig.device.write([0x1E, 0x7F, 0x05])  // no MB: both bytes go to OFSX
        #expect(rig.model.offsets == [5, 2, 3])
        try rig.device.write([0x31, 0x40])  // DATA_FORMAT SPI bit: 3-wire, SDO no longer driven
        #expect(try rig.device.writeThenRead([0x80], count: 1) == [0xFF])
    }

    @Test func spiModeZeroShiftsTheDataAsOnTheWire() throws {
        let clock = VirtualClock()
        let bus = SimSPIBus(clock: clock)
        bus.attach(ADXL345Model(clock: clock), chipSelect: 1)
        let device = bus.device(chipSelect: 1, configuration: SPIConfiguration(mode: .mode0))
        #expect(try device.writeThenRead([0x80], count: 1) != [0xE5])
    }

    @Test func theFirstSampleComesOneTurnOnTimeAfterMeasure() throws {
        let rig = ADXL345Rig()
        rig.model.setPhysical(.accelMps2, [0, 0, 9.80665])
        try rig.write(0x31, 0x08)  // full resolution ±2 g, 100 Hz (reset rate)
        try rig.write(0x2D, 0x08)  // Measure
        let measured = rig.clock.now()
        rig.clock.advance(to: measured + .microseconds(11_080))  // the two reads below take 14.4 µs
        #expect(try rig.read(0x30) == [0x02], "no DATA_READY before 1.1 ms + 10 ms")
        #expect(try rig.readSample() == [0, 0, 0], "the data registers hold their reset value")
        rig.clock.advance(to: measured + .microseconds(11_100))
        #expect(try rig.read(0x30) == [0x82])
        #expect(try rig.readSample() == [0, 0, 256])
        #expect(rig.model.sampleCount == 1)
    }

    @Test func bypassDataReadyClearsOnReadAndOverrunMarksAReplacedSample() throws {
        let rig = ADXL345Rig()
        try rig.write(0x31, 0x08)
        try rig.write(0x2E, 0x80)  // INT_ENABLE DATA_READY on INT1
        try rig.write(0x2D, 0x08)
        let first = rig.clock.now() + .microseconds(11_100)
        #expect(rig.run(untilPin: "INT1", is: true) == first)
        #expect(try rig.read(0x30) == [0x82])  // DATA_READY, watermark
        _ = try rig.readSample()
        #expect(try rig.read(0x30) == [0x02])
        #expect(rig.model.pinLevels["INT1"] == false)
        rig.run(until: first + .milliseconds(20))  // two more samples, the first never read
        #expect(try rig.read(0x30) == [0x83])  // DATA_READY, watermark, overrun
        _ = try rig.readSample()
        #expect(try rig.read(0x30) == [0x02])
    }

    // MARK: - FIFO

    @Test func streamWatermarkRaisesINT1AtTheSeventeenthSample() throws {
        let rig = ADXL345Rig()
        let first = try start(rig, fifoControl: 0x90, interruptEnable: 0x02)  // stream, samples 16; watermark
        // Entries counts the FIFO without the sample at the output: 16 entries after 17 samples.
        let raised = rig.run(untilPin: "INT1", is: true)
        #expect(raised == first + period800 * 16)
        #expect(try rig.read(0x39) == [0x10])  // FIFO_STATUS: 16 entries
        #expect(try rig.read(0x30) == [0x82])  // DATA_READY, watermark
        #expect(try rig.readSample()[0] == 0, "the oldest sample first")
        rig.clock.advance(by: .microseconds(5))
        #expect(try rig.read(0x39) == [0x0F])
        #expect(rig.model.pinLevels["INT1"] == false, "below the watermark again")
        #expect(rig.edges.map(\.level) == [true, false])
    }

    @Test func streamKeepsTheLatestThirtyThreeAndSetsOverrun() throws {
        let rig = ADXL345Rig()
        let first = try start(rig, fifoControl: 0x90, interruptEnable: 0x01)  // stream; overrun on INT1
        let filled = rig.run(untilPin: "INT1", is: true)
        #expect(filled == first + period800 * 32, "overrun when the FIFO fills: 32 entries and the output")
        rig.run(until: first + period800 * 39)  // samples 0…39
        #expect(try rig.read(0x39) == [0x20])  // FIFO_STATUS: 32 entries, never more
        #expect(try rig.read(0x30) == [0x83])  // DATA_READY, watermark, overrun
        var codes: [Int] = []
        for _ in 0..<33 {
            codes.append(try rig.readSample()[0])
            rig.clock.advance(by: .microseconds(5))
        }
        #expect(codes == Array(7...39))
        #expect(try rig.read(0x30) == [0x00], "empty: no DATA_READY, watermark or overrun")
        #expect(try rig.read(0x39) == [0x00])
    }

    @Test func fifoModeStopsWhenFullAndResumesWhenRead() throws {
        let rig = ADXL345Rig()
        let first = try start(rig, fifoControl: 0x50, interruptEnable: 0x03)  // FIFO mode, samples 16
        rig.run(until: first + period800 * 39)
        #expect(try rig.read(0x39) == [0x20])
        #expect(try rig.read(0x30) == [0x83])
        var codes: [Int] = []
        for _ in 0..<33 {
            codes.append(try rig.readSample()[0])
            rig.clock.advance(by: .microseconds(5))
        }
        #expect(codes == Array(0...32), "the oldest 33: 32 entries plus the output")
        #expect(try rig.readSample()[0] == 32, "an empty FIFO leaves the last sample in the data registers")
        #expect(try rig.read(0x30) == [0x00])
        rig.run(until: first + period800 * 40)
        #expect(try rig.readSample()[0] == 40, "samples 33…39 came while it was full and are gone")
    }

    @Test func readingAgainWithinFiveMicrosecondsGetsTheSameEntry() throws {
        let rig = ADXL345Rig()
        let first = try start(rig, fifoControl: 0x90)
        rig.run(until: first + period800 * 4)
        #expect(try rig.read(0x39) == [0x04])
        // At 5 MHz the FIFO has not popped when chip select rises and the next command starts at once.
        #expect(try rig.readSample()[0] == 0)
        #expect(try rig.read(0x39) == [0x04], "FIFO_STATUS read too early")
        #expect(try rig.readSample()[0] == 0, "the same entry again")
        rig.clock.advance(by: .microseconds(5))
        #expect(try rig.read(0x39) == [0x03])
        #expect(try rig.readSample()[0] == 1)
        // A single-byte read pops the whole entry: the rest of its bytes are lost.
        rig.clock.advance(by: .microseconds(5))
        _ = try rig.read(0x32)
        rig.clock.advance(by: .microseconds(5))
        #expect(try rig.readSample()[0] == 3)
    }

    @Test func interruptInvertAndINT2() throws {
        let rig = ADXL345Rig()
        // INT_INVERT: both pins idle high as soon as DATA_FORMAT is written.
        let first = try start(rig, fifoControl: 0x84, interruptEnable: 0x02, interruptMap: 0x02, dataFormat: 0x28)
        #expect(rig.edges.map(\.pin) == ["INT1", "INT2"] && rig.edges.allSatisfy(\.level))
        let active = rig.run(untilPin: "INT2", is: false)
        #expect(active == first + period800 * 4, "watermark at 4 entries, on INT2, active low")
        #expect(rig.model.pinLevels["INT1"] == true)
    }

    @Test func triggerModeKeepsSamplesBeforeTheEventThenFills() throws {
        let rig = ADXL345Rig()
        let first = try start(rig, fifoControl: 0xC4, interruptEnable: 0x40)  // trigger on INT1, keep 4
        rig.run(until: first + period800 * 49)
        #expect(try rig.read(0x39) == [0x20])
        rig.model.signalEvents(0x40)  // a single tap, enabled and mapped to INT1
        #expect(try rig.read(0x39) == [0x84], "FIFO_TRIG and 4 entries")
        #expect(try rig.read(0x30) == [0xC3], "DATA_READY, SINGLE_TAP, watermark, overrun")
        #expect(try rig.read(0x30) == [0x83], "reading INT_SOURCE clears the tap")
        rig.run(until: first + period800 * 100)
        #expect(try rig.read(0x39) == [0xA0], "then it fills as in FIFO mode and stops")
        var codes: [Int] = []
        for _ in 0..<33 {
            codes.append(try rig.readSample()[0])
            rig.clock.advance(by: .microseconds(5))
        }
        #expect(codes == Array(45...77))
        try rig.write(0x38, 0x00)  // bypass resets the trigger and clears the FIFO
        #expect(try rig.read(0x39) == [0x00])
    }

    // MARK: - Conversion

    @Test func offsetRegistersAddFifteenPointSixMilliGPerLSB() throws {
        let rig = ADXL345Rig()
        rig.model.setPhysical(.accelMps2, [0, 0, 0])
        try rig.write(0x1E, 0x7F, 0x81, 0x04)  // OFSX 127 (0x7F = 2 g), OFSY −127, OFSZ 4
        try rig.write(0x31, 0x08)  // full resolution: 15.6 mg = 4 LSB
        try rig.write(0x2D, 0x08)
        rig.run(until: rig.clock.now() + .milliseconds(12))
        #expect(try rig.readSample() == [508, -508, 16])
        try rig.write(0x31, 0x02)  // 10-bit ±8 g: 64 LSB/g, one offset LSB per output LSB
        rig.run(until: rig.clock.now() + .milliseconds(10))
        #expect(try rig.readSample() == [127, -127, 4])
    }

    @Test func tenBitCodesClipAndFastRatesClearTheLSB() throws {
        let rig = ADXL345Rig()
        rig.model.setPhysical(.accelMps2, [3 * 9.80665, -3 * 9.80665, 9.80665])
        try rig.write(0x31, 0x00)  // 10-bit ±2 g
        try rig.write(0x2D, 0x08)
        rig.run(until: rig.clock.now() + .milliseconds(12))
        #expect(try rig.readSample() == [511, -512, 256])
        try rig.write(0x2C, 0x0F)  // 3200 Hz: in ±2 g 10-bit and full resolution the LSB is always 0
        var codes: Set<Int> = []
        for step in 0..<40 {
            rig.model.setPhysical(.accelMps2, [Double(step) * 0.05, -Double(step) * 0.08, 9.80665])
            rig.run(until: rig.clock.now() + .microseconds(313))
            codes.formUnion(try rig.readSample())
        }
        #expect(codes.allSatisfy { $0 % 2 == 0 } && codes.count > 40, "\(codes.sorted())")
        rig.model.setPhysical(.accelMps2, [3 * 9.80665, -3 * 9.80665, 0])
        rig.run(until: rig.clock.now() + .microseconds(313))
        #expect(try rig.readSample() == [510, -512, 0], "clipped to the largest even code")
        try rig.write(0x31, 0x01)  // 10-bit ±4 g at 3200 Hz: the LSB is valid
        rig.model.setPhysical(.accelMps2, [9.80665 * 3 / 128, 0, 0])
        rig.run(until: rig.clock.now() + .microseconds(313))
        #expect(try rig.readSample()[0] == 3)
    }

    @Test func leftJustifiedPutsTheMSBAtBit15() throws {
        let rig = ADXL345Rig()
        rig.model.setPhysical(.accelMps2, [9.80665, -9.80665, 0])
        try rig.write(0x31, 0x0F)  // full resolution, left-justified, ±16 g: 13 bits, shifted by 3
        try rig.write(0x2D, 0x08)
        rig.run(until: rig.clock.now() + .milliseconds(12))
        #expect(try rig.read(0x32, count: 6) == [0x00, 0x08, 0x00, 0xF8, 0x00, 0x00])  // 256 << 3, −256 << 3
    }

    @Test func temperatureMovesTheSensitivityByThePartsDrift() throws {
        let trims = ADXL345Trims(
            offsetMilliG: [0, 0, 0], sensitivityErrorPercent: [0, 0, 0], sensitivityDriftPercentPerC: 0.01)
        let rig = ADXL345Rig(trims: trims)
        rig.model.setPhysical(.accelMps2, [0, 0, 4 * 9.80665])
        rig.model.setPhysical(.temperatureC, [75])  // +0.5 %: 1024 → 1029.12
        try rig.write(0x31, 0x0B)
        try rig.write(0x2D, 0x08)
        rig.run(until: rig.clock.now() + .milliseconds(12))
        #expect(try rig.readSample()[2] == 1029)
    }

    @Test func noiseFollowsTheDatasheetAndIsOffByDefault() throws {
        func spread(_ rig: ADXL345Rig, rate: UInt8, period: Duration) throws -> [Double] {
            try rig.write(0x2D, 0x00)
            try rig.write(0x2C, rate)
            try rig.write(0x31, 0x0B)  // full resolution ±16 g
            try rig.write(0x2D, 0x08)
            rig.run(until: rig.clock.now() + .microseconds(1100) + period)
            var samples: [[Int]] = []
            for _ in 0..<3000 {
                samples.append(try rig.readSample())
                rig.run(until: rig.clock.now() + period)
            }
            return (0..<3).map { axis in
                let values = samples.map { Double($0[axis]) }
                let mean = values.reduce(0, +) / Double(values.count)
                return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
            }
        }
        let quiet = ADXL345Rig()
        #expect(try spread(quiet, rate: 0x0A, period: .milliseconds(10)) == [0, 0, 0])
        let noisy = ADXL345Rig()
        noisy.model.noise = ADXL345Noise(seed: 3)
        let at100 = try spread(noisy, rate: 0x0A, period: .milliseconds(10))
        // 0.75 LSB rms on X and Y, 1.1 on Z at 100 Hz (plus the 1/12 LSB² of rounding).
        #expect((0.68...0.88).contains(at100[0]) && (0.68...0.88).contains(at100[1]), "\(at100)")
        #expect((1.0...1.25).contains(at100[2]), "\(at100)")
        // √2 more per doubling: 0.75 × √32 = 4.2 LSB rms at 3200 Hz.
        let at3200 = try spread(noisy, rate: 0x0F, period: .nanoseconds(312_500))
        #expect((3.9...4.7).contains(at3200[0]), "\(at3200)")
    }

    @Test func resetIsAPowerCycle() throws {
        let rig = ADXL345Rig()
        let first = try start(rig, fifoControl: 0x81, interruptEnable: 0x02)  // stream, watermark at 1
        _ = rig.run(untilPin: "INT1", is: true)
        #expect(rig.clock.now() == first + period800)
        rig.model.reset()
        #expect(rig.model.pinLevels["INT1"] == false)
        #expect(try rig.read(0x2C, count: 2) == [0x0A, 0x00])  // BW_RATE, POWER_CTL: standby
        #expect(try rig.read(0x39) == [0x00])
        rig.run(until: rig.clock.now() + .milliseconds(10))
        #expect(try rig.read(0x30) == [0x02], "standby: no samples")
    }
}
