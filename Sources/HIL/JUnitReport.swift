// SensorGate — HIL: the JUnit XML report, one test case per expectation.

import Foundation

/// Writes a result as JUnit XML (the schema Jenkins, GitLab and GitHub Actions read): one `testsuite`
/// named after the scenario, one `testcase` per expectation with its measured value as a property and
/// in `system-out`, and a `failure` whose message says what was expected and what was seen.
public enum JUnitReport {
    /// The XML document.
    /// - Parameter result: the run's result.
    /// - Returns: UTF-8 XML text.
    public static func xml(_ result: HILResult) -> String {
        let failures = result.results.filter { !$0.passed }.count
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            "<testsuites name=\"sensorgate hil\" tests=\"\(result.results.count)\" failures=\"\(failures)\" "
                + "time=\"\(seconds3(result.wallS))\">",
            "  <testsuite name=\"\(escape(result.scenario))\" tests=\"\(result.results.count)\" "
                + "failures=\"\(failures)\" errors=\"0\" skipped=\"0\" time=\"\(seconds3(result.wallS))\">",
            "    <properties>",
            property("scenario-file", result.file),
            property("seed", "\(result.seed)"),
            property("simulated-s", seconds3(result.simulatedS)),
            property("gateway-runs", "\(result.segments)"),
        ]
        if let diskFull = result.diskFull {
            lines.append(property("disk-full.method", diskFull.method.rawValue))
            if let reason = diskFull.fallbackReason { lines.append(property("disk-full.fallback-reason", reason)) }
            lines.append(property("disk-full.samples-not-stored", "\(diskFull.samplesNotStored)"))
            lines.append(property("disk-full.batches-reported-upstream", "\(diskFull.batchesReportedUpstream)"))
        }
        for (name, rows) in result.deliveredRows.sorted(by: { $0.key < $1.key }) {
            lines.append(property("delivered-rows.\(name)", "\(rows)"))
        }
        lines.append("    </properties>")
        for outcome in result.results {
            let measured = "\(Expectations.format(outcome.measured)) \(outcome.unit)"
            lines.append(
                "    <testcase classname=\"hil.\(escape(result.scenario))\" name=\"\(escape(outcome.name))\" time=\"0\">"
            )
            lines.append("      <properties>")
            lines.append("  " + property("check", outcome.kind))
            lines.append("  " + property("measured", Expectations.format(outcome.measured)))
            lines.append("  " + property("unit", outcome.unit))
            lines.append("      </properties>")
            if !outcome.passed {
                lines.append(
                    "      <failure message=\"\(escape(outcome.message))\" type=\"expectation\">"
                        + "\(escape(outcome.message))</failure>")
            }
            lines.append("      <system-out>measured: \(escape(measured)); \(escape(outcome.message))</system-out>")
            lines.append("    </testcase>")
        }
        lines.append("  </testsuite>")
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func property(_ name: String, _ value: String) -> String {
        "      <property name=\"\(escape(name))\" value=\"\(escape(value))\"/>"
    }

    private static func seconds3(_ value: Double) -> String { String(format: "%.3f", value) }

    /// Text safe in XML attributes and content.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                // XML 1.0 forbids the other control characters even as references.
                if scalar.value >= 0x20 { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
