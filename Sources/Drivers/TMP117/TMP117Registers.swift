// SensorGate — Drivers: the TMP117 register map, configuration bits and temperature format.

/// Register addresses of the TMP117 (datasheet SNOSD82D §7.6, register map): 16-bit registers, MSB first,
/// behind a pointer byte.
public enum TMP117Register {
    /// Temp_Result: the last conversion, two's complement, 7.8125 m°C per LSB; 0x8000 (−256 °C) after
    /// a reset until the first conversion (with its averaging) is complete.
    public static let temperature: UInt8 = 0x00
    /// Configuration: flags, mode, conversion cycle, averaging, alert pin; 0x0220 from the factory EEPROM.
    public static let configuration: UInt8 = 0x01
    /// THigh_Limit: 0x6000 (192 °C) from the factory EEPROM.
    public static let highLimit: UInt8 = 0x02
    /// TLow_Limit: 0x8000 (−256 °C) from the factory EEPROM.
    public static let lowLimit: UInt8 = 0x03
    /// EEPROM_UL: bit 15 EUN unlocks the EEPROM, bit 14 mirrors EEPROM_Busy.
    public static let eepromUnlock: UInt8 = 0x04
    /// EEPROM1, general purpose (factory: part of the NIST-traceable unique ID).
    public static let eeprom1: UInt8 = 0x05
    /// EEPROM2, general purpose.
    public static let eeprom2: UInt8 = 0x06
    /// Temp_Offset: added to every result, same format as Temp_Result; 0x0000 from the factory.
    public static let temperatureOffset: UInt8 = 0x07
    /// EEPROM3, general purpose.
    public static let eeprom3: UInt8 = 0x08
    /// Device_ID: bits 15:12 the revision, bits 11:0 the device ID 0x117.
    public static let deviceID: UInt8 = 0x0F

    /// The device ID in Device_ID bits 11:0.
    public static let deviceIDValue: UInt16 = 0x0117
    /// The bits of Device_ID that hold the device ID (the rest is the revision).
    public static let deviceIDMask: UInt16 = 0x0FFF
    /// Temp_Result after a reset, before the first conversion: −256 °C.
    public static let resetResult: UInt16 = 0x8000
}

/// The Configuration register's bits (datasheet §7.6, Configuration register field descriptions).
public enum TMP117Configuration {
    /// Bit 15, HIGH_Alert: the result went above THigh (alert mode: cleared by reading Configuration;
    /// therm mode: cleared when the result falls below TLow).
    public static let highAlert: UInt16 = 0x8000
    /// Bit 14, LOW_Alert: the result went below TLow (alert mode only; cleared by reading Configuration).
    public static let lowAlert: UInt16 = 0x4000
    /// Bit 13, Data_Ready: a conversion completed; cleared by reading Configuration or Temp_Result.
    public static let dataReady: UInt16 = 0x2000
    /// Bit 12, EEPROM_Busy: the EEPROM is being programmed, or loaded after a reset or power-on.
    public static let eepromBusy: UInt16 = 0x1000
    /// Bits 11:10, MOD: 00 continuous, 01 shutdown, 10 continuous (reads 00), 11 one-shot.
    public static let modeMask: UInt16 = 0x0C00
    /// Bits 9:7, CONV: the conversion cycle code.
    public static let cycleMask: UInt16 = 0x0380
    /// Bits 6:5, AVG: 00 none, 01 8, 10 32, 11 64 conversions averaged.
    public static let averagingMask: UInt16 = 0x0060
    /// Bit 4, T/nA: 1 therm mode, 0 alert mode.
    public static let thermMode: UInt16 = 0x0010
    /// Bit 3, POL: ALERT pin polarity, 1 active high, 0 active low.
    public static let polarityHigh: UInt16 = 0x0008
    /// Bit 2, DR/Alert: 1 the ALERT pin shows Data_Ready, 0 the alert flags.
    public static let dataReadyPin: UInt16 = 0x0004
    /// Bit 1, Soft_Reset: writing 1 resets the chip for 2 ms; reads 0.
    public static let softReset: UInt16 = 0x0002
    /// The bits a write sets (11:2); the flags are read-only and Soft_Reset is a command.
    public static let settingsMask: UInt16 = 0x0FFC
}

/// The TMP117's temperature format (datasheet §7.3.3, Table 7-1): 16-bit two's complement, 7.8125 m°C
/// (1/128 °C) per LSB, shared by Temp_Result, THigh_Limit, TLow_Limit and Temp_Offset.
public enum TMP117Temperature {
    /// One LSB in °C: 0.0078125.
    public static let lsbC = 0.0078125

    /// The temperature of a register value.
    /// - Parameter code: the register, as read.
    /// - Returns: °C (0x0C80 is 25 °C, 0xFFFF is −0.0078125 °C, 0x8000 is −256 °C).
    public static func celsius(_ code: UInt16) -> Double {
        Double(Int16(bitPattern: code)) * lsbC
    }

    /// The register value nearest a temperature.
    /// - Parameter celsius: the temperature.
    /// - Returns: the code, or nil outside −256…255.9921875 °C or for a non-finite value.
    public static func code(_ celsius: Double) -> UInt16? {
        guard celsius.isFinite else { return nil }
        let steps = (celsius / lsbC).rounded()
        guard steps >= -32768, steps <= 32767 else { return nil }
        return UInt16(bitPattern: Int16(steps))
    }
}
