@testable import CaptureReport
@testable import ReportRendering
import TestSupport
import ThreatFindings
import TrafficStatistics
import Testing

/// The worked example of Templates/README.md: Acme's overlay brands the page and nothing else.
@Test func acmeOverlayBrandsTheReport() throws {
    let t = try TemplateSet(builtIn: RepositoryPaths.templates, overlay: RepositoryPaths.templates + "/examples/acme")
    var options = ReportOptions()
    options.presentation.customer = "Globex Corporation"
    options.presentation.ticket = "SOC-2291"
    let summary = try CaptureAnalysis.analyze(path: RepositoryPaths.samples + "/walkthrough-synscan.pcapng")
    let m = ReportModelBuilder.build(summary, ThreatAnalyzer().assess(summary), options: options)
    let html = try HTMLRenderer(templates: t).render(m)
    #expect(html.contains("<span class=\"brand-name\">Acme Security Operations"))
    #expect(html.contains("<img class=\"logo\" alt=\"Acme\" src=\"data:image/svg+xml;base64,"))
    #expect(html.contains("--brand: #0b3d2e;"))
    #expect(html.contains("<dd>Globex Corporation</dd>") && html.contains("<dd>SOC-2291</dd>"))
    #expect(MarkupAudit.problems(html) == [])
    let md = try MarkdownRenderer(templates: t).render(m)
    #expect(md.contains("Prepared by Acme Security Operations"))
    #expect(md.contains("**Customer:** Globex Corporation · **Ticket:** SOC-2291"))
}

@Test func aPartialThatNamesNoTemplateIsReportedWithFileAndLine() throws {
    let dir = TemporaryDirectory.make()
    RepositoryPaths.writeText("## 1. Verdict\n\n{{> verdict-box}}\n", to: dir + "/section-verdict.mustache")
    let result = Result { () throws(ReportError) -> TemplateSet in try TemplateSet(builtIn: RepositoryPaths.templates, overlay: dir) }
    guard case let .failure(error) = result else { Issue.record("a dangling partial was accepted"); return }
    #expect("\(error)".contains(dir + "/section-verdict.mustache:3:1"))
    #expect("\(error)".contains("verdict-box"))
}

@Test func aMissingOverlayFolderIsAnError() {
    let result = Result { () throws(ReportError) -> TemplateSet in
        try TemplateSet(builtIn: RepositoryPaths.templates, overlay: "/nonexistent/templates")
    }
    guard case let .failure(error) = result else { Issue.record("a missing --templates folder was accepted"); return }
    #expect("\(error)".contains("/nonexistent/templates"))
}

@Test func summaryVariantIsShortAndLinksTheFullReport() throws {
    let m = try model("walkthrough-synscan.pcapng")
    let text = try MarkdownRenderer(templates: try templates()).renderSummary(m, links: ["HTML": "walkthrough-synscan.html"])
    #expect(text.hasPrefix("**HIGH: A SYN (half-open) port scan"))
    #expect(text.contains("- **F1** (HIGH):"))
    #expect(text.contains("- HTML: walkthrough-synscan.html"))
    #expect(text.split(separator: "\n").count < 45)
}
