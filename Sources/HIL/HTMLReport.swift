// SensorGate — HIL: the HTML report: one self-contained file, inline SVG, no network.

import Board
import Foundation

/// Writes a result as one HTML page a person would rather look at than read: the verdict, each
/// expectation with its measured value, and charts — each sensor's trace against the world's truth,
/// orientation and altitude error, the bearing alarm's feature, the latency histogram, store depth and
/// bytes on air over time — with the fault windows shaded — and, with the modem chain, the module's
/// radio, its last signal reading and how the uplink came back after each modem fault. No scripts, no
/// external resources.
public enum HTMLReport {
    /// The page.
    /// - Parameter result: the run's result.
    /// - Returns: UTF-8 HTML text.
    public static func html(_ result: HILResult) -> String {
        let verdict = result.passed ? "passed" : "FAILED"
        var body = "<h1>\(e(result.scenario)) <span class=\"\(result.passed ? "pass" : "fail")\">\(verdict)</span></h1>"
        body +=
            "<p>\(e(result.file)) · seed \(result.seed) · \(Expectations.format(result.simulatedS)) s simulated in "
            + "\(Expectations.format(result.wallS)) s · \(result.segments) gateway run(s) · "
            + "\(result.batchesVerified) batches, \(result.upstreamBytes) bytes upstream</p>"
        body += expectationsTable(result) + accountsTable(result) + faultsTable(result) + modemSection(result)
        body +=
            "<h2>Charts</h2><p class=\"note\">Shaded: fault windows. Solid: measured. Dashed: the world's truth.</p>"
        for chart in charts(result) { body += "<figure>\(chart)</figure>" }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(e(result.scenario)) — sensorgate hil</title>
            <style>
            body{font:14px/1.4 sans-serif;margin:24px;color:#222;background:#fafafa}
            h1 span.pass{color:#2a7d2a}h1 span.fail{color:#c62828}
            table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}
            tr.fail td{background:#fdecea}tr.pass td:first-child{color:#2a7d2a}
            figure{margin:8px 0;display:inline-block}svg{background:#fff;border:1px solid #ddd}
            svg text{font:11px sans-serif;fill:#333}svg .title{font-weight:bold;font-size:12px}
            svg .axes line{stroke:#888}svg rect.fault{fill:#f4b400;fill-opacity:0.22}.note{color:#666}
            </style></head><body>
            \(body)
            </body></html>

            """
    }

    private static func expectationsTable(_ result: HILResult) -> String {
        var rows = "<h2>Expectations</h2><table><tr><th>result</th><th>name</th><th>measured</th><th>detail</th></tr>"
        for outcome in result.results {
            rows +=
                "<tr class=\"\(outcome.passed ? "pass" : "fail")\"><td>\(outcome.passed ? "pass" : "FAIL")</td>"
                + "<td>\(e(outcome.name))</td><td>\(Expectations.format(outcome.measured)) \(e(outcome.unit))</td>"
                + "<td>\(e(outcome.message))</td></tr>"
        }
        return rows + "</table>"
    }

    private static func accountsTable(_ result: HILResult) -> String {
        var rows =
            "<h2>Samples end to end</h2><table><tr><th>device</th><th>read</th><th>missing</th>"
            + "<th>verified upstream</th><th>lost in faults</th><th>lost outside</th></tr>"
        for account in result.accounts {
            rows +=
                "<tr><td>\(e(account.device))</td><td>\(account.readings)</td><td>\(account.missing)</td>"
                + "<td>\(account.verified)</td><td>\(account.lostInFaults)</td><td>\(account.lostOutside)</td></tr>"
        }
        return rows + "</table>"
    }

    private static func faultsTable(_ result: HILResult) -> String {
        guard !result.faults.isEmpty else { return "<h2>Faults</h2><p>none</p>" }
        var rows = "<h2>Faults</h2><table><tr><th>kind</th><th>device</th><th>from s</th><th>to s</th></tr>"
        for span in result.faults {
            rows +=
                "<tr><td>\(e(span.kind))</td><td>\(e(span.device ?? "gateway"))</td>"
                + "<td>\(Expectations.format(span.startS))</td><td>\(Expectations.format(span.endS))</td></tr>"
        }
        let injected = result.injected.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        return rows
            + "</table><p>Bus faults injected: \(injected.isEmpty ? "none" : e(injected.joined(separator: ", ")))</p>"
    }

    /// The simulated module's radio totals, its last signal reading, the statuses published through it
    /// and the uplink's recovery after each modem fault; empty without the modem chain.
    private static func modemSection(_ result: HILResult) -> String {
        guard let radio = result.modemRadio else { return "" }
        var html =
            "<h2>Modem</h2><table><tr><th>on s</th><th>connected s</th><th>in PSM s</th><th>PSM share</th>"
            + "<th>bytes up</th><th>energy J</th></tr><tr><td>\(Expectations.format(radio.elapsedS.rounded()))</td>"
            + "<td>\(Expectations.format(radio.radioOnS.rounded()))</td><td>\(Expectations.format(radio.psmS.rounded()))</td>"
            + "<td>\(Expectations.format(radio.psmSharePercent.rounded())) %</td><td>\(radio.bytesUp)</td>"
            + "<td>\(Expectations.format((radio.energyJ * 10).rounded() / 10))</td></tr></table>"
        let signal = result.modemSignal?.summary ?? ""
        html += "<p>Last signal reading: \(signal.isEmpty ? "none" : e(signal))</p>"
        if !result.statuses.isEmpty {
            html += "<p>Statuses published: \(e(result.statuses.joined(separator: ", ")))</p>"
        }
        guard !result.uplinkRecoveries.isEmpty else { return html }
        html += "<table><tr><th>modem fault</th><th>over at s</th><th>uplink back after s</th></tr>"
        for recovery in result.uplinkRecoveries {
            let delay = recovery.delayS.isFinite ? Expectations.format(recovery.delayS) : "never"
            html +=
                "<tr><td>\(e(recovery.kind))</td><td>\(Expectations.format(recovery.overAtS))</td><td>\(delay)</td></tr>"
        }
        return html + "</table>"
    }

    private static func charts(_ result: HILResult) -> [String] {
        let end = result.simulatedS
        var charts: [String] = []
        func spans(_ device: String?) -> [FaultSpan] {
            result.faults.filter { $0.device == nil || device == nil || $0.device == device }
        }
        if let series = result.orientationSeries {
            charts.append(
                SVGPlot.lines(
                    title: "orientation error (the gateway's orientation stream)", unit: "deg",
                    lines: [
                        PlotLine(label: "error", xs: series.timesS, ys: series.values.map { $0[0] }, color: "#d62728"),
                        PlotLine(
                            label: "tilt error", xs: series.timesS, ys: series.values.map { $0[1] }, color: "#1f77b4"),
                    ],
                    endS: end, shaded: spans(nil),
                    limit: limit(result, "orientation-error") ?? limit(result, "tilt-error")))
        }
        if let series = result.orientationAnglesSeries {
            let names = ["roll", "pitch", "yaw"]
            var lines: [PlotLine] = []
            for axis in 0..<3 {
                lines.append(
                    PlotLine(
                        label: "\(names[axis]) delivered", xs: series.timesS, ys: series.values.map { $0[axis] },
                        color: SVGPlot.palette[axis]))
                lines.append(
                    PlotLine(
                        label: "\(names[axis]) truth", xs: series.timesS, ys: series.values.map { $0[axis + 3] },
                        color: SVGPlot.palette[axis + 3], dashed: true))
            }
            charts.append(
                SVGPlot.lines(
                    title: "orientation delivered by the gateway against truth", unit: "deg", lines: lines,
                    endS: end, shaded: spans(nil)))
        }
        if let series = result.altitudeSeries {
            charts.append(
                SVGPlot.lines(
                    title: "altitude delivered by the gateway against truth", unit: "m",
                    lines: [
                        PlotLine(
                            label: "delivered", xs: series.timesS, ys: series.values.map { $0[0] }, color: "#1f77b4"),
                        PlotLine(
                            label: "truth", xs: series.timesS, ys: series.values.map { $0[1] }, color: "#444",
                            dashed: true),
                    ], endS: end, shaded: spans(nil)))
        }
        if let series = result.bearingSeries {
            charts.append(
                SVGPlot.lines(
                    title: "bearing defect band (envelope RMS, the gateway's vibration features)", unit: "m/s²",
                    lines: [
                        PlotLine(
                            label: "defect band", xs: series.timesS, ys: series.values.map { $0[0] }, color: "#9467bd")
                    ],
                    endS: end, shaded: spans(nil), limit: result.bearingThresholdMps2))
        }
        charts.append(
            SVGPlot.histogram(title: "latency: last sample to decoded upstream", unit: "s", values: result.latenciesS))
        charts.append(
            SVGPlot.lines(
                title: "store depth", unit: "batches",
                lines: [
                    PlotLine(
                        label: "batches", xs: result.storeSeries.timesS, ys: result.storeSeries.values.map { $0[0] },
                        color: "#1f77b4")
                ], endS: end, shaded: spans(nil)))
        charts.append(
            SVGPlot.lines(
                title: "store bytes and bytes on air (cumulative)", unit: "bytes",
                lines: [
                    PlotLine(
                        label: "stored", xs: result.storeSeries.timesS, ys: result.storeSeries.values.map { $0[1] },
                        color: "#ff7f0e"),
                    PlotLine(
                        label: "on air", xs: result.bytesSeries.timesS, ys: result.bytesSeries.values.map { $0[0] },
                        color: "#2ca02c"),
                ], endS: end, shaded: spans(nil)))
        for trace in result.traces {
            charts.append(
                traceChart(trace.label, trace.quantity.rawValue, trace.series, end: end, shaded: spans(trace.label)))
        }
        return charts
    }

    private static func traceChart(
        _ label: String, _ quantity: String, _ series: Series, end: Double, shaded: [FaultSpan]
    )
        -> String
    {
        let width = series.values.first?.count ?? 0
        let components = width >= 6 ? 3 : (width >= 2 ? width / 2 : width)
        let names = components == 3 ? ["x", "y", "z"] : ["value"]
        var lines: [PlotLine] = []
        for component in 0..<components {
            let name = names[min(component, names.count - 1)]
            lines.append(
                PlotLine(
                    label: name, xs: series.timesS,
                    ys: series.values.map { $0.count > component ? $0[component] : .nan },
                    color: SVGPlot.palette[component % 3]))
            if width >= components * 2 {
                lines.append(
                    PlotLine(
                        label: "\(name) truth", xs: series.timesS,
                        ys: series.values.map { $0.count > components + component ? $0[components + component] : .nan },
                        color: SVGPlot.palette[component % 3 + 3], dashed: true))
            }
        }
        let units = [
            "pressure_pa": "Pa", "temperature_c": "°C", "humidity_rh": "%RH", "accel_mps2": "m/s²",
            "gyro_radps": "rad/s", "mag_ut": "µT",
        ]
        let unit = units[quantity] ?? quantity
        return SVGPlot.lines(title: "\(label): \(quantity)", unit: unit, lines: lines, endS: end, shaded: shaded)
    }

    private static func limit(_ result: HILResult, _ kind: String) -> Double? {
        result.results.first { $0.kind == kind }?.bound
    }

    private static func e(_ text: String) -> String { JUnitReport.escape(text) }
}
