// SensorGate — HIL tests: the JUnit XML parses and says what each check measured; the HTML report
// renders in a real headless browser.

import Board
import Foundation
import HIL
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One short run shared by the report tests: faults of three kinds, one check that holds, one that fails.
/// The altitude check judges the gateway's own altitude stream (``withAltitudeBoard(_:)``).
private let reportResult: Result<HILResult, any Error> = Result {
    let scenario = try withAltitudeBoard { board in
        try parseScenario(
            """
            scenario: {name: report <&> check}
            board: \(board)
            duration: 15s
            faults:
              - {kind: disk-full, at: 3s, for: 2s}
              - {kind: broker-down, at: 6s, for: 4s}
              - {kind: drift, device: barometer, at: 8s, rate-per-s: 20}
            expect:
              - {check: samples-lost}
              - {check: memory, below: 1kB, name: impossible memory}
              - {check: altitude-error, device: barometer, below-m: 1, settle: 2s}
            """)
    }
    return try runScenario(scenario)
}

/// Collects the JUnit document's test cases.
private final class JUnitReader: NSObject, XMLParserDelegate {
    struct Case {
        var name: String
        var properties: [String: String] = [:]
        var failure: String?
    }

    var suites = 0
    var cases: [Case] = []

    func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch element {
        case "testsuite": suites += 1
        case "testcase": cases.append(Case(name: attributes["name"] ?? ""))
        case "property" where !cases.isEmpty:
            cases[cases.count - 1].properties[attributes["name"] ?? ""] = attributes["value"]
        case "failure" where !cases.isEmpty: cases[cases.count - 1].failure = attributes["message"]
        default: break
        }
    }
}

@Suite(.serialized) struct ReportTests {
    @Test func theJUnitXMLHasOneCasePerExpectationWithItsMeasuredValue() throws {
        let result = try reportResult.get()
        let xml = JUnitReport.xml(result)
        let parser = XMLParser(data: Data(xml.utf8))
        let reader = JUnitReader()
        parser.delegate = reader
        #expect(parser.parse(), "the JUnit report must be well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        #expect(reader.suites == 1)
        #expect(xml.contains("<property name=\"delivered-rows.altitude\" value=\""))
        #expect(reader.cases.map(\.name) == ["samples-lost", "impossible memory", "altitude-error"])
        let memory = reader.cases[1]
        let failure = try #require(memory.failure)
        #expect(failure.hasPrefix("expected peak memory below 1000 B; seen "))
        #expect(Double(memory.properties["measured"] ?? "") ?? 0 > 1000)
        #expect(memory.properties["unit"] == "B")
        #expect(reader.cases[0].failure == nil, "\(reader.cases[0].failure ?? "")")
        // The barometer drifts at 20 Pa/s from 8 s: its altitude leaves the truth by far more than 1 m.
        #expect(reader.cases[2].failure != nil)
    }

    @Test func theHTMLReportIsSelfContainedAndRendersInHeadlessChromium() throws {
        let result = try reportResult.get()
        let html = HTMLReport.html(result)
        // No network: nothing but the SVG namespace names a URL, and nothing is loaded from elsewhere.
        let outside = html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
        #expect(!outside.contains("http:") && !outside.contains("https:"))
        #expect(!html.contains("src=") && !html.contains("<link"))
        #expect(!html.contains("<script"))
        #expect(html.contains("<svg"))
        #expect(html.contains("class=\"fault\""), "fault windows are shaded")
        #expect(html.contains("barometer: pressure_pa"))
        #expect(html.contains("altitude delivered by the gateway against truth"))
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html")
        try Data(html.utf8).write(to: page)
        let shot = folder.appendingPathComponent("shot.png")
        let browser = try #require(
            ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            },
            "install chromium (Scripts/setup)")
        let status = try run(
            browser,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--user-data-dir=\(folder.path)/profile",
                "--window-size=900,1200", "--screenshot=\(shot.path)", page.absoluteString,
            ])
        #expect(status.code == 0, "\(status.output)")
        let stats = try run(
            "/usr/bin/python3", [repositoryRoot.appendingPathComponent("Scripts/png_stats.py").path, shot.path])
        let fields = stats.output.split(separator: " ").compactMap {
            Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        try #require(fields.count == 4, "\(stats.output)")
        #expect(fields[0] == 900 && fields[1] == 1200)
        // A blank page has no variance; charts, tables and text have plenty.
        #expect(fields[3] > 100, "luminance variance \(fields[3])")
        #expect(fields[2] > 100 && fields[2] < 254, "mean luminance \(fields[2])")
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> (code: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
