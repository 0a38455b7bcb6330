// SensorGate — ModbusTCPTests: spawning the peers, a wall clock, and the paths of the repository.

import Foundation
import HAL
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The repository's root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A program on PATH, or nil.
func program(_ name: String) -> String? {
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let path = "\(folder)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

/// Runs a peer to its end and returns its exit status, standard output and standard error.
func runPeer(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
        process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self)
    )
}

/// The Python peer (pymodbus), or a recorded failure saying how to install it.
func pythonPeer(_ arguments: [String]) throws -> [String: Any]? {
    guard let python = program("python3") else {
        Issue.record("python3 is not on PATH; run Scripts/setup")
        return nil
    }
    let script = repositoryRoot.appendingPathComponent("Tests/ModbusTCPTests/Peers/modbus_peer.py").path
    let result = try runPeer(python, [script] + arguments)
    guard result.status == 0 else {
        Issue.record("modbus_peer.py \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.error)")
        return nil
    }
    return try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
}

/// Real monotonic time for a paced run.
final class WallClock: MonotonicClock {
    private let origin = ContinuousClock.now

    func now() -> MonotonicInstant { MonotonicInstant(nanoseconds: (ContinuousClock.now - origin).nanoseconds) }

    func sleep(until deadline: MonotonicInstant) throws(HALError) {
        let span = deadline - now()
        guard span > .zero else { return }
        var request = timespec(
            tv_sec: Int(span.components.seconds), tv_nsec: Int(span.components.attoseconds / 1_000_000_000))
        _ = nanosleep(&request, nil)
    }
}
