@testable import ReportRendering
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
