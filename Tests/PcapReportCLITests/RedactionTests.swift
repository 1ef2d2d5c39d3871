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

/// `--redact payload`: Expert Information's HTTP chat rows quote request lines; their targets are
/// payload and are withheld (rows that then read alike are one row, counts added).
@Test func payloadRedactionWithholdsRequestTargetsInExpertInformation() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    let capture = RepositoryPaths.root + "/Tests/Fixtures/lab/http-form-bruteforce.pcap"
    let (status, _) = RepositoryPaths.run([tool, capture, "-o", out, "--redact", "payload"])
    #expect(status == 0)
    for file in ["http-form-bruteforce.md", "http-form-bruteforce.html", "http-form-bruteforce.json"] {
        let text = try #require(RepositoryPaths.readText(out + "/" + file), "\(file) was not written")
        #expect(!text.contains("/dvwa/vulnerabilities/brute/?username"), "\(file) quotes a request target")
        #expect(!text.contains("POST /login.php"), "\(file) quotes a request target")
    }
    let markdown = RepositoryPaths.readText(out + "/http-form-bruteforce.md") ?? ""
    #expect(markdown.contains(#"| chat | sequence | HTTP | GET \[target withheld\] HTTP/1.1\\r\\n | 20 |"#))
    #expect(markdown.contains(#"| chat | sequence | HTTP | POST \[target withheld\] HTTP/1.1\\r\\n | 21 |"#))
}
