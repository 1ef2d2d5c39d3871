import Support
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `pcap-report index` trusts a capture's reports only as its completion record lists them: a set
/// torn by a kill (new JSON and Markdown beside an old HTML) is not linked as if it were whole.
@Test func theIndexCommandDoesNotLinkATornReportSet() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let dir = TemporaryDirectory.make()
    let out = dir + "/out"
    let samples = ["benign-web", "walkthrough-synscan"].map { RepositoryPaths.samples + "/\($0).pcapng" }
    #expect(RepositoryPaths.run([tool] + samples + ["-o", out]).status == 0)
    RepositoryPaths.writeText("<!DOCTYPE html>\n<html><body>last night's report</body></html>\n", to: out + "/benign-web.html")
    #expect(RepositoryPaths.run([tool, "index", out]).status == 1)
    let index = try #require(RepositoryPaths.readText(out + "/index.json"))
    #expect(!index.contains("\"html\": \"benign-web.html\""), "a torn set is linked")
    #expect(RepositoryPaths.readText(out + "/index.html")?.contains("href=\"benign-web.html\"") == false)
    #expect(index.contains("walkthrough-synscan.html"))
    let json = try JSONReader.parse(index)
    let failed = json["failed"]?.arrayValue?.first { $0["name"]?.stringValue == "benign-web" }
    #expect(failed?["error"]?.stringValue?.contains("benign-web.html") == true, "\(index)")
}
