import TestSupport
import Testing

/// Our numbers against tshark 4.0 / capinfos on the shared corpus of real captures (`make conformance`
/// runs the same checker and prints every row). Skipped, with the reason, when `../shared/corpus` is
/// absent. The thresholds are the targets; docs/differences.md lists every remaining
/// difference with its cause.
@Test(.enabled(if: RepositoryPaths.corpus != nil, "the shared corpus (../shared/corpus/real) is not present: corpus conformance not checked"))
func corpusNumbersEqualTshark() throws {
    let tool = RepositoryPaths.root + "/.build/debug/pcap-report"
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build): \(tool)")
    let corpus = try #require(RepositoryPaths.corpus)
    let minimum: [(String, Int)] = [
        ("capture properties", 100),
        ("conversations eth", 95), ("conversations ipv4", 95), ("conversations ipv6", 95),
        ("conversations tcp", 95), ("conversations udp", 95), ("endpoints ipv4", 95),
        ("protocol hierarchy", 90),
    ]
    var arguments = ["python3", RepositoryPaths.root + "/Tools/conformance.py", "--tool", tool, "--corpus", corpus]
    for (table, percent) in minimum { arguments += ["--min-score", "\(table)=\(percent)"] }
    let (status, output) = RepositoryPaths.run(arguments)
    let scores = output.split(separator: "\n").filter { $0.contains("captures identical") }.joined(separator: "\n")
    #expect(status == 0, "a conformance score fell below its threshold:\n\(scores)")
    for (table, _) in minimum { #expect(scores.contains("\(table): "), "no score line for \(table):\n\(scores)") }
}
