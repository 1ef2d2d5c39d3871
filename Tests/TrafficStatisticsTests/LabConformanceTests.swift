import TestSupport
import Testing

/// The lab conformance set (docs/conformance.md, "Lab set"): crafted captures of the classes tshark
/// dissects by rule (ICMP errors, Ethernet padding, duplicated frames, POP/SMTP messages, out-of-order
/// HTTP, HTTP continuation data, malformed Telnet) and the real tool runs (nmap, hping3, an SMTP/POP3
/// session) recorded on loopback, against the tshark 4.0 references committed in
/// Tests/Fixtures/lab/reference (Tests/Lab/make-fidelity-references.sh). Same checker as `make conformance`.
/// Every table of both sets equals tshark's (docs/conformance.md lists none that differs).
@Test(arguments: [
    ("fidelity", [(String, Int)]()),
    ("live", [(String, Int)]()),
])
func labNumbersEqualTshark(folder: String, exceptions: [(String, Int)]) throws {
    let tool = RepositoryPaths.root + "/.build/debug/pcap-report"
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build): \(tool)")
    let lab = RepositoryPaths.root + "/Tests/Fixtures/lab"
    var arguments = [
        "python3", RepositoryPaths.root + "/Tools/conformance.py", "--tool", tool,
        "--captures", lab + "/" + folder, "--references", lab + "/reference",
    ]
    let tables = [
        "capture properties", "protocol hierarchy", "conversations eth", "conversations ipv4", "conversations ipv6",
        "conversations tcp", "conversations udp", "endpoints ipv4", "expert tcp", "expert all",
    ]
    for table in tables {
        let percent = exceptions.first { $0.0 == table }?.1 ?? 100
        arguments += ["--min-score", "\(table)=\(percent)"]
    }
    let (status, output) = RepositoryPaths.run(arguments)
    let scores = output.split(separator: "\n").filter { $0.contains("captures identical") }.joined(separator: "\n")
    #expect(status == 0, "a lab conformance score fell below its minimum:\n\(output)")
    for table in tables { #expect(scores.contains("\(table): "), "no score line for \(table):\n\(scores)") }
}
