import TestSupport
import Testing

/// `--redact` covers every file a run writes, not only the reports: the run index repeats each
/// capture's headline (attacker and target) and the manifest stores it.
@Test(arguments: [["--redact", "all"], ["--redact", "addresses=192.0.2.0/24"]])
func redactionReachesTheRunIndexAndTheManifest(_ redact: [String]) throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    let (status, _) = RepositoryPaths.run([tool, RepositoryPaths.samples + "/walkthrough-synscan.pcapng", "-o", out] + redact)
    #expect(status == 0)
    let files = [
        "index.html", "index.md", "index.json", ".pcap-report-manifest.json", "walkthrough-synscan.md",
        "walkthrough-synscan.html", "walkthrough-synscan.json", "walkthrough-synscan.summary.md",
    ]
    for file in files {
        let text = try #require(RepositoryPaths.readText(out + "/" + file), "\(file) was not written")
        for clear in ["10.39.5.6", "10.39.5.2", "02:00:0a:27:05:06", "02:00:0a:27:05:02"] {
            #expect(!text.contains(clear), "\(file) shows \(clear)")
        }
    }
    let index = RepositoryPaths.readText(out + "/index.md") ?? ""
    #expect(index.contains("⟨host-1⟩") && index.contains("⟨host-2⟩"), "the index headline names the hosts by placeholder")
}
