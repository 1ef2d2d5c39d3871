import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// docs/nightly.md's systemd units and example config are real: checked here.
let nightlyDocs = RepositoryPaths.root + "/docs/nightly"

@Test(
    .enabled(
        if: ExternalTools.systemdAnalyze != nil, "systemd-analyze is not installed (apt-get install systemd): the units were not verified"))
func theSystemdServiceAndTimerPassSystemdAnalyzeVerify() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let systemdAnalyze = try #require(ExternalTools.systemdAnalyze)
    let dir = TemporaryDirectory.make()
    for unit in ["pcap-report-nightly.service", "pcap-report-nightly.timer"] {
        let text = try #require(RepositoryPaths.readText(nightlyDocs + "/" + unit))
        // The unit names the installed path; verify needs an executable there.
        RepositoryPaths.writeText(text.split(separator: "/usr/local/bin/pcap-report", omittingEmptySubsequences: false)
            .joined(separator: tool), to: dir + "/" + unit)
    }
    let errors = dir + "/verify.err"
    let units = [dir + "/pcap-report-nightly.service", dir + "/pcap-report-nightly.timer"]
    let (status, output) = RepositoryPaths.run([systemdAnalyze, "verify"] + units, stderrPath: errors)
    #expect(status == 0)
    #expect(output.isEmpty)
    #expect((RepositoryPaths.readText(errors) ?? "").isEmpty, "warnings: \(RepositoryPaths.readText(errors) ?? "")")
}

@Test func theExampleConfigIsValidAndItsFailOnAlerts() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    // Inputs and output from the command line override the example's /srv paths.
    let (status, _) = RepositoryPaths.run([tool, "--config", nightlyDocs + "/nightly.yaml", RepositoryPaths.samples,
                                           "-o", out, "--jobs", "1"])
    #expect(status == 3)                    // fail-on: high, and the walkthrough sample is a high port scan
    #expect(RepositoryPaths.exists(out + "/index.html"))
    #expect(RepositoryPaths.exists(out + "/walkthrough-synscan.summary.md"))
}
