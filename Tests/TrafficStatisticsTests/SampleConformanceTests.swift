import TestSupport
import Testing

/// The samples' numbers equal what tshark/capinfos printed for them (stored in Samples/reference by
/// Samples/make-references.sh). The comparison itself is Tools/conformance.py, the same checker
/// `make conformance` runs on the shared corpus.
@Test func sampleNumbersEqualTshark() throws {
    let tool = RepositoryPaths.root + "/.build/debug/pcap-report"
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build): \(tool)")
    let (status, output) = RepositoryPaths.run([
        "python3", RepositoryPaths.root + "/Tools/conformance.py", "--tool", tool,
        "--captures", RepositoryPaths.samples, "--references", RepositoryPaths.samples + "/reference",
    ])
    #expect(status == 0)
    // Every table the foundation covers must be identical on every sample.
    for table in ["capture properties", "protocol hierarchy", "conversations eth", "conversations ipv4", "conversations ipv6",
                  "conversations tcp", "conversations udp", "endpoints ipv4", "expert tcp"] {
        #expect(output.contains("\(table): 3/3 captures identical"), "\(table) differs from tshark:\n\(output)")
    }
}
