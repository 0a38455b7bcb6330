// SensorGate — HALSim: the named fault rules a test writes.

import HAL

extension FaultRule {
    /// The target at `address` does not acknowledge its address.
    /// - Parameters:
    ///   - address: the I2C address.
    ///   - window: when. Default: always.
    /// - Returns: the rule.
    public static func nack(address: I2CAddress, window: FaultWindow = .always) -> FaultRule {
        FaultRule(.nack, site: .address(address), window: window)
    }

    /// Writes to `register` of the target at `address` fail with EIO.
    /// - Parameters:
    ///   - address: the I2C address.
    ///   - register: the register (the first written byte).
    ///   - window: when. Default: always.
    /// - Returns: the rule.
    public static func busError(address: I2CAddress, register: UInt8, window: FaultWindow = .always) -> FaultRule {
        FaultRule(.busError(register: register), site: .address(address), window: window)
    }

    /// Transactions on `chipSelect` whose first byte is `command` fail with EIO.
    /// - Parameters:
    ///   - chipSelect: the SPI chip select.
    ///   - command: the first byte clocked out (register and read bit).
    ///   - window: when. Default: always.
    /// - Returns: the rule.
    public static func busError(chipSelect: Int, command: UInt8, window: FaultWindow = .always) -> FaultRule {
        FaultRule(.busError(register: command), site: .chipSelect(chipSelect), window: window)
    }

    /// The whole bus is stuck while the window lasts.
    /// - Parameter window: when. Default: always.
    /// - Returns: the rule.
    public static func stuckBus(window: FaultWindow = .always) -> FaultRule {
        FaultRule(.stuckBus, window: window)
    }

    /// Read data from `address` gets one random bit flipped with probability `probability`.
    /// - Parameters:
    ///   - address: the I2C address.
    ///   - probability: per read message, 0–1.
    ///   - window: when. Default: always.
    /// - Returns: the rule.
    public static func bitFlips(address: I2CAddress, probability: Double, window: FaultWindow = .always) -> FaultRule {
        FaultRule(.bitFlips(probability: probability), site: .address(address), window: window)
    }

    /// Data read from `chipSelect` gets one random bit flipped with probability `probability`.
    /// - Parameters:
    ///   - chipSelect: the SPI chip select.
    ///   - probability: per transaction, 0–1.
    ///   - window: when. Default: always.
    /// - Returns: the rule.
    public static func bitFlips(chipSelect: Int, probability: Double, window: FaultWindow = .always) -> FaultRule {
        FaultRule(.bitFlips(probability: probability), site: .chipSelect(chipSelect), window: window)
    }

    /// The target at `address` disappears at `start` and comes back at `end` (virtual time).
    /// - Parameters:
    ///   - address: the I2C address.
    ///   - start: when it goes.
    ///   - end: when it is back.
    /// - Returns: the rule.
    public static func disappear(address: I2CAddress, from start: MonotonicInstant, until end: MonotonicInstant)
        -> FaultRule
    {
        FaultRule(.absent, site: .address(address), window: .time(from: start, until: end))
    }

    /// The target at `address` is gone for the transactions in `window`.
    /// - Parameters:
    ///   - address: the I2C address.
    ///   - window: when it is gone.
    /// - Returns: the rule.
    public static func disappear(address: I2CAddress, window: FaultWindow) -> FaultRule {
        FaultRule(.absent, site: .address(address), window: window)
    }

    /// The target at `chipSelect` is gone for the transactions in `window`.
    /// - Parameters:
    ///   - chipSelect: the SPI chip select.
    ///   - window: when it is gone.
    /// - Returns: the rule.
    public static func disappear(chipSelect: Int, window: FaultWindow) -> FaultRule {
        FaultRule(.absent, site: .chipSelect(chipSelect), window: window)
    }
}
