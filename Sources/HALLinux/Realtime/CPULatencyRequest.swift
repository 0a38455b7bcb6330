// SensorGate — HALLinux: a PM QoS request for CPU wake-up latency (/dev/cpu_dma_latency).

import Glibc
import HAL

/// Holds a PM QoS request on the CPUs' wake-up latency for as long as it lives.
///
/// The kernel keeps every CPU out of idle states whose exit latency exceeds the smallest request
/// held through `/dev/cpu_dma_latency` (docs: Documentation/power/pm_qos_interface.rst): the request
/// is a 32-bit value in microseconds written to the open device, and it stays in force until the file
/// is closed. A request of 0 keeps the CPUs polling in idle, which is what cyclictest holds by default
/// (its `--laptop` drops it); a sampler that must wake within tens of microseconds needs the same,
/// at the cost of power.
public final class CPULatencyRequest: Sendable {
    /// The kernel's PM QoS device for CPU latency.
    public static let defaultPath = "/dev/cpu_dma_latency"

    /// The latency asked for, in microseconds.
    public let microseconds: Int32
    private let descriptor: Int32

    /// Places a request of `microseconds` through the device at `path`.
    /// - Parameters:
    ///   - microseconds: the longest wake-up latency permitted, 0 … 2 000 000 000 µs.
    ///   - path: the PM QoS device (default ``defaultPath``).
    /// - Throws: `HALError` when the value is out of range (`.invalidArgument`) or the device cannot be
    ///   opened or written (errno, with a hint).
    public init(microseconds: Int, path: String = CPULatencyRequest.defaultPath) throws(HALError) {
        guard (0...2_000_000_000).contains(microseconds) else {
            throw HALError(
                .invalidArgument, device: path, operation: "cpu latency request",
                hint: "the latency must be 0 to 2000000000 µs, not \(microseconds)")
        }
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw HALError.linux(
                Errno(errno), device: path, operation: "open", deviceClass: .clock,
                hint: "the CPUs may sleep in deep idle states between samples; run as root or give the service "
                    + "write access to \(path)")
        }
        var value = Int32(microseconds)
        let written = withUnsafeBytes(of: &value) { write(descriptor, $0.baseAddress, $0.count) }
        guard written == MemoryLayout<Int32>.size else {
            let failure = Errno(errno)
            close(descriptor)
            throw HALError.linux(failure, device: path, operation: "write", deviceClass: .clock)
        }
        self.microseconds = value
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }
}
