import CaptureReport
import TestSupport
import Testing

let tool = RepositoryPaths.root + "/.build/debug/pcap-report"

@Test func reportsEverySampleInAllThreeFormats() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    let (status, _) = RepositoryPaths.run([tool, RepositoryPaths.samples, "--output-dir", out])
    #expect(status == 0)
    for sample in ["walkthrough-synscan", "benign-web", "hostile-strings"] {
        for ext in ["md", "html", "json"] { #expect(RepositoryPaths.exists("\(out)/\(sample).\(ext)")) }
    }
}

@Test func anUnreadableInputFailsWithOneLineAndTheOthersAreStillReported() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let dir = TemporaryDirectory.make()
    RepositoryPaths.writeText("not a capture", to: dir + "/broken.pcap")
    let out = TemporaryDirectory.make()
    let errors = dir + "/stderr"
    let (status, _) = RepositoryPaths.run([tool, dir + "/broken.pcap", RepositoryPaths.samples + "/benign-web.pcapng",
                                           "-o", out, "--format", "json"], stderrPath: errors)
    #expect(status == 1)
    #expect(RepositoryPaths.exists(out + "/benign-web.json"))
    #expect(!RepositoryPaths.exists(out + "/benign-web.md"))
    let message = RepositoryPaths.readText(errors) ?? ""
    #expect(message.split(separator: "\n").count == 1)
    #expect(message.contains("broken.pcap"))
}

@Test func aBadFormatIsAUsageError() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let (status, _) = RepositoryPaths.run([tool, "--format", "pdf", RepositoryPaths.samples])
    #expect(status == 2)
}

@Test func reportOptionsReachTheHeaderAndTheSummary() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    let (status, _) = RepositoryPaths.run([tool, RepositoryPaths.samples + "/walkthrough-synscan.pcapng", "-o", out,
                                           "--customer", "Globex", "--ticket", "SOC-1", "--analyst", "R. O.",
                                           "--timezone", "+01:00", "--generated-at", "2026-11-29T10:00:00Z", "--summary",
                                           "--redact", "addresses=10.39.5.2/32"])
    #expect(status == 0)
    let md = RepositoryPaths.readText(out + "/walkthrough-synscan.md") ?? ""
    #expect(md.contains("**Customer:** Globex · **Ticket:** SOC-1 · **Analyst:** R. O."))
    #expect(md.contains("**Generated:** 2026-11-29T10:00:00Z · **Times:** UTC+01:00"))
    #expect(md.contains("2024-03-12T15:03:27.412337+01:00"))
    #expect(!md.contains("10.39.5.6") && md.contains("10.39.5.2") && md.contains("⟨host-1⟩"))
    let summary = RepositoryPaths.readText(out + "/walkthrough-synscan.summary.md") ?? ""
    #expect(summary.contains("- HTML: [walkthrough-synscan.html](walkthrough-synscan.html)"))
    #expect(summary.contains("**Capture SHA-256**") && summary.contains("Display filter: `"))
}

@Test func badReportOptionsAreUsageErrors() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    for args in [["--timezone", "Mars/Olympus"], ["--generated-at", "yesterday"], ["--redact", "everything"],
                 ["--redact", "addresses=10.0.0.0/33"], ["--templates", "/nonexistent/templates"]] {
        let (status, _) = RepositoryPaths.run([tool, RepositoryPaths.samples] + args + ["-o", TemporaryDirectory.make()])
        #expect(status == 2, "\(args)")
    }
}
