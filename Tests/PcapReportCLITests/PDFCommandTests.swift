import TestSupport
import Testing

// `--format pdf`, `--edition`, `--tlp` as the built tool parses them (`tool`: CommandLineTests.swift).

@Test(.enabled(if: ExternalTools.chromium != nil, "chromium is not installed (apt-get install chromium): no PDF printed"))
func formatPDFWritesThePDFWithTheOtherFilesAsOneSet() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    let errors = TemporaryDirectory.make() + "/stderr"
    let (status, _) = RepositoryPaths.run(
        [
            tool, RepositoryPaths.samples + "/walkthrough-synscan.pcapng", "--format", "pdf,json", "--edition", "customer",
            "--tlp", "red", "--customer", "ACME", "-o", out,
        ], stderrPath: errors)
    #expect(status == 0, "\(RepositoryPaths.readText(errors) ?? "")")
    #expect(RepositoryPaths.readText(out + "/walkthrough-synscan.pdf")?.hasPrefix("%PDF") == true)
    #expect(RepositoryPaths.exists(out + "/walkthrough-synscan.json") && !RepositoryPaths.exists(out + "/walkthrough-synscan.html"))
    #expect((RepositoryPaths.readText(out + "/.pcap-report-done.walkthrough-synscan") ?? "").contains("walkthrough-synscan.pdf"))
}

@Test func aMissingBrowserIsAOneLineErrorNamingThePackage() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    let errors = TemporaryDirectory.make() + "/stderr"
    let (status, _) = RepositoryPaths.run(
        [
            "/usr/bin/env", "PCAP_REPORT_CHROMIUM=/nonexistent/chromium", tool, RepositoryPaths.samples + "/benign-web.pcapng",
            "--format", "pdf", "-o", out,
        ], stderrPath: errors)
    #expect(status != 0)
    #expect((RepositoryPaths.readText(errors) ?? "").contains("install the package chromium"))
    #expect(!RepositoryPaths.exists(out + "/benign-web.pdf"))
}

@Test func unknownMarkingsAndEditionsAreUsageErrors() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    for flags in [["--tlp", "white"], ["--edition", "short"]] {
        let (status, _) = RepositoryPaths.run(
            [tool, RepositoryPaths.samples + "/benign-web.pcapng", "-o", TemporaryDirectory.make()] + flags)
        #expect(status == 2, "\(flags)")
    }
}
