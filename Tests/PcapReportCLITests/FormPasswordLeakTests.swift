import TestSupport
import Testing

// hydra http-get-form / http-post-form guesses (Tests/Fixtures/lab/http-form-bruteforce.pcap,
// made by Tests/Lab/make-accuracy-captures.py): no output the tool writes may show a password.

/// Every password the capture carries: 20 GET-form guesses, 20 POST-form guesses (each in six
/// spellings of the field name) and the mid-stream POST of frame 1 (the packet pane and hex dump).
let formPasswords =
    (0 ..< 20).map { "Zq7\($0 < 10 ? "0" : "")\($0)getform" } + (0 ..< 20).map { "Xw4\($0 < 10 ? "0" : "")\($0)postform" }
    + ["Mv9midstream"]

@Test func formPasswordsAppearInNoOutputFileOrLogLine() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make() + "/out"
    let log = TemporaryDirectory.make() + "/log"
    let (status, _) = RepositoryPaths.run(
        [
            tool, RepositoryPaths.root + "/Tests/Fixtures/lab/http-form-bruteforce.pcap", "-o", out,
            "--format", "md,html,json,iocs,stix,misp", "--generated-at", "2026-01-01T00:00:00Z", "--log-format", "json",
        ], stderrPath: log)
    #expect(status == 0)
    let files = filesIn(out)
    // Report, summary, run index and the exports are all there to be searched.
    for name in [
        "http-form-bruteforce.md", "http-form-bruteforce.html", "http-form-bruteforce.json", "http-form-bruteforce.summary.md",
        "index.html", "index.json", "http-form-bruteforce.stix.json",
    ] {
        #expect(files.contains(name), "\(name) missing")
    }
    var texts = [("log", RepositoryPaths.readText(log) ?? "")]
    for name in files { texts.append((name, RepositoryPaths.readText(out + "/" + name) ?? "")) }
    for (name, text) in texts {
        for secret in formPasswords { #expect(!text.contains(secret), "\(name) shows \(secret)") }
    }
    let report = RepositoryPaths.readText(out + "/http-form-bruteforce.md") ?? ""
    // A hex dump splits text over 16-byte rows: join the ASCII columns of every dump and search again.
    let ascii = report.split(separator: "\n").filter { line in
        line.count > 56 && line.prefix(4).allSatisfy(\.isHexDigit) && line.dropFirst(4).hasPrefix("  ")
    }.map { String($0.dropFirst(56)) }.joined()
    #expect(ascii.contains("POST /login.php"))
    for secret in formPasswords { #expect(!ascii.contains(secret), "a hex dump shows \(secret)") }
    // The guesses are still visible as masked fields: in the expert rows (one row for all 20 GET
    // lines) and in the stream excerpts; the packet pane's hex dump shows `*` for each secret byte.
    #expect(report.contains("password=\\*\\*\\*\\*\\*\\*\\*\\*") || report.contains("password=********"))
    #expect(report.contains("/dvwa/vulnerabilities/brute/"))
}
