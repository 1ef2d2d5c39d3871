import TestSupport
import Testing

// `--generated-at` and `--timezone` as the built tool parses them (`tool`: CommandLineTests.swift).

@Test func impossibleGenerationTimesAreUsageErrors() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    for time in [
        "2026-02-30T10:00:00Z", "2025-02-29T10:00:00Z", "2026-13-01T10:00:00Z", "2026-00-10T10:00:00Z",
        "2026-04-31T10:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T10:60:00Z", "2026-01-01T10:00:61Z",
        "2026-01-01T10:00:00+24:00", "2026-01-01T10:00:00+01:60",
    ] {
        let (status, _) = RepositoryPaths.run([
            tool, RepositoryPaths.samples + "/benign-web.pcapng", "--generated-at", time,
            "-o", TemporaryDirectory.make(),
        ])
        #expect(status == 2, "\(time)")
    }
    let out = TemporaryDirectory.make()
    let (status, _) = RepositoryPaths.run([
        tool, RepositoryPaths.samples + "/benign-web.pcapng", "--generated-at",
        "2024-02-29T23:59:60+14:00", "-o", out, "--format", "md",
    ])
    #expect(status == 0, "a leap day and a leap second are real times")
    #expect((RepositoryPaths.readText(out + "/benign-web.md") ?? "").contains("2024-02-29T23:59:60+14:00"))
}

@Test func aNegativeOffsetIsAcceptedAsTheHelpWritesIt() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let out = TemporaryDirectory.make()
    let errors = TemporaryDirectory.make() + "/stderr"
    let (status, _) = RepositoryPaths.run(
        [
            tool, RepositoryPaths.samples + "/walkthrough-synscan.pcapng", "--timezone", "-05:30",
            "-o", out, "--format", "md",
        ], stderrPath: errors)
    #expect(status == 0, "\(RepositoryPaths.readText(errors) ?? "")")
    #expect((RepositoryPaths.readText(out + "/walkthrough-synscan.md") ?? "").contains("2024-03-12T08:33:27.412337-05:30"))
}
