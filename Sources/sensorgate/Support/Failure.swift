// SensorGate — sensorgate: how the command line reports failure.

import ArgumentParser
import Foundation

/// A failure to report as one line on standard error, with exit status 1.
struct Failure: Error, CustomStringConvertible {
    /// The line, without the `sensorgate:` prefix.
    let description: String

    init(_ description: String) { self.description = description }

    /// Prints the line and returns the exit code to throw.
    static func report(_ line: String) -> ExitCode {
        FileHandle.standardError.write(Data("sensorgate: \(line)\n".utf8))
        return ExitCode(1)
    }
}

/// Runs a command body, turning any error into one clear line and exit status 1 (never a stack trace).
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch let error as CleanExit {
        throw error
    } catch {
        throw Failure.report(String(describing: error))
    }
}
