import TestSupport
import Testing

/// The part of a report from the HTTP section's heading to the next section (Markdown `## `, HTML
/// `<h2`) or, for JSON, from the `http` member on.
func httpPart(_ text: String, _ file: String) -> String {
    if file.hasSuffix(".json") { return text.components(separatedBy: "\"http\": {").dropFirst().joined() }
    let (start, next) = file.hasSuffix(".md") ? ("\n## HTTP", "\n## ") : ("<h2 id=\"http\"", "<h2")
    guard let part = text.components(separatedBy: start).dropFirst().first else { return "" }
    return part.components(separatedBy: next).first ?? part
}

/// The lab download: a PE named invoice.pdf.exe with a password in the query and markup in the user
/// agent, then a gzip-encoded chunked PDF (Tests/Lab/make-http-captures.py).
let httpLabCapture = RepositoryPaths.root + "/Tests/Fixtures/lab/http-download.pcap"

@Test func httpSectionAndFilesAreRenderedEscapedInEveryFormat() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    let (status, _) = RepositoryPaths.run([tool, httpLabCapture, "-o", out, "--format", "md,html,json"])
    #expect(status == 0)
    let md = try #require(RepositoryPaths.readText(out + "/http-download.md"))
    let section = try #require(md.components(separatedBy: "## HTTP").dropFirst().first)
    #expect(section.contains("2 requests and 2 responses"))
    #expect(section.contains("### Files carried over HTTP") && section.contains("invoice.pdf.exe"))
    // tshark --export-objects http writes these two objects (the PDF decoded from gzip).
    #expect(section.contains("27057075d354b0b2edd9bd68c5baf2b4f71bbd4b87770bb225185041459db00b"))
    #expect(section.contains("1c9db8b292b09c544c0c068214146846432c68c2397a2ff2290561979080a0ed"))
    #expect(section.contains("\\<script\\>") && !section.contains("<script>"), "the user agent is escaped table text")
    #expect(!section.contains("hunter2"), "the query's password is masked")
    let html = try #require(RepositoryPaths.readText(out + "/http-download.html"))
    let htmlSection = httpPart(html, "x.html") + (html.components(separatedBy: "Files carried over HTTP").dropFirst().first ?? "")
    #expect(!htmlSection.contains("<script>alert") && htmlSection.contains("&lt;script&gt;"))
    let json = try #require(RepositoryPaths.readText(out + "/http-download.json"))
    #expect(json.contains("\"http\"") && json.contains("\"magic\":\"pe\"") || json.contains("\"magic\": \"pe\""))
    #expect(!httpPart(json, "x.json").contains("hunter2"))
}

@Test func redactAllWithholdsHTTPHostsTargetsAgentsAndNames() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    _ = RepositoryPaths.run([tool, httpLabCapture, "-o", out, "--format", "md,html,json", "--redact", "all"])
    for file in ["http-download.md", "http-download.html", "http-download.json"] {
        let text = try #require(RepositoryPaths.readText(out + "/" + file))
        let http = httpPart(text, file)
        #expect(!http.isEmpty, "\(file) has an HTTP section")
        for secret in ["files.example.net", "invoice.pdf.exe", "curl/8.5.0", "/docs/report.pdf", "10.66.0.20"] {
            #expect(!http.contains(secret), "\(file) shows \(secret)")
        }
        #expect(http.contains("27057075d354b0b2"), "\(file): digests stay (they identify the payload, not the people)")
    }
}

@Test func httpSectionIsAbsentWithoutHTTP() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    _ = RepositoryPaths.run([tool, RepositoryPaths.samples + "/walkthrough-synscan.pcapng", "-o", out, "--format", "md,json"])
    #expect(!(RepositoryPaths.readText(out + "/walkthrough-synscan.md") ?? "## HTTP").contains("## HTTP"))
    #expect(!(RepositoryPaths.readText(out + "/walkthrough-synscan.json") ?? "\"http\"").contains("\"http\""))
}

/// A capture with FTP transfers and no HTTP: the section is "Files" with the files table only,
/// not an empty HTTP table saying "0 requests".
@Test func anFTPOnlyCaptureShowsItsFilesWithoutAnEmptyHTTPTable() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    let (status, _) = RepositoryPaths.run([tool, RepositoryPaths.root + "/Tests/Fixtures/lab/ftp-transfers.pcap", "-o", out])
    #expect(status == 0)
    let text = try #require(RepositoryPaths.readText(out + "/ftp-transfers.md"))
    #expect(text.contains("## Files\n\nNo HTTP message in this capture; the files below were carried over FTP data connections."))
    #expect(text.contains("### Files carried over FTP\n"))
    #expect(!text.contains("0 requests and 0 responses") && !text.contains("| Request | Response | Time |"))
}
