import TestSupport
import Testing

/// A recursive partial in `--templates` used to overflow the stack (exit 139, no message): now one
/// error line naming the file, the line and the cycle, and exit 2 before any capture is read.
@Test func aRecursiveTemplatePartialIsAUsageErrorNotACrash() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let dir = TemporaryDirectory.make()
    RepositoryPaths.writeText("{{> section-verdict}}\n", to: dir + "/section-verdict.mustache")
    let errors = dir + "/stderr"
    let (status, _) = RepositoryPaths.run(
        [
            tool, RepositoryPaths.samples + "/benign-web.pcapng", "--templates", dir,
            "-o", TemporaryDirectory.make(),
        ], stderrPath: errors)
    #expect(status == 2)
    let message = RepositoryPaths.readText(errors) ?? ""
    #expect(message.split(separator: "\n").count == 1 && message.contains(dir + "/section-verdict.mustache:1:1"), "\(message)")
    #expect(message.contains("includes itself"))
}
