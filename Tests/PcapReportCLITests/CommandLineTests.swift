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
