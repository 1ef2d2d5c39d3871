import TestSupport
import Testing

// Web attack findings in the written reports (Tests/Fixtures/lab/web-*.pcap, made by
// Tests/Lab/make-web-captures.py): request text is escaped text, never markup or a code span, and
// `--redact payload` withholds it.

/// Runs the tool on one lab capture; the output folder.
func reportWebCapture(_ file: String, _ extra: [String] = []) throws -> String {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make() + "/out"
    let (status, _) = RepositoryPaths.run(
        [
            tool, RepositoryPaths.root + "/Tests/Fixtures/lab/" + file, "-o", out, "--format", "md,html,json,iocs", "--generated-at",
            "2026-01-01T00:00:00Z",
        ] + extra)
    #expect(status == 0)
    return out
}

@Test func attackRequestsAreShownAsEscapedTextInEveryFormat() throws {
    let out = try reportWebCapture("web-xss-probes.pcap")
    let md = RepositoryPaths.readText(out + "/web-xss-probes.md") ?? ""
    let html = RepositoryPaths.readText(out + "/web-xss-probes.html") ?? ""
    // The raw probe: backquotes become %60 (no code span can open), <, >, *, [ and | are escaped.
    let line = try #require(md.split(separator: "\n").first { $0.contains("Example") && $0.contains("bold") })
    #expect(line.contains("%60\\<svg/onload=alert(1)\\>%60"), "\(line)")
    #expect(!line.contains("`") && !line.contains("**bold**"))
    #expect(!html.contains("<svg/onload") && html.contains("&lt;svg/onload=alert(1)&gt;"))
    #expect(!html.contains("href=\"javascript:"))
    #expect(
        md.contains(
            "Web attack on 10.66.0.10: 10.66.0.20 sent 7 requests with cross-site scripting (XSS) payloads; the server answered 2xx to 7 of them."
        ))
    let iocs = RepositoryPaths.readText(out + "/web-xss-probes.iocs.csv") ?? ""
    #expect(iocs.contains("http://shop.example.test/search"))
}

@Test func redactPayloadWithholdsTheRequestsButKeepsTheCounts() throws {
    let out = try reportWebCapture("web-traversal-cmd.pcap", ["--redact", "payload"])
    let json = RepositoryPaths.readText(out + "/web-traversal-cmd.json") ?? ""
    let md = RepositoryPaths.readText(out + "/web-traversal-cmd.md") ?? ""
    // The findings and the indicators (the expert rows quote request lines on their own: not this detector's).
    func after(_ text: String, _ marker: String) -> String {
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let i = parts.firstIndex(where: { $0.contains(marker) }) else { return "" }
        return parts[i...].joined(separator: "\n")
    }
    let findings = after(json, "\"findings\""), section = after(md, "## 8. Findings")
    #expect(!findings.isEmpty && !section.isEmpty)
    for text in [findings, section] {
        #expect(!text.contains("/download.php?file") && !text.contains("host=127.0.0.1") && !text.contains("curl/8.5.0"))
    }
    #expect(md.contains("Example, frame 4 (path traversal), answered 200: GET \\[redacted\\]."))
    #expect(md.contains("the server answered 2xx to 5 of them"))
}

@Test func formGuessingNamesTheSuccessfulGuessButNoPassword() throws {
    let out = try reportWebCapture("web-form-bruteforce-users.pcap")
    let md = RepositoryPaths.readText(out + "/web-form-bruteforce-users.md") ?? ""
    #expect(md.contains("3 distinct user names and 24 distinct passwords"))
    #expect(md.contains("The answer in frame 173 (to the request in frame 172, user webmaster) differs from the usual one"))
    for p in 0 ..< 8 { for u in ["ad", "ro", "we"] { #expect(!md.contains("Hb0\(p)\(u)guess")) } }
}
