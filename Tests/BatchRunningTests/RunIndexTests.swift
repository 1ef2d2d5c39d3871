@testable import BatchRunning
import Testing

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
