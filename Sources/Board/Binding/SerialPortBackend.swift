// SensorGate — Board: how real serial ports (RS-485 lines) are opened, supplied by the executable.

import HAL

/// Opens real serial ports for the `modbus-rtu:` lines. The `sensorgate` executable's Linux backend
/// conforms; a backend that does not cannot run a board with a real RS-485 line.
public protocol SerialPortBackend {
    /// Opens a serial port with its line settings.
    /// - Parameters:
    ///   - path: the device, such as `/dev/ttyUSB0` or a `/dev/serial/by-id/` name.
    ///   - settings: baud rate, parity, stop bits.
    /// - Returns: the port (an ``RS485Port`` when the driver can switch an RS-485 transceiver).
    /// - Throws: `HALError` naming the path, with a hint.
    func serialPort(path: String, settings: SerialSettings) throws(HALError) -> any SerialPort
}
