// SensorGate — HIL: small inline SVG charts: lines over time with shaded fault windows, histograms.

import Foundation

/// One line of a chart.
struct PlotLine {
    var label: String
    var xs: [Double]
    var ys: [Double]
    var color: String
    var dashed = false
}

/// Draws self-contained SVG charts (no scripts, no fonts beyond the browser's sans-serif).
enum SVGPlot {
    static let width = 720.0
    static let height = 220.0
    static let left = 64.0
    static let right = 12.0
    static let top = 24.0
    static let bottom = 34.0
    /// Component colours, then the truth's.
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]

    /// A line chart over `0…endS` seconds, with `shaded` windows and an optional horizontal `limit`.
    static func lines(
        title: String, unit: String, lines: [PlotLine], endS: Double, shaded: [FaultSpan], limit: Double? = nil
    ) -> String {
        let values = lines.flatMap(\.ys).filter(\.isFinite) + (limit.map { [$0] } ?? [])
        var low = values.min() ?? 0
        var high = values.max() ?? 1
        if high - low < 1e-9 {
            low -= 0.5
            high += 0.5
        }
        let pad = (high - low) * 0.05
        low -= pad
        high += pad
        let xEnd = max(endS, 1e-6)
        func x(_ t: Double) -> Double { left + (width - left - right) * min(max(t / xEnd, 0), 1) }
        func y(_ v: Double) -> Double { top + (height - top - bottom) * (1 - (v - low) / (high - low)) }
        var svg = header(title: title)
        for span in shaded {
            let x0 = x(span.startS)
            let x1 = max(x(span.endS), x0 + 1.5)
            svg +=
                "<rect class=\"fault\" x=\"\(f(x0))\" y=\"\(f(top))\" width=\"\(f(x1 - x0))\" "
                + "height=\"\(f(height - top - bottom))\"><title>\(escape(span.kind))\(span.device.map { " " + escape($0) } ?? "")"
                + "</title></rect>"
        }
        svg += axes(low: low, high: high, xEnd: xEnd, unit: unit, x: x, y: y)
        for line in lines where !line.xs.isEmpty {
            let points = zip(line.xs, line.ys).filter { $0.1.isFinite }.map { "\(f(x($0.0))),\(f(y($0.1)))" }
            svg +=
                "<polyline fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"1.3\""
                + (line.dashed ? " stroke-dasharray=\"5 3\"" : "") + " points=\"\(points.joined(separator: " "))\"/>"
        }
        if let limit {
            svg +=
                "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(y(limit)))\" y2=\"\(f(y(limit)))\" "
                + "stroke=\"#000\" stroke-dasharray=\"2 2\"/>"
        }
        svg += legend(lines.map { ($0.label, $0.color, $0.dashed) })
        return svg + "</svg>"
    }

    /// A histogram of `values` in `bins` bins.
    static func histogram(title: String, unit: String, values: [Double], bins: Int = 30) -> String {
        var svg = header(title: title)
        guard let low = values.min(), let high = values.max() else {
            return svg
                + "<text x=\"\(f(width / 2))\" y=\"\(f(height / 2))\" text-anchor=\"middle\">no data</text></svg>"
        }
        let span = max(high - low, 1e-9)
        var counts = Array(repeating: 0, count: bins)
        for value in values { counts[min(Int((value - low) / span * Double(bins)), bins - 1)] += 1 }
        let peak = Double(counts.max() ?? 1)
        func x(_ v: Double) -> Double { left + (width - left - right) * (v - low) / span }
        func y(_ c: Double) -> Double { top + (height - top - bottom) * (1 - c / max(peak, 1)) }
        svg += axes(
            low: 0, high: peak, xEnd: span, unit: "batches", x: { x($0 + low) }, y: y, xOffset: low, xUnit: unit)
        let barWidth = (width - left - right) / Double(bins)
        for (bin, count) in counts.enumerated() where count > 0 {
            let x0 = left + Double(bin) * barWidth
            svg +=
                "<rect x=\"\(f(x0 + 0.5))\" y=\"\(f(y(Double(count))))\" width=\"\(f(max(barWidth - 1, 0.5)))\" "
                + "height=\"\(f(y(0) - y(Double(count))))\" fill=\"#1f77b4\"><title>\(count)</title></rect>"
        }
        return svg + "</svg>"
    }

    private static func header(title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" "
            + "height=\"\(f(height))\" role=\"img\"><title>\(escape(title))</title>"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
            + "<text x=\"\(f(left))\" y=\"16\" class=\"title\">\(escape(title))</text>"
    }

    private static func axes(
        low: Double, high: Double, xEnd: Double, unit: String, x: (Double) -> Double, y: (Double) -> Double,
        xOffset: Double = 0, xUnit: String = "s"
    ) -> String {
        var svg = "<g class=\"axes\">"
        svg += "<line x1=\"\(f(left))\" x2=\"\(f(left))\" y1=\"\(f(top))\" y2=\"\(f(height - bottom))\"/>"
        svg +=
            "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(height - bottom))\" y2=\"\(f(height - bottom))\"/>"
        for step in 0...4 {
            let v = low + (high - low) * Double(step) / 4
            svg += "<text x=\"\(f(left - 4))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(number(v))</text>"
            let t = xEnd * Double(step) / 4
            svg +=
                "<text x=\"\(f(x(t)))\" y=\"\(f(height - bottom + 14))\" text-anchor=\"middle\">"
                + "\(number(t + xOffset))</text>"
        }
        svg += "<text x=\"\(f(width - right))\" y=\"\(f(height - 4))\" text-anchor=\"end\">\(escape(xUnit))</text>"
        svg += "<text x=\"4\" y=\"\(f(top - 6))\">\(escape(unit))</text>"
        return svg + "</g>"
    }

    private static func legend(_ entries: [(String, String, Bool)]) -> String {
        var svg = ""
        var offset = width - right
        for (label, color, dashed) in entries.reversed() {
            let textWidth = Double(label.count) * 6.2 + 26
            offset -= textWidth
            svg +=
                "<line x1=\"\(f(offset))\" x2=\"\(f(offset + 16))\" y1=\"12\" y2=\"12\" stroke=\"\(color)\" "
                + "stroke-width=\"2\"" + (dashed ? " stroke-dasharray=\"4 2\"" : "") + "/>"
            svg += "<text x=\"\(f(offset + 20))\" y=\"16\">\(escape(label))</text>"
        }
        return svg
    }

    /// Coordinates with one decimal.
    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// A tick label: short, with an SI-like suffix for big numbers.
    static func number(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1e9 { return String(format: "%.3gG", value / 1e9) }
        if magnitude >= 1e6 { return String(format: "%.3gM", value / 1e6) }
        if magnitude >= 1e4 { return String(format: "%.3gk", value / 1e3) }
        return String(format: "%.4g", value)
    }

    static func escape(_ text: String) -> String { JUnitReport.escape(text) }
}
