@testable import CaptureReport
@testable import ReportRendering
import TestSupport
import ThreatFindings
import TrafficStatistics
import Testing

/// Invisible characters in capture text are shown, as bidi controls are (U+FFFD): a name with a
/// zero-width space must not read as the name without it.
@Test(arguments: ["\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{00AD}", "\u{E0041}", "\u{E007F}", "\u{FE0F}"])
func invisibleCharactersAreShownInMarkdownAndHTML(_ invisible: String) {
    let text = "pay" + invisible + "pal"
    #expect(MarkdownText.inline(text) == "pay\u{FFFD}pal")
    #expect(MarkdownText.code(text) == "`pay\u{FFFD}pal`")
    #expect(HTMLText.escape(text) == "pay\u{FFFD}pal")
}

/// URLs from captures are defanged in Markdown, so GFM autolinking makes nothing clickable; the
/// program's own text and ordinary dotted words are untouched.
@Test func urlsFromCapturesAreDefanged() {
    #expect(
        MarkdownText.inline("GET http://evil.example/a.php then HTTPS://x.evil.example:8443/")
            == "GET hxxp://evil\\[.\\]example/a.php then hxxps://x\\[.\\]evil\\[.\\]example:8443/")
    #expect(
        MarkdownText.inline("see www.evil.example. ftp://files.evil.example")
            == "see www\\[.\\]evil\\[.\\]example. fxp://files\\[.\\]evil\\[.\\]example")
    #expect(MarkdownText.inline("10.39.5.6 probed 60 ports; v1.2.3 in report.md") == "10.39.5.6 probed 60 ports; v1.2.3 in report.md")
    #expect(MarkdownText.inline("xhttp://a.b") == "xhttp://a.b")
}

/// The whole report through cmark-gfm with the autolink extension (as GitHub and GitLab render
/// it): capture text with URLs and invisible characters yields no link and no invisible character.
@Test(.enabled(if: ExternalTools.cmarkGFM != nil, "cmark-gfm is not installed (apt-get install cmark-gfm)"))
func capturedURLsAreNotAutolinkedByGFM() throws {
    let cmarkGFM = try #require(ExternalTools.cmarkGFM)
    var m = try model("walkthrough-synscan.pcapng")
    m.presentation.customer = "Visit http://evil.example/login or www.evil.example, pay\u{200B}pal\u{E0041}"
    m.capture.fileName = "https://evil.example/pay\u{2060}pal.pcapng"
    let md = try MarkdownRenderer(templates: try templates()).render(m)
    let file = TemporaryDirectory.make() + "/r.md"
    RepositoryPaths.writeText(md, to: file)
    let (status, html) = RepositoryPaths.run([cmarkGFM, "-e", "table", "-e", "autolink", file])
    try #require(status == 0)
    #expect(!html.contains("<a href=\"http") && !html.contains("<a href=\"www"), "a capture URL became a link")
    #expect(html.contains("hxxp://evil[.]example/login") && html.contains("www[.]evil[.]example"))
    let page = try HTMLRenderer(templates: try templates()).render(m)
    for text in [md, page] {
        #expect(!text.unicodeScalars.contains { $0.value == 0x200B || $0.value == 0x2060 || $0.value == 0xE0041 })
        #expect(text.contains("pay\u{FFFD}pal"))
    }
}
