import Support
import TestSupport
import Testing
@testable import TrafficStatistics

/// The corpus captures that carry HTTP over TCP (tshark 4.0 `-z http,tree,tcp` counts messages in them).
let httpCorpusFiles = [
    "chris__arppoison.pcapng", "chris__http_espn.pcapng", "chris__http_google.pcapng", "chris__http_ip4and6.pcapng",
    "chris__sessionhijacking.pcapng", "chris__tcp_ports.pcapng", "esnet__nmap_80_all.pcap", "markofu__dns.cap",
    "markofu__http.cap", "tcpdump__ipv4_tcp_http_xml.pcap", "zeek__1000-requests-one-dropped-response.pcap",
    "zeek__http-vlan-0.pcap", "zeek__mixed-vlan-mpls.pcap", "zeek__vlan-qinqinq.pcap", "zeek__wikipedia.pcap",
]

/// Files where we count fewer responses than tshark, and why (our numbers, pinned so a change shows):
/// a response body whose missing segment arrives later, out of order, ends incomplete here
/// (`TCPByteStreams` resynchronises, it does not buffer), while tshark's reassembly waits for it.
let httpKnownDifferences: [String: (requests: Int, responses: Int)] = [
    "esnet__nmap_80_all.pcap": (31, 30),  // tshark 31 / 32
    "markofu__dns.cap": (17, 11),  // tshark 17 / 13
]

/// tshark's request and response message counts over TCP (`-z http,tree,tcp`).
func tsharkHTTPCounts(_ path: String) -> (requests: Int, responses: Int) {
    let (_, output) = RepositoryPaths.run([ExternalTools.tshark ?? "tshark", "-n", "-r", path, "-q", "-z", "http,tree,tcp"])
    func count(_ label: String) -> Int {
        guard let line = output.split(separator: "\n").first(where: { $0.contains(label) }) else { return 0 }
        return line.split(separator: " ").compactMap { Int($0) }.first ?? 0
    }
    return (count("HTTP Request Packets"), count("HTTP Response Packets"))
}

/// The SHA-256 of every object `tshark --export-objects http` writes, as a multiset.
func tsharkExportedObjects(_ path: String) -> [String: Int] {
    let dir = TemporaryDirectory.make()
    _ = RepositoryPaths.run([ExternalTools.tshark ?? "tshark", "-n", "-r", path, "-q", "--export-objects", "http,\(dir)"])
    var hashes: [String: Int] = [:]
    for name in DirectoryWalker.names(in: dir) {
        if let hash = Digest.sha256(path: dir + "/" + name) { hashes[hash, default: 0] += 1 }
    }
    return hashes
}

@Test(
    .enabled(if: RepositoryPaths.corpus != nil, "the shared corpus (../shared/corpus/real) is not present: HTTP not compared"),
    .enabled(if: ExternalTools.tshark != nil, "tshark is not installed: HTTP counts not compared"))
func httpCountsAndObjectsEqualTshark() throws {
    let corpus = try #require(RepositoryPaths.corpus)
    var requestFiles = 0, objectsMatched = 0, objectsTotal = 0, summary: [String] = []
    for file in httpCorpusFiles {
        let path = corpus + "/real/" + file
        guard RepositoryPaths.exists(path) else { continue }
        let http = try CaptureAnalysis.analyze(path: path, options: AnalysisOptions(httpTransactionsKept: 100_000)).http
        let reference = tsharkHTTPCounts(path)
        let expected = httpKnownDifferences[file] ?? reference
        #expect(http.requests == expected.requests, "\(file): requests")
        #expect(http.responses == expected.responses, "\(file): responses")
        if http.requests == reference.requests && http.responses == reference.responses { requestFiles += 1 }
        // Every complete body of ours is an object tshark exports with the same digest. tshark also
        // exports the "Continuation" data of messages it could not parse (a head cut by a gap), which
        // we do not: those are counted in `objectsTotal` but not required.
        var ours: [String: Int] = [:]
        for t in http.transactions {
            for body in [t.requestBody, t.responseBody] {
                if let body, body.complete, !body.sha256.isEmpty { ours[body.sha256, default: 0] += 1 }
            }
        }
        let theirs = tsharkExportedObjects(path)
        let total = theirs.values.reduce(0, +)
        let matched = theirs.reduce(0) { $0 + min($1.value, ours[$1.key] ?? 0) }
        objectsTotal += total; objectsMatched += matched
        summary.append(
            "\(file): \(http.requests)/\(reference.requests) req \(http.responses)/\(reference.responses) resp, objects \(matched)/\(total)"
        )
        let oursMatched = ours.reduce(0) { $0 + min($1.value, theirs[$1.key] ?? 0) }
        #expect(oursMatched == ours.values.reduce(0, +), "\(file): a body of ours that tshark does not export")
    }
    print(
        "HTTP vs tshark: \(requestFiles) of \(httpCorpusFiles.count) files equal in counts, objects \(objectsMatched)/\(objectsTotal)\n"
            + summary.joined(separator: "\n"))
}
