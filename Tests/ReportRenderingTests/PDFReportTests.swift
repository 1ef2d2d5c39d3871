@testable import CaptureReport
@testable import ReportRendering
import Support
import TestSupport
import Testing
import ThreatFindings
import TrafficStatistics
#if canImport(Glibc)
import Glibc
#endif

/// The PDF output (`--format pdf`, headless Chromium) and the two editions (`--edition`).
enum PDFFixture {
    static let tools = ExternalTools.chromium != nil && ExternalTools.pdfinfo != nil && ExternalTools.pdftotext != nil
    static let reason: Comment =
        "needs chromium and poppler-utils (apt-get install chromium poppler-utils): the PDF was not printed"

    static func model(_ path: String, edition: ReportEdition) throws -> ReportModel {
        let summary = try CaptureAnalysis.analyze(path: path)
        var options = ReportOptions()
        options.presentation.customer = "ACME Corp"
        options.presentation.tlp = .amber
        options.presentation.edition = edition
        options.presentation.reportID = "IR-2026-014"
        return ReportModelBuilder.build(summary, ThreatAnalyzer().assess(summary), options: options)
    }

    /// Prints the model and returns the PDF's page count, its text and its `pdfinfo` lines.
    static func print(_ m: ReportModel) throws -> (pages: Int, text: String, info: String) {
        let html = try HTMLRenderer(templates: try templates()).render(m)
        let bytes = try PDFRenderer(browser: ExternalTools.chromium).render(html: html)
        let dir = TemporaryDirectory.make()
        let pdf = dir + "/report.pdf"
        let fd = open(pdf, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        _ = FileIO.writeAll(fd, bytes)
        close(fd)
        let info = RepositoryPaths.run([ExternalTools.pdfinfo!, pdf]).output
        let text = RepositoryPaths.run([ExternalTools.pdftotext!, "-layout", pdf, "-"]).output
        let pages =
            info.split(separator: "\n").first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) } ?? 0
        return (pages, text, info)
    }

    static var busyCorpusCapture: String? {
        RepositoryPaths.corpus.map { $0 + "/real/markofu__xscan_capture.pcap" }
    }
}

@Test(.enabled(if: PDFFixture.tools, PDFFixture.reason))
func fullEditionPDFHasPageNumbersHeaderTitleVerdictAndFindings() throws {
    let m = try PDFFixture.model(RepositoryPaths.samples + "/walkthrough-synscan.pcapng", edition: .full)
    let (pages, text, info) = try PDFFixture.print(m)
    #expect(pages >= 2 && pages <= 14, "full edition: \(pages) pages")
    #expect(text.contains("Page 1 of \(pages)") && text.contains("Page \(pages) of \(pages)"))
    #expect(text.contains("ACME Corp") && text.contains("TLP:AMBER"), "running header")
    #expect(info.contains("Title:") && info.contains("walkthrough-synscan.pcapng"), "\(info)")
    #expect(text.contains("HIGH"))
    for f in m.findings { #expect(text.contains(f.finding.id), "finding \(f.finding.id)") }
}

@Test(.enabled(if: PDFFixture.tools, PDFFixture.reason), arguments: ["sample", "corpus"])
func customerEditionPrintsToAtMostFourPages(which: String) throws {
    let path = which == "sample" ? RepositoryPaths.samples + "/walkthrough-synscan.pcapng" : PDFFixture.busyCorpusCapture
    let capture = try #require(path, "the shared corpus is missing")
    let m = try PDFFixture.model(capture, edition: .customer)
    let (pages, text, _) = try PDFFixture.print(m)
    #expect(pages >= 1 && pages <= 4, "customer edition of \(capture): \(pages) pages")
    #expect(text.contains(m.verdict.severity.rawValue.uppercased()))
    #expect(text.contains("Page 1 of"))
    for f in m.findings { #expect(text.contains(f.finding.id), "finding \(f.finding.id)") }
}

@Test func pdfWithoutABrowserNamesThePackage() throws {
    #expect(throws: ReportError.pdfEngineMissing) { try PDFRenderer(browser: nil).render(html: "<p>x</p>") }
    #expect(ReportError.pdfEngineMissing.description.contains("install the package chromium"))
}

@Test func childProcessIsKilledAtItsTimeLimit() {
    #expect(ChildProcess.run(["/bin/sleep", "30"], timeoutSeconds: 0.3) == .timedOut)
    #expect(ChildProcess.run(["/bin/sh", "-c", "exit 3"], timeoutSeconds: 10) == .exited(3))
    if case .notStarted = ChildProcess.run(["/nonexistent/program"], timeoutSeconds: 1) {} else { Issue.record("started") }
}

@Test func runningHeaderCannotLeaveItsCSSString() {
    let escaped = ReportViewModel.cssString("A\"}</style><script>\\ B\n")
    #expect(!escaped.contains("\"") && !escaped.contains("<") && !escaped.contains("}") && !escaped.contains("\n"))
    #expect(escaped.hasPrefix("A\\000022 "))
}

@Test func customerEditionHasItsSectionsAndChainOfCustody() throws {
    var m = try model("walkthrough-synscan.pcapng")
    m.presentation.edition = .customer
    m.presentation.tlp = .amberStrict
    m.presentation.reportID = "IR-7"
    m.presentation.timeZone = ReportTimeZone(offsetMinutes: 120)
    let text = try MarkdownRenderer(templates: try templates()).render(m)
    for heading in [
        "## What happened", "## Verdict: HIGH", "## Timeline", "## Affected hosts", "## Findings",
        "## Indicators to block or watch", "## What to do", "## Technical appendix",
    ] {
        #expect(text.contains(heading), "\(heading)")
    }
    #expect(text.contains(m.capture.sha256) && text.contains("TLP:AMBER+STRICT") && text.contains("IR-7"))
    #expect(text.contains("| Time (UTC) | Time (UTC+02:00) | Event |"))
    #expect(text.contains("- **F1** · HIGH · ") && text.contains("| 10.39.5.6 | IPv4 address | attacker | F1 |"))
    #expect(!text.contains("`10.39.5.6`"), "capture-derived indicator values are text cells, never code spans")
    #expect(!text.contains("## 4. Expert information"), "the walkthrough is not in the customer edition")
}

@Test func fullEditionShowsFrontMatterOnlyWhenAsked() throws {
    var m = try model("walkthrough-synscan.pcapng")
    let plain = try MarkdownRenderer(templates: try templates()).render(m)
    #expect(!plain.contains("Capture SHA-256"))
    m.presentation.tlp = .green
    let marked = try MarkdownRenderer(templates: try templates()).render(m)
    #expect(marked.contains("| Capture SHA-256 | `\(m.capture.sha256)` |") && marked.contains("TLP:GREEN"))
    #expect(marked.contains("## 4. Expert information") || marked.contains("Expert information"))
}
