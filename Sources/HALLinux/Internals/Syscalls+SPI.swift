// SensorGate — HALLinux: spidev calls, through the mocking seam.

import CLinuxIO
import Glibc

/// ioctl(SPI_IOC_MESSAGE(n)).
///
/// Mocked as one call whose arguments are the descriptor, the segment count, then each segment's
/// length, speed, delay and cs_change; `written` holds the bytes clocked out and `readData` fills the
/// segments' receive buffers in order.
func system_spi_message(_ fd: Int32, _ transfers: UnsafeMutableBufferPointer<spi_ioc_transfer>) -> Int32 {
    #if ENABLE_MOCKING
        if MockingDriver.current != nil {
            var arguments: [Int64] = [Int64(fd), Int64(transfers.count)]
            var written: [UInt8] = []
            var receive: [UnsafeMutableBufferPointer<UInt8>] = []
            for transfer in transfers {
                let length = Int(transfer.len)
                arguments += [
                    Int64(transfer.len), Int64(transfer.speed_hz), Int64(transfer.delay_usecs),
                    Int64(transfer.cs_change),
                ]
                if let tx = UnsafePointer<UInt8>(bitPattern: UInt(transfer.tx_buf)) {
                    written += UnsafeBufferPointer(start: tx, count: length)
                }
                if let rx = UnsafeMutablePointer<UInt8>(bitPattern: UInt(transfer.rx_buf)) {
                    receive.append(UnsafeMutableBufferPointer(start: rx, count: length))
                }
            }
            if let result = mockScatter(
                MockedCall("ioctl(SPI_IOC_MESSAGE)", arguments, written: written), into: receive)
            {
                return result
            }
        }
    #endif
    return CLinuxIO_spi_message(fd, transfers.baseAddress, UInt32(transfers.count))
}
