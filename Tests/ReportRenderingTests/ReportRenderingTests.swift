@testable import CaptureReport
@testable import ReportRendering
import TestSupport
import ThreatFindings
import TrafficStatistics
import Testing
import Support

func model(_ sample: String) throws -> ReportModel {
    let summary = try CaptureAnalysis.analyze(path: RepositoryPaths.samples + "/" + sample)
    return ReportModelBuilder.build(summary, ThreatAnalyzer().assess(summary))
}

func templates() throws -> TemplateSet { try TemplateSet(builtIn: RepositoryPaths.templates) }

@Test(arguments: ["walkthrough-synscan.pcapng", "benign-web.pcapng", "hostile-strings.pcapng"])
func markdownReportMatchesGoldenFile(sample: String) throws {
    let text = try MarkdownRenderer(templates: try templates()).render(try model(sample))
    let golden = RepositoryPaths.root + "/Tests/ReportRenderingTests/Golden/" + sample + ".md"
    let diff = GoldenFile.check(text, against: golden)
    #expect(diff == nil, "\(diff ?? "")")
}

@Test(arguments: ["walkthrough-synscan.pcapng", "benign-web.pcapng"])
func reportsAreDeterministic(sample: String) throws {
    let t = try templates()
    let a = try model(sample), b = try model(sample)
    #expect(try HTMLRenderer(templates: t).render(a) == HTMLRenderer(templates: t).render(b))
    #expect(a.json().serialized() == b.json().serialized())
}

@Test func walkthroughReportNamesTheScan() throws {
    let text = try MarkdownRenderer(templates: try templates()).render(try model("walkthrough-synscan.pcapng"))
    #expect(text.contains("SYN (half-open) port scan: 10.39.5.6 probed 60 TCP ports of 10.39.5.2"))
    #expect(text.contains("Open (answered SYN+ACK): 22/ssh, 80/http, 443/https"))
    #expect(text.contains("RSTs: 57 sent by the target 10.39.5.2, 3 sent by the scanner 10.39.5.6"))
    #expect(text.contains("23/telnet"))
}

@Test func benignReportSaysNoAttack() throws {
    let text = try MarkdownRenderer(templates: try templates()).render(try model("benign-web.pcapng"))
    #expect(text.contains("No attack was found"))
}

/// Nothing a capture carries may become markup: the hostile sample's strings stay text in both formats.
@Test func hostileCaptureStaysInert() throws {
    let m = try model("hostile-strings.pcapng")
    let t = try templates()
    let html = try HTMLRenderer(templates: t).render(m)
    #expect(!html.contains("<script"))
    #expect(!html.contains("<img"))
    #expect(!html.contains("href=\"javascript"))
    #expect(!html.contains("onerror=alert(1)>"))
    #expect(!html.contains("\u{202E}"))
    #expect(html.contains("&lt;script&gt;"))
    let md = try MarkdownRenderer(templates: t).render(m)
    let prose = outsideCodeBlocks(md)      // inside fenced code, capture text is shown literally by design
    #expect(!prose.contains("<script>"))
    #expect(!prose.replacingOccurrences(of: "\\](", with: "").contains("](javascript"), "an unescaped link target")
    #expect(!md.contains("\u{202E}"))
    // Markdown's own structure is intact: every table row has the header's column count.
    for line in md.split(separator: "\n") where line.hasPrefix("| ") {
        #expect(!line.contains("\n"))
    }
    // Rendering the Markdown with cmark (safe) must not produce tags from capture text either.
    let rendered = HTMLRenderer.html(fromMarkdown: md, blocks: [])
    #expect(!rendered.contains("<script"))
    #expect(!rendered.contains("<img"))
    #expect(!rendered.contains("href=\"javascript"))
}

@Test func inlineEscapingNeutralisesMarkdownAndHTML() {
    let hostile = "<script>alert(1)</script> ](javascript:x) | `x` *y* _z_ &amp; # h\n- item\u{202E}\u{E000}block0\u{E000}"
    let escaped = MarkdownText.inline(hostile)
    let html = HTMLRenderer.html(fromMarkdown: "Text: " + escaped, blocks: [ReportBlock(markdown: "", html: "<b>forged</b>")])
    #expect(!html.contains("<script"))
    #expect(!html.contains("<a "))
    #expect(!html.contains("<em>") && !html.contains("<strong>"))
    #expect(!html.contains("<b>forged</b>"))
    #expect(!escaped.contains("\n"))
    #expect(MarkdownText.inline("# heading").hasPrefix("\\#"))
    #expect(MarkdownText.inline("1. item").hasPrefix("1\\."))
}

@Test func codeSpansAndBlocksOutlastBackticksInside() {
    #expect(MarkdownText.code("a`b") == "``a`b``")
    let block = MarkdownText.codeBlock("x\n```\ny")
    #expect(block.hasPrefix("````\n"))
}

@Test func customBlocksReplaceTheirPlaceholdersInSafeMode() {
    let html = HTMLRenderer.html(fromMarkdown: "Before\n\n\(ReportViewModel.token(0))\n\nAfter <b>raw</b>",
                                 blocks: [ReportBlock(markdown: "", html: "<table><tr><td>1</td></tr></table>")])
    #expect(html.contains("<table><tr><td>1</td></tr></table>"))
    #expect(!html.contains("<b>raw</b>"))
}

@Test func jsonFollowsTheContract() throws {
    let json = try model("walkthrough-synscan.pcapng").json().serialized()
    for key in ["\"schemaVersion\": 1", "\"generator\"", "\"capture\"", "\"firstPacket\"", "\"protocolHierarchy\"", "\"conversations\"",
                "\"endpoints\"", "\"expert\"", "\"streams\"", "\"findings\"", "\"verdict\"", "\"recommendations\"",
                "\"kind\": \"port-scan\"", "\"technique\": \"tcp-syn\"", "\"attack\": [\n"] {
        #expect(json.contains(key), "missing \(key)")
    }
    #expect(json.contains("\"firstPacketTime\": \"2024-03-12T14:03:27.412337Z\""))
}

@Test func timesAreISO8601InUTC() {
    #expect(TimeFormat.iso8601(0, digits: 6) == "1970-01-01T00:00:00.000000Z")
    #expect(TimeFormat.iso8601(1_764_395_597_901_421_167, digits: 9) == "2025-11-29T05:53:17.901421167Z")
    #expect(TimeFormat.iso8601(-1_000, digits: 9) == "1969-12-31T23:59:59.999999000Z")
}

@Test func aBrokenTemplateIsNamedWithItsLine() throws {
    let dir = TemporaryDirectory.make()
    RepositoryPaths.writeText("line one\n{{#open}}\nnever closed\n", to: dir + "/report.md.mustache")
    let result = Result { () throws(ReportError) -> TemplateSet in try TemplateSet(builtIn: RepositoryPaths.templates, overlay: dir) }
    guard case let .failure(error) = result else { Issue.record("a broken template was accepted"); return }
    #expect("\(error)".contains("report.md.mustache"))
}

/// The Markdown with fenced code blocks removed.
func outsideCodeBlocks(_ md: String) -> String {
    var out: [Substring] = []
    var fence: Substring?
    for line in md.split(separator: "\n", omittingEmptySubsequences: false) {
        let ticks = line.prefix { $0 == "`" }
        if let open = fence {
            if ticks.count >= open.count && line.allSatisfy({ $0 == "`" }) { fence = nil }
        } else if ticks.count >= 3 {
            fence = ticks
        } else {
            out.append(line)
        }
    }
    return out.joined(separator: "\n")
}

@Test func jsonStringsEscapeEverythingThatCouldBreakAConsumer() {
    let value = JSONValue.object([("k\"", .string("a\"b\\c\n\r\t\u{01}\u{7F}\u{2028}\u{2029}é€😀")), ("n", .int(-120)), ("d", .double(0.5))])
    #expect(value.serialized() == "{\"k\\\"\": \"a\\\"b\\\\c\\n\\r\\t\\u0001\\u007f\\u2028\\u2029é€😀\", \"n\": -120, \"d\": 0.5}\n")
}

@Test func theExtremeTimesStayInTheirCenturiesInEveryZone() {
    // A pcapng time beyond 2262 is clamped to Int64.max nanoseconds; shifting it into +14:00 (or
    // Int64.min into -12:00) must not wrap around to 1677 (or 2262).
    #expect(TimeFormat.iso8601(Int64.max, digits: 9) == "2262-04-11T23:47:16.854775807Z")
    #expect(TimeFormat.iso8601(Int64.max, digits: 9, offsetMinutes: 840) == "2262-04-12T13:47:16.854775807+14:00")
    #expect(TimeFormat.iso8601(Int64.min, digits: 9) == "1677-09-21T00:12:43.145224192Z")
    #expect(TimeFormat.iso8601(Int64.min, digits: 9, offsetMinutes: -720) == "1677-09-20T12:12:43.145224192-12:00")
    #expect(ReportTimeZone.parse("+14:00")?.show("2262-04-11T23:47:16.854775807Z") == "2262-04-12T13:47:16.854775807+14:00")
    #expect(ReportTimeZone.parse("+14:00")?.show("2106-02-07T06:28:15.999999Z") == "2106-02-07T20:28:15.999999+14:00")
}

@Test func onlyRealCalendarTimesAreISO8601() {
    for good in ["2024-02-29T00:00:00Z", "2026-12-31T23:59:59.999+14:00", "2016-12-31T23:59:60Z", "2026-01-01 10:00-05:30"] {
        #expect(TimeFormat.isISO8601(good), "\(good)")
    }
    for bad in [
        "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-01-00T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z", "2026-01-01T23:59:61Z",
        "2026-01-01T10:00:00-24:00", "2026-01-01T10:00:00+05:60",
    ] {
        #expect(!TimeFormat.isISO8601(bad), "\(bad)")
    }
}
