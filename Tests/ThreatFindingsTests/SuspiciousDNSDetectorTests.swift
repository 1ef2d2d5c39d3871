import PacketDecoding
import Testing
import TrafficStatistics

@testable import ThreatFindings

@Test func generatedDomainsAnsweredNXDOMAINAreAHighDGAFinding() throws {
    let a = try labAssessment("dns-dga.pcap")
    let dga = a.findings.filter { $0.kind == .suspiciousDNS && $0.technique == .dga }
    #expect(dga.count == 1)
    let f = try #require(dga.first)
    #expect(f.severity == .high)
    #expect(f.attackers.map(\.description) == ["10.20.0.40"])
    #expect(f.attack.contains("T1568.002"))
    #expect(f.packetCount == 126)  // tshark -Y "ip.addr==10.20.0.40 && dns": 126 frames
    guard case let .suspiciousDNS(x) = f.facts else { Issue.record("facts"); return }
    #expect(x.nxdomain == 58)  // tshark -Y "dns.flags.rcode==3": 58
    #expect(x.dgaDomains >= DetectionThresholds().minimumDgaDomains)
    #expect(f.indicators.contains { $0.kind == .domain && $0.role == .c2 })
    #expect(wording(f).summary.hasPrefix("Domain generation algorithm"))
}

@Test func dnsOnAnotherPortToAnExternalServerIsMedium() throws {
    let a = try labAssessment("dns-off-port.pcap")
    let off = a.findings.filter { $0.technique == .nonStandardPort }
    #expect(off.map(\.targetedPorts).sorted { $0[0] < $1[0] } == [[1053], [5353]])
    #expect(off.allSatisfy { $0.severity == .medium && $0.packetCount == 24 })
    #expect(off.allSatisfy { $0.indicators.contains(Indicator(kind: .domain, value: "host0.c2-example.net", role: .c2)) })
}

@Test func aBenignWorkstationsDNSRaisesNothingMediumOrAbove() throws {
    // CDN names with hashed labels, a search-suffix mistake (20 NXDOMAIN), mDNS and LLMNR on the LAN.
    let a = try labAssessment("benign-dns-workstation.pcap")
    #expect(a.findings.filter { $0.severity >= .medium }.isEmpty, "\(a.findings.map { wording($0).summary })")
    #expect(a.findings.allSatisfy { $0.technique != .nonStandardPort })
}

@Test func dnsOverTCPOnAnotherPortToAnExternalServerIsMedium() throws {
    let a = try labAssessment("dns-tcp-off-port.pcap")
    let off = a.findings.filter { $0.technique == .nonStandardPort }
    #expect(off.count == 1, "\(a.findings.map { wording($0).summary })")
    let f = try #require(off.first)
    #expect(f.severity == .medium && f.targetedPorts == [5353])
    // tshark -d tcp.port==5353,dns -Y 'dns && tcp.port==5353': 24 messages (12 queries, 12 answers)
    #expect(f.packetCount == 24)
    // The filter shows those 24 segments, not the 96 frames of the 12 connections (handshakes, ACKs, FINs).
    #expect(f.displayFilter.hasSuffix("tcp.port == 5353 && tcp.len > 0"))
    guard case let .suspiciousDNS(x) = f.facts else { Issue.record("facts"); return }
    #expect(x.transport == "tcp")
    #expect(wording(f).summary.contains("on TCP port 5353"))
}

@Test func manyVeryLongNamesAreALowFinding() throws {
    let a = try labAssessment("dns-long-names.pcap")
    let long = a.findings.filter { $0.technique == .longNames }
    #expect(long.count == 1)
    let f = try #require(long.first)
    #expect(f.severity == .low)
    guard case let .suspiciousDNS(x) = f.facts else { Issue.record("facts"); return }
    // tshark -T fields -e dns.qry.name -Y 'dns.flags.response==0 && len(dns.qry.name) >= 100': 8 names
    #expect(x.longNames == 8)
    #expect(x.longestName >= 100 && x.longestName <= 140)
}

@Test func abusedTLDsAloneRaiseNoFinding() throws {
    let a = try labAssessment("benign-dns-periodic.pcap")
    #expect(a.findings.filter { $0.severity >= .medium }.isEmpty)
    #expect(!a.findings.contains { $0.kind == .suspiciousDNS })
}
