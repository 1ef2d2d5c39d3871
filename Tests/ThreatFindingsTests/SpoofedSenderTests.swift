import ReportRendering
import TestSupport
import ThreatFindings
import Testing

// Issue 16 item 5: hping3 --rand-source from a LAN host (Tests/Fixtures/lab/syn-flood-spoofed-lan.pcap,
// made by Tests/Lab/make-accuracy-captures.py). tshark: 1,500 SYNs from 1,500 source addresses, every
// one with eth.src 02:00:0a:42:00:42, the MAC 10.66.0.66 uses in its ARP request and DNS query.

@Test func aSpoofedFloodFromOneLANMACNamesTheMACsOwnerAndCallsTheSourcesForged() throws {
    let a = try labAssessment("syn-flood-spoofed-lan.pcap")
    let flood = try #require(a.findings.first { $0.kind == .synFlood }, "\(summaries(a.findings))")
    #expect(flood.technique == .spoofedSources)
    #expect(flood.attackers.map(\.description) == ["10.66.0.66"])
    #expect(flood.attackerTotal == nil)
    guard case let .synFlood(x) = flood.facts else { Issue.record("not SYN flood facts"); return }
    #expect(x.sendingMAC?.description == "02:00:0a:42:00:42" && x.sendingMACOwner?.description == "10.66.0.66")
    #expect(x.sources == 1500 && x.forgedSample.count == 10)
    let words = wording(flood)
    #expect(words.summary.contains("spoofed sources, sent by 10.66.0.66:"), "\(words.summary)")
    #expect(words.details.contains { $0.contains("10.66.0.66 is the real sender. The source addresses are forged") }, "\(words.details)")
    // Exports: the owner is the attacker, the sample forged.
    let entries = IndicatorEntry.collect(from: a.findings)
    #expect(entries.contains { $0.value == "10.66.0.66" && $0.role == .attacker })
    #expect(entries.filter { $0.role == .forged }.count == 10)
}

@Test func aSpoofedFloodThroughTheGatewayMACNamesNoLANHost() throws {
    // syn-flood-spoofed.pcap: the forged SYNs come through the gateway's MAC, which owns no address in the capture.
    let a = try labAssessment("syn-flood-spoofed.pcap")
    let flood = try #require(a.findings.first { $0.kind == .synFlood })
    guard case let .synFlood(x) = flood.facts else { Issue.record("not SYN flood facts"); return }
    #expect(x.sendingMAC?.description == "02:00:0a:42:00:01" && x.sendingMACOwner == nil)
    #expect(flood.attackers.count == 10 && flood.attackerTotal == 1500)
    #expect(wording(flood).details.contains { $0.contains("or behind it if it is a router") })
}
