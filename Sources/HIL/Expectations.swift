// SensorGate — HIL: each expectation against what the run measured.

import Board
import Foundation

/// Evaluates a scenario's expectations on a result.
enum Expectations {
    /// The outcome of each expectation, in order.
    static func evaluate(_ expectations: [Expectation], _ result: HILResult) -> [ExpectationResult] {
        expectations.map { evaluate($0, result) }
    }

    private static func evaluate(_ expectation: Expectation, _ result: HILResult) -> ExpectationResult {
        var outcome = ExpectationResult(
            name: expectation.name, kind: expectation.check.kind, passed: false, measured: 0, bound: nil, unit: "",
            message: "")
        func judge(_ measured: Double, _ unit: String, _ passed: Bool, _ expected: String, _ seen: String) {
            outcome.measured = measured
            outcome.unit = unit
            outcome.passed = passed
            outcome.message = "expected \(expected); seen \(seen)"
        }
        switch expectation.check {
        case .samplesLost(let maxOutside):
            let outside = result.accounts.reduce(0) { $0 + $1.lostOutside }
            let inside = result.accounts.reduce(0) { $0 + $1.lostInFaults }
            let worst = result.accounts.filter { $0.lostOutside > 0 }.map { "\($0.device) \($0.lostOutside)" }
            judge(
                Double(outside), "samples", outside <= maxOutside,
                "at most \(maxOutside) samples lost outside fault windows",
                "\(outside) outside\(worst.isEmpty ? "" : " (\(worst.joined(separator: ", ")))"), "
                    + "\(inside) inside fault windows, "
                    + "\(result.accounts.reduce(0) { $0 + $1.verified }) verified")
        case .orientationError(let device, let maxDeg, _):
            outcome.bound = maxDeg
            let value = result.orientationMaxDeg ?? .infinity
            judge(
                value, "deg", value < maxDeg, "orientation error of \(device) below \(format(maxDeg)) deg",
                result.orientationMaxDeg == nil
                    ? (result.orientationRows == 0
                        ? "no orientation estimate"
                        : "no row with a referenced heading in \(result.orientationRows) (the magnetometer "
                            + "calibration was never trusted)")
                    : "at most \(format(value)) deg over the \(result.headingReferencedRows) of "
                        + "\(result.orientationRows) rows with a referenced heading (from "
                        + "\(format(result.firstHeadingReferencedS ?? .nan)) s)")
        case .tiltError(let device, let maxDeg, _):
            outcome.bound = maxDeg
            let value = result.tiltMaxDeg ?? .infinity
            judge(
                value, "deg", value < maxDeg, "tilt error of \(device) below \(format(maxDeg)) deg",
                result.tiltMaxDeg == nil
                    ? "no orientation estimate"
                    : "at most \(format(value)) deg (heading included: \(format(result.orientationMaxDeg ?? .nan)) deg)"
            )
        case .altitudeError(let device, let maxM, _):
            outcome.bound = maxM
            let value = result.altitudeMaxM ?? .infinity
            judge(
                value, "m", value < maxM, "altitude error of \(device) below \(format(maxM)) m",
                result.altitudeMaxM == nil ? "no altitude" : "at most \(format(value)) m")
        case .alarm(let device, let within, _):
            let limit = seconds(within)
            guard let onset = result.defectOnsetS else {
                judge(.infinity, "s", false, "a bearing defect in the world", "the world has no machine defect")
                break
            }
            guard let alarm = result.firstAlarmS else {
                judge(
                    .infinity, "s", false, "an alarm from \(device) within \(format(limit)) s of the onset", "no alarm")
                break
            }
            let delay = alarm - onset
            judge(
                delay, "s", delay >= 0 && delay <= limit,
                "an alarm from \(device) within \(format(limit)) s of the defect's onset at \(format(onset)) s, not before",
                delay < 0 ? "an alarm \(format(-delay)) s before the onset" : "the alarm \(format(delay)) s after it")
        case .deadlineMisses(let max):
            judge(
                Double(result.deadlineMisses), "misses", result.deadlineMisses < max,
                "fewer than \(max) deadline misses",
                "\(result.deadlineMisses)")
        case .bytesPerHour(let max):
            let perHour = Double(result.upstreamBytes) / Swift.max(result.simulatedS / 3600, 1e-9)
            judge(
                perHour, "B/h", perHour < Double(max), "fewer than \(max) bytes on air per hour",
                "\(Int(perHour.rounded())) B/h (\(result.upstreamBytes) B in \(format(result.simulatedS)) s)")
        case .memory(let maxBytes):
            judge(
                Double(result.peakMemoryBytes), "B", result.peakMemoryBytes < maxBytes,
                "peak memory below \(maxBytes) B", "\(result.peakMemoryBytes) B")
        case .uplinkBack(let within):
            let limit = seconds(within)
            outcome.bound = limit
            guard let worst = result.uplinkRecoveries.max(by: { $0.delayS < $1.delayS }) else {
                judge(.infinity, "s", false, "a modem fault to recover from", "the scenario has none")
                break
            }
            let each = result.uplinkRecoveries.map { "\($0.kind) at \(format($0.overAtS)) s: \(format($0.delayS)) s" }
            judge(
                worst.delayS, "s", worst.delayS <= limit,
                "the uplink back within \(format(limit)) s of each modem fault being over",
                "at most \(format(worst.delayS)) s (\(each.joined(separator: "; ")))")
        case .psmTime(let above):
            let limit = seconds(above)
            outcome.bound = limit
            guard let radio = result.modemRadio else {
                judge(0, "s", false, "the module in PSM for more than \(format(limit)) s", "no simulated module ran")
                break
            }
            judge(
                radio.psmS, "s", radio.psmS > limit, "the module in PSM for more than \(format(limit)) s",
                "\(format(radio.psmS.rounded())) s of \(format(radio.elapsedS.rounded())) s on")
        case .modemEnergy(let maxJoules):
            outcome.bound = maxJoules
            guard let radio = result.modemRadio else {
                judge(
                    .infinity, "J", false, "the module's energy below \(format(maxJoules)) J", "no simulated module ran"
                )
                break
            }
            judge(
                radio.energyJ, "J", radio.energyJ < maxJoules, "the module's energy below \(format(maxJoules)) J",
                "\(format((radio.energyJ * 10).rounded() / 10)) J (connected \(format(radio.radioOnS.rounded())) s, "
                    + "PSM \(format(radio.psmS.rounded())) s of \(format(radio.elapsedS.rounded())) s)")
        }
        return outcome
    }

    /// A number with up to three decimals.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        return String(format: "%.3f", value).replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression)
    }
}
