import ReportRendering
import TestSupport
import ThreatFindings
import TrafficStatistics
import Testing

/// What we conclude on the shared corpus' real captures (docs/detections.md has the full table).
/// Skipped, with the trait's message, when ../shared/corpus is absent.
struct CorpusVerdict: CustomTestStringConvertible, Sendable {
    var file: String
    /// `kind/technique` of the leading finding, or nil for "no finding above info".
    var lead: String?
    var attacker: String? = nil
    var target: String? = nil
    var testDescription: String { file }
}

let corpusVerdicts: [CorpusVerdict] = [
    .init(file: "markofu__TCP_SYN_SCAN.pcap", lead: "port-scan/tcp-syn", attacker: "192.168.1.10", target: "192.168.1.25"),
    .init(file: "markofu__TCP_CONNECT_SCAN.pcap", lead: "port-scan/tcp-connect", attacker: "192.168.1.10", target: "192.168.1.25"),
    .init(file: "markofu__FIN_SCAN.pcap", lead: "port-scan/tcp-fin", attacker: "192.168.1.10", target: "192.168.1.25"),
    .init(file: "markofu__NULL_SCAN.pcap", lead: "port-scan/tcp-null", attacker: "192.168.1.10", target: "192.168.1.25"),
    .init(file: "markofu__XMAS_TREE_SCAN.pcap", lead: "port-scan/tcp-xmas", attacker: "192.168.1.10", target: "192.168.1.25"),
    .init(file: "markofu__ACK_SCAN.pcap", lead: "port-scan/tcp-ack", attacker: "192.168.1.10", target: "192.168.1.25"),
    .init(file: "markofu__UDP_SCAN.pcap", lead: "port-scan/udp", attacker: "192.168.1.10", target: "192.168.1.25"),
    .init(file: "markofu__IP_PROTOCOL_SCAN.pcap", lead: "port-scan/ip-protocol", attacker: "192.168.1.10", target: "192.168.1.25"),
    .init(file: "markofu__portscan.pcap", lead: "port-scan/tcp-syn", attacker: "10.100.25.14", target: "10.100.18.12"),
    .init(file: "chris__synscan.pcapng", lead: "port-scan/tcp-syn", attacker: "172.16.0.8", target: "64.13.134.52"),
    .init(file: "esnet__tcp_0_1000_20190821.pcap", lead: "port-scan/tcp-syn", attacker: "172.31.15.102", target: "198.124.152.15"),
    .init(file: "esnet__udp_0_1000_20190821.pcap", lead: "port-scan/udp", attacker: "172.31.15.102", target: "198.124.152.15"),
    .init(file: "chris__arppoison.pcapng", lead: "arp-spoofing/arp-cache-poisoning", attacker: "172.16.0.105", target: "172.16.0.107"),
    .init(file: "markofu__dosattack.pcap", lead: "syn-flood/spoofed-sources"),
    .init(file: "zeek__nmap-vsn.pcap", lead: "host-sweep/arp", attacker: "192.168.1.71"),
    .init(file: "zeek__fragmented-1.pcap", lead: "evasion/overlapping-fragments", attacker: "164.1.123.163"),
    .init(file: "markofu__xscan_capture.pcap", lead: "port-scan/tcp-connect", attacker: "192.168.1.125", target: "192.168.1.120"),
    // Benign captures: nothing above info.
    .init(file: "chris__http_espn.pcapng", lead: nil), .init(file: "zeek__1000-requests-one-dropped-response.pcap", lead: nil),
    .init(file: "zeek__echo-connections.pcap", lead: nil), .init(file: "markofu__dns.cap", lead: nil),
    .init(file: "chris__tcp_retransmissions.pcapng", lead: nil), .init(file: "zeek__ssh.pcap", lead: nil),
    .init(file: "chris__tcp_ports.pcapng", lead: nil), .init(file: "zeek__wikipedia.pcap", lead: nil),
    .init(file: "chris__dns_lab.pcapng", lead: nil), .init(file: "zeek__tls1.2.pcap", lead: nil),
]

@Test(.enabled(if: RepositoryPaths.corpus != nil, "the shared corpus (../shared/corpus) is not present"), arguments: corpusVerdicts)
func corpusCaptureGetsTheExpectedVerdict(_ v: CorpusVerdict) throws {
    let path = (RepositoryPaths.corpus ?? "") + "/real/" + v.file
    try #require(RepositoryPaths.exists(path), "missing \(path)")
    let a = ThreatAnalyzer().assess(try CaptureAnalysis.analyze(path: path))
    let serious = a.findings.filter { $0.severity > .info }
    let summaries = serious.map { FindingWording.words(for: $0, thresholds: DetectionThresholds()).summary }
    guard let lead = v.lead else {
        #expect(serious.isEmpty, "\(summaries)")
        return
    }
    let f = try #require(serious.first { "\($0.kind.rawValue)/\($0.technique?.rawValue ?? "")" == lead }, "\(summaries)")
    if let attacker = v.attacker { #expect(f.attackers.first?.description == attacker) }
    if let target = v.target { #expect(f.targets.first?.description == target) }
}
