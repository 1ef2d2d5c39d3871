import Support
import ReportRendering
import TestSupport
import Testing

@testable import CaptureReport

@Test func theFullReportListsIndicatorsEscapedAndBounded() throws {
    var m = try model("walkthrough-synscan.pcapng")
    let hostile = "x|y<script>alert(1)</script>`*.example"
    m.indicators =
        [IndicatorEntry(kind: .domain, value: hostile, role: .c2, findingIDs: ["F1"])]
        + (0 ..< 250).map { IndicatorEntry(kind: .domain, value: "d\($0).example", role: .c2, findingIDs: ["F1"]) }
    let md = try MarkdownRenderer(templates: try templates()).render(m)
    let section = try #require(md.range(of: "## Indicators of compromise").map { String(md[$0.lowerBound...]) })
    #expect(!section.contains("<script>"))
    #expect(!section.contains("x|y"))  // the cell's pipe is escaped, the row keeps its four cells
    #expect(section.contains("d198.example") && !section.contains("d199.example"))
    #expect(section.contains("First 200 of 251 indicators; 51 more in the JSON report"))
    let html = try HTMLRenderer(templates: try templates()).render(m)
    #expect(html.contains("Indicators of compromise"))
    #expect(!html.contains("<script>alert(1)"))
    // The JSON lists every indicator.
    #expect(m.json().serialized().contains("d249.example"))
}

@Test func noIndicatorsNoSectionAndNoJSONMember() throws {
    var m = try model("walkthrough-synscan.pcapng")
    m.indicators = []
    let md = try MarkdownRenderer(templates: try templates()).render(m)
    #expect(!md.contains("## Indicators of compromise"))
    #expect(!m.json().serialized().contains("\"indicators\""))
}
