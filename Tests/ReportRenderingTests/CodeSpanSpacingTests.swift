@testable import ReportRendering
import Foundation
import TestSupport
import Testing

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
