import CaptureReport
import ReportRendering
import Support
import ThreatFindings
#if canImport(Glibc)
import Glibc
#endif

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

    /// Who the index is for and whose it is: the brand's name and CSS variables (`--templates`
    /// overlay) and the run's customer and TLP marking, shown on the HTML page (and the customer in
    /// the Markdown). Not in the JSON, so merged and unmerged indexes stay comparable.
    public struct Heading: Sendable, Equatable {
        public var brandName = "PcapReport"
        public var brandCSS = ""
        public var customer: String?
        public var tlp: String?
        public init(brandName: String = "PcapReport", brandCSS: String = "", customer: String? = nil, tlp: String? = nil) {
            self.brandName = brandName; self.brandCSS = brandCSS; self.customer = customer; self.tlp = tlp
        }
    }

    public var heading = Heading()

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

    /// The captures an earlier run listed in `directory`'s index that this run did not report
    /// (another input set written into the same folder), each still backed by its files: a report
    /// set its completion record vouches for, or its failure record. A run of one capture into a
    /// folder so keeps the others in the index. Reads the index only, never the reports.
    public static func earlierEntries(in directory: String, except names: Set<String>) -> [IndexEntry] {
        guard let text = FileIO.readText(directory + "/index.json"), let json = try? JSONReader.parse(text) else { return [] }
        var out: [IndexEntry] = []
        for key in ["captures", "failed"] {
            for item in json[key]?.arrayValue ?? [] {
                guard let entry = IndexEntry(json: item), !names.contains(entry.name),
                    !entry.name.hasPrefix("/"), !entry.name.split(separator: "/").contains("..")
                else { continue }
                let base = directory + "/" + entry.name
                if entry.error != nil {
                    if access(base + ".error.json", F_OK) == 0 { out.append(entry) }
                    continue
                }
                let checked = IndexMerger.trusted(entry, base: base)
                if checked.error != nil || !checked.reports.isEmpty { out.append(checked) }
            }
        }
        return out
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
        let parts = [heading.customer.map { "**Customer:** " + MarkdownText.inline($0) }, heading.tlp.map { "**" + $0 + "**" }]
        let meta = parts.compactMap { $0 }.joined(separator: " · ")
        var out =
            "# Capture reports\n\n" + (meta.isEmpty ? "" : meta + "\n\n") + (interruptionLine.map { "**\($0)**\n\n" } ?? "") + totalsLine
            + "\n\n"
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
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLText.escape(heading.brandName)) · Capture reports</title>
            <style>
            :root { --brand: #1f3a5f; --brand-ink: #ffffff; --accent: #1f5fa8; --font: system-ui, sans-serif; }
            \(Self.styleText(heading.brandCSS))
            body { font-family: var(--font); margin: 0; color: #222; }
            header { background: var(--brand); color: var(--brand-ink); padding: 0.8em 1em; }
            header .brand { font-weight: 600; } header .meta { font-size: 0.9em; }
            main { padding: 0 1em 1em; }
            a { color: var(--accent); }
            .table-wrap { overflow-x: auto; max-width: 100%; }
            table { border-collapse: collapse; }
            th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td.v { white-space: nowrap; }
            .critical { background: #7a0010; color: #fff; } .high { background: #c62828; color: #fff; }
            .medium { background: #ef8f00; } .low { background: #fdd835; } .info { background: #e0e0e0; }
            </style>
            </head>
            <body>
            <header><div class="brand">\(HTMLText.escape(heading.brandName))</div>\(headingMeta)</header>
            <main>
            <h1>Capture reports</h1>

            """
        if let line = interruptionLine { out += "<p><strong>\(HTMLText.escape(line))</strong></p>\n" }
        out += "<p>\(HTMLText.escape(totalsLine))</p>\n"
        if !reported.isEmpty {
            out +=
                "<div class=\"table-wrap\"><table>\n<thead><tr><th>Severity</th><th>Verdict</th><th>Capture</th><th>Headline</th><th>Findings</th><th>Packets</th><th>Duration</th><th>Reports</th></tr></thead>\n<tbody>\n"
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
            out += "</tbody>\n</table></div>\n"
        }
        if !failed.isEmpty {
            out +=
                "<h2>Could not be reported</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr><th>Capture</th><th>Error</th></tr></thead>\n<tbody>\n"
            for e in failed {
                out += "<tr><td>\(HTMLText.escape(e.name))<br><small>\(HTMLText.escape(e.fileName))</small></td><td>\(HTMLText.escape(e.error ?? ""))</td></tr>\n"
            }
            out += "</tbody>\n</table></div>\n"
        }
        if let interruption, !interruption.notReported.isEmpty {
            out += "<h2>Not reported: the run was interrupted</h2>\n<ul>\n"
            out += interruption.notReported.map { "<li>\(HTMLText.escape($0))</li>\n" }.joined()
            out += "</ul>\n"
        }
        return out + "</main>\n</body>\n</html>\n"
    }

    /// The header band's second line: customer and marking, escaped; empty without them.
    var headingMeta: String {
        let parts = [heading.customer.map { "Customer: " + $0 }, heading.tlp].compactMap { $0 }
        return parts.isEmpty ? "" : "<div class=\"meta\">\(HTMLText.escape(parts.joined(separator: " · ")))</div>"
    }

    /// The brand's CSS inside `<style>`: a `<` is written as its CSS escape, so the text cannot
    /// close the element.
    static func styleText(_ css: String) -> String { css.replacingOccurrences(of: "<", with: "\\3C ") }

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
