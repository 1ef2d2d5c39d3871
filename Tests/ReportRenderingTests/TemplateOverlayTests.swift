@testable import CaptureReport
@testable import ReportRendering
import TestSupport
import ThreatFindings
import TrafficStatistics
import Testing
#if canImport(Glibc)
import Glibc
#endif

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
    #expect(text.contains("- HTML: [walkthrough-synscan.html](walkthrough-synscan.html)"))
    #expect(text.split(separator: "\n").count < 45)
    // What the docs promise a ticket body holds: the capture's SHA-256 and each finding's display filter.
    #expect(text.contains("**Capture SHA-256** (chain of custody): `\(m.capture.sha256)`"))
    #expect(text.contains("Display filter: `\(m.findings[0].finding.displayFilter)`"))
}

@Test func summaryLinksAreRelativeLinksWhateverTheFileIsCalled() throws {
    let m = try model("walkthrough-synscan.pcapng")
    let text = try MarkdownRenderer(templates: try templates()).renderSummary(m, links: ["HTML": "site a/x)(javascript:1).html"])
    #expect(text.contains("](site%20a/x%29%28javascript%3A1%29.html)"), "\(text.suffix(200))")
    #expect(MarkupAudit.problems(HTMLRenderer.html(fromMarkdown: text, blocks: []), relativeLinks: true) == [])
}

/// The error of loading an overlay folder, or nil when it loads.
func overlayError(_ dir: String) -> String? {
    let result = Result { () throws(ReportError) -> TemplateSet in try TemplateSet(builtIn: RepositoryPaths.templates, overlay: dir) }
    if case let .failure(error) = result { return "\(error)" }
    return nil
}

/// A partial that includes itself (directly or through another) would recurse until the stack
/// overflows (exit 139, no message): the set is refused at load, naming the cycle.
@Test func aRecursivePartialIsRefusedNamingTheCycle() throws {
    let direct = TemporaryDirectory.make()
    RepositoryPaths.writeText("## 1. Verdict\n\n{{#verdict}}{{> section-verdict}}{{/verdict}}\n", to: direct + "/section-verdict.mustache")
    let error = try #require(overlayError(direct), "a recursive partial was accepted")
    #expect(error.contains(direct + "/section-verdict.mustache:3:13"))
    #expect(error.contains("section-verdict -> section-verdict"))
    let mutual = TemporaryDirectory.make()
    RepositoryPaths.writeText("{{> loop-b}}\n", to: mutual + "/section-verdict.mustache")
    RepositoryPaths.writeText("x {{> loop-a}}\n", to: mutual + "/loop-b.mustache")
    RepositoryPaths.writeText("{{> section-verdict}}\n", to: mutual + "/loop-a.mustache")
    let second = try #require(overlayError(mutual), "a partial cycle was accepted")
    #expect(second.contains("includes itself") && second.contains(" -> "))
}

/// A parser error names the real line and column and says what is wrong, in words.
@Test func aTemplateSyntaxErrorNamesItsLineAndSaysWhy() throws {
    let dir = TemporaryDirectory.make()
    RepositoryPaths.writeText("line one\n{{#open}}\nnever closed\n", to: dir + "/report.md.mustache")
    let error = try #require(overlayError(dir))
    #expect(!error.contains(":0:0") && !error.contains("ParserError(") && !error.contains("MustacheParserContext"), "\(error)")
    #expect(error.contains("report.md.mustache:") && error.contains("never closed"), "\(error)")
    let tag = TemporaryDirectory.make()
    RepositoryPaths.writeText("one\ntwo {{#a}}x{{/b}}\n", to: tag + "/report.md.mustache")
    let second = try #require(overlayError(tag))
    #expect(second.contains("report.md.mustache:2:") && second.contains("closed with another name"), "\(second)")
}

/// After a set-delimiter tag a partial is written with the new delimiters: one naming no template
/// is still an error, not a section that renders as nothing.
@Test func aPartialBehindADelimiterChangeIsChecked() throws {
    let dir = TemporaryDirectory.make()
    RepositoryPaths.writeText("## 1. Verdict\n{{=<% %>=}}\n\n<%> verdict-box %>\n", to: dir + "/section-verdict.mustache")
    let error = try #require(overlayError(dir), "a dangling partial behind a delimiter change was accepted")
    #expect(error.contains(dir + "/section-verdict.mustache:4:1") && error.contains("verdict-box"), "\(error)")
    let dynamic = TemporaryDirectory.make()
    RepositoryPaths.writeText("{{>*title}}\n", to: dynamic + "/section-verdict.mustache")
    #expect(overlayError(dynamic)?.contains("dynamic partial") == true)
}

/// A template is a file of its folder: a symbolic link out of it is refused, its target never read.
@Test func aSymlinkedTemplateOutsideTheFolderIsRefused() throws {
    let outside = TemporaryDirectory.make()
    RepositoryPaths.writeText("SECRET-OUTSIDE {{title}}\n", to: outside + "/secret")
    let dir = TemporaryDirectory.make()
    try #require(symlink(outside + "/secret", dir + "/brand-name.mustache") == 0)
    let error = try #require(overlayError(dir), "a template outside the folder was read")
    #expect(error.contains(dir + "/brand-name.mustache") && error.contains("outside"), "\(error)")
    // A link to another template of the same folder is fine.
    let inside = TemporaryDirectory.make()
    RepositoryPaths.writeText("Inside Co.\n", to: inside + "/name.txt")
    try #require(symlink(inside + "/name.txt", inside + "/brand-name.mustache") == 0)
    #expect(overlayError(inside) == nil)
}

@Test func aMissingTemplatesFolderIsNamedAsSuch() throws {
    let error = try #require(overlayError("/nonexistent/templates"))
    #expect(!error.contains("built-in templates not found"), "\(error)")
    #expect(error.contains("templates folder /nonexistent/templates does not exist"))
}

/// Section numbers come from the template's order, not from literal text: an overlay that removes
/// a section leaves no gap, and the table of contents follows.
@Test func removingASectionLeavesNoNumberingGap() throws {
    let dir = TemporaryDirectory.make()
    RepositoryPaths.writeText("", to: dir + "/section-first-packet.mustache")
    let t = try TemplateSet(builtIn: RepositoryPaths.templates, overlay: dir)
    let md = try MarkdownRenderer(templates: t).render(try model("walkthrough-synscan.pcapng"))
    let numbers = md.split(separator: "\n").filter { $0.hasPrefix("## ") }.compactMap { line in
        Int(line.dropFirst(3).prefix { $0.isNumber })
    }
    #expect(numbers == Array(1 ... numbers.count), "\(numbers)")
    #expect(!md.contains("Packet 1 in detail"))
    #expect(
        ReportViewModel.numberSections("## 7. A\n```\n## 9. not a heading\n```\n## DNS\n## 3. B")
            == "## 1. A\n```\n## 9. not a heading\n```\n## DNS\n## 2. B")
}
