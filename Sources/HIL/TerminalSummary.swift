// SensorGate — HIL: the terminal's summary and progress line.

import Foundation

/// The lines a person reads at the end of a run, and the one-line progress while it runs.
public enum TerminalSummary {
    /// The summary: one line per expectation, then the accounting and the cost.
    /// - Parameter result: the run's result.
    /// - Returns: lines, without trailing newlines.
    public static func lines(_ result: HILResult) -> [String] {
        var lines = [
            "scenario \(result.scenario) (\(result.file)), seed \(result.seed): "
                + "\(Expectations.format(result.simulatedS)) s simulated in \(Expectations.format(result.wallS)) s wall, "
                + "\(result.segments) gateway run(s)"
        ]
        for outcome in result.results {
            lines.append(
                "  \(outcome.passed ? "pass" : "FAIL")  \(outcome.name): \(Expectations.format(outcome.measured)) "
                    + "\(outcome.unit) — \(outcome.message)")
        }
        let verified = result.accounts.reduce(0) { $0 + $1.verified }
        let inside = result.accounts.reduce(0) { $0 + $1.lostInFaults }
        let outside = result.accounts.reduce(0) { $0 + $1.lostOutside }
        lines.append(
            "  samples: \(verified) verified upstream, \(inside) lost in fault windows, \(outside) outside; "
                + "\(result.batchesVerified) batches, \(result.upstreamBytes) bytes upstream; "
                + "\(result.deadlineMisses) deadline misses")
        if let radio = result.modemRadio { lines.append("  " + radio.summary) }
        if let signal = result.modemSignal?.summary, !signal.isEmpty {
            lines.append("  modem's last signal: " + signal)
        }
        if let diskFull = result.diskFull { lines.append("  " + diskFull.summary) }
        if let commands = result.operatorCommands { lines.append("  " + commands.summary) }
        if !result.givenUp.isEmpty {
            lines.append("  the collector gave up on: " + result.givenUp.joined(separator: "; "))
        }
        if !result.deliveredRows.isEmpty {
            lines.append(
                "  gateway's edge streams decoded upstream: "
                    + result.deliveredRows.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value) rows" }
                    .joined(separator: ", "))
        }
        if !result.injected.isEmpty {
            lines.append(
                "  bus faults injected: "
                    + result.injected.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            )
        }
        let failed = result.results.filter { !$0.passed }.count
        lines.append(
            failed == 0
                ? "\(result.results.count) expectation(s) held"
                : "\(failed) of \(result.results.count) expectation(s) failed")
        return lines
    }

    /// The progress line: virtual time, share done, samples verified, store depth, active faults.
    /// - Parameter progress: the status.
    /// - Returns: one line.
    public static func progressLine(_ progress: HILProgress) -> String {
        let done = seconds(progress.simulated)
        let total = seconds(progress.total)
        let percent = total > 0 ? Int((done / total * 100).rounded(.down)) : 100
        let faults = progress.activeFaults.isEmpty ? "" : " faults: \(progress.activeFaults.joined(separator: ","))"
        return "hil \(Expectations.format(done.rounded()))/\(Expectations.format(total)) s (\(percent)%) "
            + "verified \(progress.verified) store \(progress.storeDepth)\(faults)"
    }
}
