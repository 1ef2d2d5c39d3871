@testable import ReportRendering
import TestSupport
import Testing

/// Renders each Markdown report with a GFM renderer (cmark-gfm, tables extension) and checks the
/// structure survived: every pipe table became a table, every fence a code block, every section a
/// heading, and no row lost or gained a cell.
@Test(
    .enabled(if: ExternalTools.cmarkGFM != nil, "cmark-gfm is not installed (apt-get install cmark-gfm)"), arguments: samples + ["crafted"])
func markdownRendersAsGitHubFlavouredMarkdown(sample: String) throws {
    let cmarkGFM = try #require(ExternalTools.cmarkGFM)
    let m = sample == "crafted" ? try hostileModel() : try model(sample)
    for (name, md) in [("report", try MarkdownRenderer(templates: try templates()).render(m)),
                       ("summary", try MarkdownRenderer(templates: try templates()).renderSummary(m, links: ["HTML": "r.html"]))] {
        let file = TemporaryDirectory.make() + "/r.md"
        RepositoryPaths.writeText(md, to: file)
        let (status, html) = RepositoryPaths.run([cmarkGFM, "-e", "table", "-e", "autolink", "-e", "strikethrough", file])
        try #require(status == 0)
        let prose = outsideCodeBlocks(md)
        let tables = prose.split(separator: "\n").filter { $0.hasPrefix("|---") || $0.hasPrefix("|:--") }.count
        #expect(html.components("<table>") == tables, "\(name): tables")
        let fences = md.split(separator: "\n").filter { $0.hasPrefix("```") }.count
        #expect(html.components("<pre>") == fences / 2, "\(name): code blocks")
        let sections = prose.split(separator: "\n").filter { $0.hasPrefix("## ") }.count
        #expect(html.components("<h2>") == sections, "\(name): sections")
        #expect(!html.contains("<h1>") || html.components("<h1>") == 1, "\(name): one title")
        #expect(MarkupAudit.problems(html, relativeLinks: name == "summary") == [], "\(name): markup")
        #expect(tableShapeProblems(md) == [], "\(name): table rows")
        // Rows of a GFM table: each has the header's cell count after rendering too.
        for table in html.split(separator: Substring("<table>")).dropFirst() {
            let body = table.split(separator: Substring("</table>")).first ?? ""
            let rows = body.split(separator: Substring("<tr>")).dropFirst().map { String($0).components("<td") + String($0).components("<th") }
            #expect(Set(rows).count <= 1, "\(name): ragged table \(rows)")
        }
    }
}
