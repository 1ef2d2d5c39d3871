import CaptureReport
import ReportRendering
import Support
import ThreatFindings

/// The run index: every capture with its verdict, severity, findings, packets, duration and links
/// to its reports, most severe first; failed captures listed with their error. Written as
/// `index.json`, `index.md` and `index.html` in the output folder. Deterministic: no clock, no
/// machine-specific text, so an index merged from shards equals the unsharded one byte for byte.
public struct RunIndex: Sendable {
    public var reported: [IndexEntry]
    public var failed: [IndexEntry]
    /// Set when the run that writes the index was stopped by a signal before every capture was done.
    public var interruption: Interruption?

    /// How a run was cut short: the signal, and the captures it did not get to (in plan order).
    public struct Interruption: Sendable, Equatable {
        /// `SIGTERM`, `SIGINT`.
        public var signal: String
        public var notReported: [String]
        public init(signal: String, notReported: [String]) { self.signal = signal; self.notReported = notReported }
    }

    public init(_ entries: [IndexEntry], interruption: Interruption? = nil) {
        reported = entries.filter { $0.error == nil }.sorted(by: IndexEntry.precedes)
        failed = entries.filter { $0.error != nil }.sorted { $0.name < $1.name }
        self.interruption = interruption
    }

    public static let fileNames = ["index.json", "index.md", "index.html"]

    /// Writes the three files atomically into `directory`.
    public func write(to directory: String) throws(FileWriteError) {
        try AtomicFile.write(json().serialized(), to: directory + "/index.json")
        try AtomicFile.write(markdown(), to: directory + "/index.md")
        try AtomicFile.write(html(), to: directory + "/index.html")
    }

    func counts() -> [(FindingSeverity, Int)] {
        FindingSeverity.allCases.reversed().map { s in (s, reported.filter { $0.severity == s }.count) }
    }

    public func json() -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("schemaVersion", .int(1)),
            ("generator", .object([("name", .string("pcap-report")), ("version", .string(ToolVersion.release))])),
        ]
        if let interruption {
            let notReported = JSONValue.array(interruption.notReported.map(JSONValue.string))
            pairs.append(("interrupted", .object([("signal", .string(interruption.signal)), ("notReported", notReported)])))
        }
        pairs += [
            ("totals", .object([
                ("captures", .int(reported.count + failed.count)), ("reported", .int(reported.count)), ("failed", .int(failed.count)),
                ("bySeverity", .object(counts().map { ($0.0.rawValue, .int($0.1)) })),
            ])),
            ("captures", .array(reported.map { $0.json() })),
            ("failed", .array(failed.map { $0.json() })),
        ]
        return .object(pairs)
    }

    var totalsLine: String {
        let severities = counts().filter { $0.1 > 0 }.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ")
        return "\(reported.count + failed.count) captures: \(reported.count) reported, \(failed.count) failed"
            + (severities.isEmpty ? "." : ". By severity: \(severities).")
    }

    /// The warning an interrupted run's index opens with.
    var interruptionLine: String? {
        interruption.map { i in
            "This run was interrupted (\(i.signal)) before \(i.notReported.count) of its "
                + "\(reported.count + failed.count + i.notReported.count) captures were reported; "
                + "they are listed at the end, without reports. Run it again to complete the index."
        }
    }

    public func markdown() -> String {
        var out = "# Capture reports\n\n" + (interruptionLine.map { "**\($0)**\n\n" } ?? "") + totalsLine + "\n\n"
        if !reported.isEmpty {
            let rows = reported.map { e -> [String] in
                let links = e.reports.map { ext in "[\(ext == "summary.md" ? "summary" : ext)](\(Self.linkTarget(e.location + e.name + "." + ext)))" }
                return [e.severity.rawValue.uppercased(), MarkdownText.cell(e.classification),
                        MarkdownText.cell(e.name) + " (" + MarkdownText.cell(e.fileName) + ")", MarkdownText.cell(e.headline),
                        String(e.findings), String(e.packets), Self.seconds(e.durationSeconds), links.joined(separator: " · ")]
            }
            out += MarkdownText.table(["Severity", "Verdict", "Capture", "Headline", "Findings", "Packets", "Duration", "Reports"],
                                      rows, alignRight: [4, 5, 6]) + "\n"
        }
        if !failed.isEmpty {
            out += "\n## Could not be reported\n\n"
            out += MarkdownText.table(["Capture", "Error"], failed.map {
                [MarkdownText.cell($0.name) + " (" + MarkdownText.cell($0.fileName) + ")", MarkdownText.cell($0.error ?? "")]
            }) + "\n"
        }
        if let interruption, !interruption.notReported.isEmpty {
            out += "\n## Not reported: the run was interrupted\n\n"
            out += interruption.notReported.map { "- " + MarkdownText.inline($0) + "\n" }.joined()
        }
        return out
    }

    public func html() -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'">
            <title>Capture reports</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; }
            th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td.v { white-space: nowrap; }
            .critical { background: #7a0010; color: #fff; } .high { background: #c62828; color: #fff; }
            .medium { background: #ef8f00; } .low { background: #fdd835; } .info { background: #e0e0e0; }
            </style>
            </head>
            <body>
            <h1>Capture reports</h1>

            """
        if let line = interruptionLine { out += "<p><strong>\(HTMLText.escape(line))</strong></p>\n" }
        out += "<p>\(HTMLText.escape(totalsLine))</p>\n"
        if !reported.isEmpty {
            out += "<table>\n<thead><tr><th>Severity</th><th>Verdict</th><th>Capture</th><th>Headline</th><th>Findings</th><th>Packets</th><th>Duration</th><th>Reports</th></tr></thead>\n<tbody>\n"
            for e in reported {
                let links = e.reports.map { ext in
                    "<a href=\"\(HTMLText.escape(Self.linkTarget(e.location + e.name + "." + ext)))\">\(ext == "summary.md" ? "summary" : ext)</a>"
                }.joined(separator: " ")
                out += "<tr><td class=\"\(e.severity.rawValue)\">\(e.severity.rawValue.uppercased())</td>"
                    + "<td class=\"v\">\(HTMLText.escape(e.classification))</td>"
                    + "<td>\(HTMLText.escape(e.name))<br><small>\(HTMLText.escape(e.fileName))</small></td>"
                    + "<td>\(HTMLText.escape(e.headline))</td>"
                    + "<td class=\"n\">\(e.findings)</td><td class=\"n\">\(e.packets)</td>"
                    + "<td class=\"n\">\(Self.seconds(e.durationSeconds))</td><td>\(links)</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        if !failed.isEmpty {
            out += "<h2>Could not be reported</h2>\n<table>\n<thead><tr><th>Capture</th><th>Error</th></tr></thead>\n<tbody>\n"
            for e in failed {
                out += "<tr><td>\(HTMLText.escape(e.name))<br><small>\(HTMLText.escape(e.fileName))</small></td><td>\(HTMLText.escape(e.error ?? ""))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        if let interruption, !interruption.notReported.isEmpty {
            out += "<h2>Not reported: the run was interrupted</h2>\n<ul>\n"
            out += interruption.notReported.map { "<li>\(HTMLText.escape($0))</li>\n" }.joined()
            out += "</ul>\n"
        }
        return out + "</body>\n</html>\n"
    }

    /// Seconds with three decimals, locale-free ("-" when unknown).
    static func seconds(_ value: Double?) -> String {
        guard let value, value.isFinite, value >= 0 else { return "-" }
        let millis = Int((value * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction) s"
    }

    /// Percent-encodes what would break a link target (spaces, parentheses, `<>`, `%`).
    static func linkTarget(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            if byte <= 0x20 || byte >= 0x7F || "()<>%\"'`[]\\".utf8.contains(byte) {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            } else {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out
    }
}
