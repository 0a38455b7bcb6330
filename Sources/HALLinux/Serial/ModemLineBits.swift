// SensorGate — HALLinux: ModemControlLines to and from the kernel's TIOCM_* bits.

import CLinuxIO
import HAL

/// Maps ``ModemControlLines`` to the kernel's `TIOCM_*` bits and back.
enum ModemLineBits {
    private static let table: [(ModemControlLines, Int32)] = [
        (.dtr, CLinuxIO_TIOCM_DTR), (.rts, CLinuxIO_TIOCM_RTS), (.cts, CLinuxIO_TIOCM_CTS),
        (.dsr, CLinuxIO_TIOCM_DSR), (.dcd, CLinuxIO_TIOCM_CD), (.ri, CLinuxIO_TIOCM_RI),
    ]

    /// The lines set in `bits`.
    static func lines(fromKernelBits bits: Int32) -> ModemControlLines {
        var lines: ModemControlLines = []
        for (line, bit) in table where bits & bit != 0 { lines.insert(line) }
        return lines
    }

    /// The kernel bits for `lines`.
    static func kernelBits(for lines: ModemControlLines) -> Int32 {
        table.reduce(0) { bits, entry in lines.contains(entry.0) ? bits | entry.1 : bits }
    }
}
