@testable import BatchRunning
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The run index lists capture file names, which anyone who can drop a file in the archive chooses:
/// they stay text, and the page forbids scripts like the reports do.
@Test func runIndexPageIsInertForHostileCaptureNames() {
    let hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>.pcap"
    let index = RunIndex([IndexEntry(name: "capture", fileName: hostile, error: "bad <b>magic</b>")])
    let html = index.html()
    #expect(html.contains("Content-Security-Policy"))
    #expect(html.contains("script-src 'none'"))
    #expect(!html.contains("<script>"))
    #expect(!html.contains("<img"))
    #expect(!html.contains("<b>magic"))
}

/// At 390 px the index is usable (viewport meta, tables scroll in their box), and it carries the
/// brand and the customer like the reports do, escaped.
@Test func runIndexPageHasAViewportTheBrandAndTheCustomer() {
    var index = RunIndex([IndexEntry(name: "capture", fileName: "c.pcap", error: "bad magic")])
    index.heading = .init(
        brandName: "Acme <Security>", brandCSS: ":root { --brand: #123456; } </style><script>", customer: "Globex & Co", tlp: "TLP:AMBER")
    let html = index.html()
    #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
    #expect(html.contains("<title>Acme &lt;Security&gt; · Capture reports</title>"))
    #expect(html.contains("--brand: #123456;") && !html.contains("</style><script>"))
    #expect(html.contains("Customer: Globex &amp; Co · TLP:AMBER"))
    #expect(html.contains("<div class=\"table-wrap\"><table>"))
    #expect(
        index.markdown().contains("**Customer:** Globex \\& Co · **TLP:AMBER**")
            || index.markdown().contains("**Customer:** Globex & Co · **TLP:AMBER**"))
}

/// A run of one capture into a folder that holds another run's reports keeps that capture in the
/// index; a capture whose reports are gone is dropped.
@Test func aRunOfOneCaptureKeepsTheFoldersOtherCapturesInTheIndex() throws {
    let root = MixedFolder.make()
    let templates = try MixedFolder.templates()
    var options = MixedFolder.options(root)
    _ = BatchRun(options: options, templates: templates).run()
    let first = RunIndex.earlierEntries(in: root + "/out", except: [])
    let names = first.filter { $0.error == nil && !$0.name.contains("/") }.map(\.name)
    try #require(names.count >= 2, "the mixed folder reports several captures")
    // Report one of them alone into the same folder, after removing another one's reports.
    let alone = names[0], gone = names[1]
    for ext in ["json", "md", "html", "summary.md"] { unlink(root + "/out/" + gone + "." + ext) }
    unlink(root + "/out/.pcap-report-done." + gone)
    options.inputs = [first.first { $0.name == alone }.map { root + "/in/" + $0.fileName } ?? ""]
    _ = BatchRun(options: options, templates: templates).run()
    let text = RepositoryPaths.readText(root + "/out/index.json") ?? ""
    for name in names where name != gone { #expect(text.contains("\"name\": \"\(name)\""), "\(name) stays in the index") }
    #expect(!text.contains("\"name\": \"\(gone)\""), "a capture whose reports are gone is dropped")
}
