@testable import CaptureReport
@testable import ReportRendering
import TestSupport
import ThreatFindings
import TrafficStatistics
import Testing

let samples = ["walkthrough-synscan.pcapng", "benign-web.pcapng", "hostile-strings.pcapng"]

@Test(arguments: samples)
func htmlReportMatchesGoldenFile(sample: String) throws {
    let text = try HTMLRenderer(templates: try templates()).render(try model(sample))
    let diff = GoldenFile.check(text, against: RepositoryPaths.root + "/Tests/ReportRenderingTests/Golden/" + sample + ".html")
    #expect(diff == nil, "\(diff ?? "")")
}

@Test(arguments: samples)
func htmlReportIsSelfContainedAndEveryLinkLands(sample: String) throws {
    let html = try HTMLRenderer(templates: try templates()).render(try model(sample))
    #expect(MarkupAudit.problems(html) == [])
    #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'none';"))
    #expect(!html.contains("http://") || !html.contains("src=\"http"))
    // Every in-page link points at an id that exists (the TOC, the findings).
    var ids = Set<String>()
    for part in html.split(separator: Substring(" id=\"")).dropFirst() { ids.insert(String(part.prefix { $0 != "\"" })) }
    for part in html.split(separator: Substring("href=\"#")).dropFirst() {
        let target = String(part.prefix { $0 != "\"" })
        #expect(ids.contains(target), "link to #\(target) has no target")
    }
    #expect(html.contains("<nav class=\"toc\""))
    #expect(html.contains("<h2 id=\"executive-summary\">"))
    #expect(html.contains("<h2 id=\"1-verdict\">1. Verdict</h2>"))
    #expect(html.contains("class=\"verdict-banner sev-"))
}

@Test func walkthroughHTMLDrawsTheFigures() throws {
    let html = try HTMLRenderer(templates: try templates()).render(try model("walkthrough-synscan.pcapng"))
    for id in ["fig-io-graph", "fig-hierarchy", "fig-endpoints", "fig-conversations", "fig-scan-f1"] {
        #expect(html.contains("<figure class=\"figure\" id=\"\(id)\">"), "figure \(id)")
    }
    // Each figure has a caption and a text alternative.
    #expect(html.components("<figcaption>") == html.components("<figure "))
    #expect(html.components("<desc id=") == html.components("<figure "))
    // The scan picture marks the three open ports.
    #expect(html.contains(">22/ssh</text>") && html.contains(">80/http</text>") && html.contains(">443/https</text>"))
    #expect(html.components("class=\"pt-closed\"") == 57)
    // The finding's window is shaded on the I/O graph, and the evidence frame is shown.
    #expect(html.contains("class=\"window sev-high\""))
    #expect(html.contains("Key evidence frame, frame 4:"), "frame 1 is in Packet 1 in detail; the SYN-ACK is the next evidence frame")
}

@Test func markdownShowsFiguresAsWords() throws {
    let md = try MarkdownRenderer(templates: try templates()).render(try model("walkthrough-synscan.pcapng"))
    #expect(md.contains("**Figure 1.** I/O graph: packets and bytes per 200 µs"))
    #expect(md.contains("open: 22, 80, 443; closed: 57; no answer: 0."))
    #expect(!md.contains("<svg"))
    #expect(md.contains("- [1. Verdict](#1-verdict)"))
}

@Test func timestampsFollowTheChosenZoneAndStateIt() throws {
    var options = ReportOptions()
    options.presentation.timeZone = try #require(ReportTimeZone.parse("+02:00"))
    let summary = try CaptureAnalysis.analyze(path: RepositoryPaths.samples + "/walkthrough-synscan.pcapng")
    let m = ReportModelBuilder.build(summary, ThreatAnalyzer().assess(summary), options: options)
    let md = try MarkdownRenderer(templates: try templates()).render(m)
    #expect(md.contains("| First packet | 2024-03-12T16:03:27.412337+02:00 |"))
    #expect(md.contains("Arrival time: 2024-03-12T16:03:27.412337+02:00"))
    #expect(!md.contains("T14:03:27.412337Z"))
    #expect(m.json().serialized().contains("\"firstPacketTime\": \"2024-03-12T14:03:27.412337Z\""), "JSON stays UTC")
    #expect(ReportTimeZone.parse("UTC-05:30")?.offsetMinutes == -330)
    #expect(ReportTimeZone.parse("Mars/Olympus_Mons") == nil && ReportTimeZone.parse("../../etc/passwd") == nil)
    #expect(ReportTimeZone.parse("+25:00") == nil)
}

@Test func svgTextIsEscapedForItsContext() {
    var svg = SVGFigure(width: 100, height: 50)
    svg.text(1, 2, "</text><script>alert(1)</script>\"'&\u{202E}")
    let out = svg.svg(id: "x\"y", title: "<t>", description: "a & b")
    #expect(out.contains("&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;\u{FFFD}"))
    #expect(out.contains("id=\"x&quot;y\""))
    #expect(MarkupAudit.problems(out) == [])
}

@Test func addressRedactionMasksOutsideTheKeptNetworks() {
    let r = AddressRedactor(keep: [IPNetwork("10.0.0.0/8")!], known: ["192.0.2.7", "10.1.2.3", "2001:db8::1"])
    #expect(r.apply("from 10.1.2.3 to 192.0.2.7:443, then 2001:db8::1.") == "from 10.1.2.3 to ⟨host-1⟩:443, then ⟨host-2⟩.")
    #expect(r.apply("203.0.113.9 and 02:00:0a:27:05:06 at 14:03:27.41 v1.2.3") == "⟨address⟩ and ⟨mac⟩ at 14:03:27.41 v1.2.3")
}

/// IPv4-mapped IPv6 addresses and MAC addresses are addresses too; a mapped address of a kept
/// network is kept like its IPv4 address, and the broadcast MAC names no host.
@Test func addressRedactionMasksMappedIPv6AndMACAddresses() {
    let r = AddressRedactor(
        keep: [IPNetwork("10.0.0.0/8")!], known: ["::ffff:198.51.100.99", "10.1.2.3"],
        knownMACs: ["02:00:0A:27:05:06", "ff:ff:ff:ff:ff:ff"])
    #expect(
        r.apply("from ::ffff:198.51.100.99 and ::FFFF:203.0.113.5 to ::ffff:10.1.2.3") == "from ⟨host-1⟩ and ⟨address⟩ to ::ffff:10.1.2.3")
    #expect(r.apply("[::ffff:198.51.100.99]:443 via 64:ff9b::192.0.2.1.") == "[⟨host-1⟩]:443 via ⟨address⟩.")
    #expect(
        r.apply("02:00:0a:27:05:06 asks ff:ff:ff:ff:ff:ff; 02:00:0A:27:05:07 answers") == "⟨mac-1⟩ asks ff:ff:ff:ff:ff:ff; ⟨mac⟩ answers")
    #expect(r.apply("at 14:03:27.412337, 1:2 and 12:34:56") == "at 14:03:27.412337, 1:2 and 12:34:56")
}

/// Renders each sample's HTML in headless Chromium: no console message (a blocked script or load
/// would log one), no script element in the DOM, a screenshot and a printed PDF in Output/screenshots/.
@Test(
    .enabled(
        if: ExternalTools.chromium != nil, "chromium is not installed (apt-get install chromium): the HTML was not rendered in a browser"),
    arguments: samples + ["crafted"])
func chromiumRendersTheReportWithoutConsoleErrors(sample: String) throws {
    let browser = try #require(ExternalTools.chromium)
    let m = sample == "crafted" ? try hostileModel() : try model(sample)
    let dir = TemporaryDirectory.make()
    let page = dir + "/report.html"
    RepositoryPaths.writeText(try HTMLRenderer(templates: try templates()).render(m), to: page)
    let log = dir + "/chromium.log"
    let (status, dom) = RepositoryPaths.run([browser] + Browser.flags + ["--enable-logging=stderr", "--v=0", "--dump-dom", "file://" + page],
                                            stderrPath: log)
    try #require(status == 0, "chromium failed: \(RepositoryPaths.readText(log) ?? "")")
    let console = (RepositoryPaths.readText(log) ?? "").split(separator: "\n").filter { $0.contains(":CONSOLE") }
    #expect(console.isEmpty, "console: \(console.joined(separator: "\n"))")
    #expect(dom.contains("<main>") && !dom.contains("<script"))
    #expect(MarkupAudit.problems(dom) == [], "the DOM after load")
    let shots = RepositoryPaths.root + "/Output/screenshots"
    _ = RepositoryPaths.run(["mkdir", "-p", shots])
    let png = shots + "/" + sample.split(separator: ".").first.map(String.init)! + ".png"
    let shot = RepositoryPaths.run([browser] + Browser.flags + ["--hide-scrollbars", "--window-size=1280,2000", "--screenshot=" + png, "file://" + page])
    #expect(shot.status == 0)
    #expect((RepositoryPaths.readText(png)?.utf8.count ?? 0) > 10_000, "screenshot \(png)")
    // The print stylesheet: "Print to PDF" gives a paginated document.
    let pdf = String(png.dropLast(4)) + ".pdf"
    let printed = RepositoryPaths.run([browser] + Browser.flags + ["--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + page])
    #expect(printed.status == 0)
    #expect(RepositoryPaths.exists(pdf) && (RepositoryPaths.readText(pdf)?.hasPrefix("%PDF") ?? false), "PDF \(pdf)")
}

enum Browser {
    static let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions"]
}

extension String {
    func components(_ needle: String) -> Int { split(separator: Substring(needle), omittingEmptySubsequences: false).count - 1 }
}

/// Named zones come from the system's time zone database, daylight saving time included.
@Test(.enabled(if: ExternalTools.hasTimeZoneDatabase, "no time zone database in /usr/share/zoneinfo (apt-get install tzdata)"))
func namedZonesFollowDaylightSavingTime() throws {
    let berlin = try #require(ReportTimeZone.parse("Europe/Berlin"))
    let newYork = try #require(ReportTimeZone.parse("America/New_York"))
    #expect(berlin.show("2024-03-12T14:03:27.412337Z") == "2024-03-12T15:03:27.412337+01:00")
    #expect(berlin.show("2024-07-01T12:00:00Z") == "2024-07-01T14:00:00+02:00")
    #expect(newYork.show("2024-03-12T14:03:27.412337Z") == "2024-03-12T10:03:27.412337-04:00")
    #expect(newYork.show("2024-01-15T12:00:00Z") == "2024-01-15T07:00:00-05:00")
    #expect(berlin.name == "Europe/Berlin")
}

@Test func bytesPaneRangesFollowTheLayers() throws {
    let p = try #require(try model("walkthrough-synscan.pcapng").firstPacket)
    #expect(p.byteRanges.map(\.protocolName) == ["eth", "ip", "tcp"])
    #expect(p.byteRanges.map(\.start) == [0, 14, 34])
    #expect(p.byteRanges.map(\.end) == [14, 34, 58])
}
