// SensorGate — sensorgate: serial ports (RS-485 lines of `modbus-rtu:`) for board binding.

import Board
import HAL
import HALLinux

extension LinuxBackend: SerialPortBackend {
    /// Opens the port exclusively with termios settings (TermiosSerialPort, which also does TIOCSRS485).
    func serialPort(path: String, settings: SerialSettings) throws(HALError) -> any SerialPort {
        try TermiosSerialPort(path: path, settings: settings)
    }
}
