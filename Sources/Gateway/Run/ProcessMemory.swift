// SensorGate — Gateway: the process's peak resident memory.

import Foundation

/// Reads /proc/self/status.
enum ProcessMemory {
    /// VmHWM (peak resident set) in KiB, or 0 where /proc is not available.
    static func peakResidentKiB() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}
