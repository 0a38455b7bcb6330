// SensorGate — Drivers: a command-level MS5611 model for the simulated I2C and SPI buses.

import HAL
import HALSim

/// A command-level model of an MS5611-01BA, on a simulated I2C bus or SPI controller.
///
/// The chip's five commands are the datasheet's: reset (0x1E) reloads the PROM for 2.8 ms, during
/// which commands are ignored and answers read 0; convert D1 (0x40…0x48) and D2 (0x50…0x58) start a
/// conversion of the typical conversion time for the ratio; ADC read (0x00) answers the finished
/// result once, 24 bits MSB first, and 0 when no result is waiting (never converted, or already read).
/// An ADC read during a conversion answers 0, the conversion goes on, and its result is wrong (the
/// datasheet does not say how; the model halves the code); a convert command during a conversion
/// spoils the new conversion the same way. PROM read (0xA0…0xAE) answers a word, MSB first. Over I2C a
/// command is the first byte of a write, the answer what the next reads clock out (after a stop or a
/// repeated start); over SPI, modes 0 and 3, the command is the first byte after chip select (no read
/// bit) and the answer follows in the same frame. Physical values are sampled at the end of each
/// conversion (see `MS5611Model+Conversion.swift`).
public final class MS5611Model: I2CTarget, SPITarget {
    /// The clock conversions and the reload are timed on.
    public let clock: any MonotonicClock
    /// The PROM contents.
    public let calibration: MS5611Calibration
    /// The SPI clock modes the chip accepts: 0 and 3 (datasheet, "SPI mode").
    @exclusivity(unchecked) public var supportedModes: Set<SPIMode> = [.mode0, .mode3]
    /// The PROM reload time after a reset command or power-on: 2.8 ms (datasheet, "Reset sequence").
    @exclusivity(unchecked) public var reloadDuration = Duration.microseconds(2800)
    /// The seed of the measurement noise (the datasheet's RMS resolution for the ratio), or nil for
    /// none (the default, so that sweeps are exact).
    @exclusivity(unchecked) public var noiseSeed: UInt64?
    /// How many conversions have been started since the model was created.
    @exclusivity(unchecked) public internal(set) var conversionCount = 0
    /// How many conversions were spoiled by an ADC read or a convert command during them.
    @exclusivity(unchecked) public internal(set) var spoiledCount = 0

    /// The physical values in SI units the chip measures (Pa, °C), or the world's.
    @exclusivity(unchecked) public var inputs = PhysicalInputs([.pressurePa: [101_325], .temperatureC: [20]])
    /// The conversion running or finished and not yet read.
    @exclusivity(unchecked) var conversion: Conversion?
    /// Until when the PROM reload runs.
    @exclusivity(unchecked) var reloadUntil = MonotonicInstant.zero
    /// The noise generator, made from the noise seed at the first noisy sample.
    @exclusivity(unchecked) var noiseGenerator: SplitMix64?

    @exclusivity(unchecked) private var answer: [UInt8] = []
    @exclusivity(unchecked) private var spiState = SPIState.idle

    /// One conversion.
    struct Conversion {
        /// D1 (pressure) or D2 (temperature).
        var pressure: Bool
        /// The ratio.
        var oversampling: MS5611Oversampling
        /// When it ends: the instant the physical values are sampled.
        var end: MonotonicInstant
        /// Whether an ADC read or a convert command came during it.
        var spoiled: Bool
    }

    private enum SPIState {
        case idle
        case command
        case answering(Int)
    }

    /// Creates a chip that has finished its power-on.
    /// - Parameters:
    ///   - clock: the clock conversions are timed on (the simulation's `VirtualClock`).
    ///   - calibration: the PROM. Default: the datasheet's worked example.
    public init(clock: any MonotonicClock, calibration: MS5611Calibration = .datasheetExample) {
        self.clock = clock
        self.calibration = calibration
    }

    /// Resets the chip as a power-on or the reset command does: no conversion, no result, and the PROM
    /// reload running for ``reloadDuration``.
    public func reset() {
        conversion = nil
        answer = []
        reloadUntil = clock.now() + reloadDuration
    }

    // MARK: - I2C

    /// The first byte is a command; the chip acknowledges every byte.
    /// - Parameter bytes: the command (further bytes are ignored).
    /// - Returns: `.ack`.
    public func i2cWrite(_ bytes: [UInt8]) -> I2CTargetAcknowledge {
        if let first = bytes.first { execute(first) }
        return .ack
    }

    /// Clocks out the answer of the last command, then zeros.
    /// - Parameter bytes: filled with the answer.
    public func i2cRead(into bytes: inout [UInt8]) {
        for index in bytes.indices { bytes[index] = index < answer.count ? answer[index] : 0x00 }
    }

    /// A stop condition; the answer stays readable until the next command.
    public func i2cStop() {}

    // MARK: - SPI

    /// Chip select asserted: the next byte is a command.
    public func spiSelect() { spiState = .command }

    /// The command byte, then the answer.
    /// - Parameter mosi: the byte from the controller.
    /// - Returns: 0x00 during the command byte, then the answer's bytes (zeros past its end).
    public func spiExchange(_ mosi: UInt8) -> UInt8 {
        switch spiState {
        case .idle:
            return 0x00
        case .command:
            execute(mosi)
            spiState = .answering(0)
            return 0x00
        case .answering(let index):
            spiState = .answering(index + 1)
            return index < answer.count ? answer[index] : 0x00
        }
    }

    /// Chip select released.
    public func spiDeselect() { spiState = .idle }

    // MARK: - Commands

    private func execute(_ command: UInt8) {
        let now = clock.now()
        answer = []
        guard now >= reloadUntil else { return }
        switch command {
        case MS5611Command.reset:
            reset()
        case MS5611Command.adcRead:
            answer = adcAnswer(now)
        case 0x40...0x48, 0x50...0x58:
            guard let oversampling = MS5611Oversampling.decode(command) else { return }
            let running = conversion.map { now < $0.end } ?? false
            if running { spoiledCount += 1 }
            conversion = Conversion(
                pressure: command < MS5611Command.convertD2, oversampling: oversampling,
                end: now + oversampling.typicalConversionTime, spoiled: running)
            conversionCount += 1
        case 0xA0...0xAE where command & 1 == 0:
            answer = calibration.bytes(ofWord: Int(command - MS5611Command.promRead) / 2)
        default:
            break
        }
    }

    /// The ADC answer: the finished result once, else 0 (spoiling a running conversion).
    private func adcAnswer(_ now: MonotonicInstant) -> [UInt8] {
        guard var running = conversion else { return [0, 0, 0] }
        guard now >= running.end else {
            if !running.spoiled { spoiledCount += 1 }
            running.spoiled = true
            conversion = running
            return [0, 0, 0]
        }
        conversion = nil
        let code = result(of: running)
        return [
            UInt8(truncatingIfNeeded: code >> 16), UInt8(truncatingIfNeeded: code >> 8),
            UInt8(truncatingIfNeeded: code),
        ]
    }
}
