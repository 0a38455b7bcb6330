// SensorGate — HALLinux tests: the PM QoS CPU latency request writes the kernel's 32-bit value and
// reports a device it cannot use.

import Foundation
import HAL
import HALLinux
import Testing

@Suite struct CPULatencyRequestTests {
    private func scratchFile() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cpu-latency-\(UUID().uuidString)")
            .path
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        return path
    }

    @Test func theRequestIsTheLatencyAsANativeInt32() throws {
        let path = scratchFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let request = try CPULatencyRequest(microseconds: 0x0102_0304, path: path)
        #expect(request.microseconds == 0x0102_0304)
        // x86-64 and AArch64 Linux are little-endian: the kernel reads an s32 from the written bytes.
        #expect(FileManager.default.contents(atPath: path) == Data([0x04, 0x03, 0x02, 0x01]))
        let zero = scratchFile()
        defer { try? FileManager.default.removeItem(atPath: zero) }
        _ = try CPULatencyRequest(microseconds: 0, path: zero)
        #expect(FileManager.default.contents(atPath: zero) == Data([0, 0, 0, 0]))
    }

    @Test func aLatencyOutOfRangeIsRefusedBeforeTheDeviceIsOpened() {
        #expect(throws: HALError.self) { try CPULatencyRequest(microseconds: -1, path: "/nonexistent/qos") }
        do {
            _ = try CPULatencyRequest(microseconds: 2_000_000_001, path: "/nonexistent/qos")
            Issue.record("a latency over 2 000 000 000 µs was accepted")
        } catch {
            #expect(error.kind == .invalidArgument)
        }
    }

    @Test func aMissingDeviceNamesItself() {
        do {
            _ = try CPULatencyRequest(microseconds: 0, path: "/nonexistent/cpu_dma_latency")
            Issue.record("a missing device was accepted")
        } catch {
            #expect(error.kind == .notFound)
            #expect(error.description.hasPrefix("/nonexistent/cpu_dma_latency: open: "))
        }
    }
}
