@testable import ReportRendering
import Foundation
import TestSupport
import Testing
import ThreatFindings

// Issue 16 (wording): the space after a code span in a finding's details was dropped
// ("`user`/`pass`lines").

@Test func detailsKeepTheSpaceAfterACodeSpan() {
    let text = ReportViewModel.detail("12 logins read in clear text (`user`/`pass` lines; one per pair).")
    #expect(text == "12 logins read in clear text (`user`/`pass` lines; one per pair).")
    #expect(ReportViewModel.detail("Probes: `tcp.flags == 0x002` and `udp` then more.").contains("` and `udp` then more"))
    // A detail that starts with spaces still drops them (they would hide a block marker).
    #expect(ReportViewModel.detail("  # `x` y") == "\\# `x` y")
}

@Test func noCodeSpanRunsIntoTheNextWordInALabReport() throws {
    let text = try MarkdownRenderer(templates: try templates()).render(try labModel("plaintext-login-2222.pcap"))
    #expect(text.contains("(`user`/`pass` lines;"))
    #expect(!text.contains("`lines"))
}

// The confidence reason is a plain table cell (escaped text), so a code span there would print
// its backticks: no detector's confidence wording may use one.
@Test func noConfidenceReasonUsesACodeSpan() throws {
    let lab = RepositoryPaths.root + "/Tests/Fixtures/lab"
    let names = try FileManager.default.contentsOfDirectory(atPath: lab).filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }
    #expect(names.count > 20)
    for name in names.sorted() {
        for f in try labModel(name).findings {
            #expect(!f.words.confidenceReason.contains("`"), "\(name) \(f.finding.id): \(f.words.confidenceReason)")
        }
    }
}

// Issue 15 review: a backtick in a DNS name split the detail's code spans (`a`b.com` became the code
// `a` and the text b.com`). Each name is now its own code span, fenced longer than its backtick runs.
@Test func aBacktickInADNSNameStaysInsideItsCodeSpan() throws {
    var m = try labModel("dns-tunnel.pcap")
    let t = try templates()
    let i = try #require(m.findings.firstIndex { $0.finding.kind == .dnsTunneling })
    var f = m.findings[i].finding
    guard case var .dnsTunneling(x) = f.facts else { Issue.record("not a DNS tunnel"); return }
    x.examples = ["a`b.t.exfil-cdn.net", "``x``.t.exfil-cdn.net", "`lead.t.exfil-cdn.net"]
    f.facts = .dnsTunneling(x)
    m.findings[i].finding = f
    m.findings[i].words = FindingWording.words(for: f, thresholds: DetectionThresholds())
    let detail = try #require(m.findings[i].words.details.first { $0.hasPrefix("Examples:") })
    #expect(detail == "Examples: ``a`b.t.exfil-cdn.net``, ``` ``x``.t.exfil-cdn.net ```, `` `lead.t.exfil-cdn.net ``.")
    #expect(ReportViewModel.detail(detail) == detail)
    let markdown = try MarkdownRenderer(templates: t).render(m)
    #expect(markdown.contains(detail))
    let html = try HTMLRenderer(templates: t).render(m)
    #expect(html.contains("<code>a`b.t.exfil-cdn.net</code>, <code>``x``.t.exfil-cdn.net</code>, <code>`lead.t.exfil-cdn.net</code>."))
}

@Test func aDetailReadsCodeSpansAsCommonMarkDoes() {
    // An unclosed run is text (escaped); a run closes only at a run of the same length.
    #expect(ReportViewModel.detail("a ` b") == "a \\` b")
    #expect(ReportViewModel.detail("`x` and ``y`z``") == "`x` and ``y`z``")
    #expect(ReportViewModel.detail("`` `a `` b") == "`` `a `` b")
    #expect(ReportViewModel.detail("``open `x`") == "\\`\\`open `x`")
}
