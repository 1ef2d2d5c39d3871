import ReportRendering
import TestSupport
import Testing
import ThreatFindings

// Issue 16 item 5 for UDP, ICMP and ICMPv6 floods (Tests/Lab/make-flood-captures.py). tshark on
// udp-flood-spoofed-lan.pcap: 1,500 datagrams to 10.66.0.10 from 1,500 sources, every one with
// eth.src 02:00:0a:42:00:42, the MAC 10.66.0.66 uses in its ARP request; icmp-flood-spoofed-lan.pcap:
// 1,500 echo requests from 1,500 sources, all from that MAC; icmpv6-flood-spoofed-lan.pcap: 1,500
// ICMPv6 echo requests from 1,500 sources, all from 02:00:66:00:00:05, which sent the neighbour
// advertisement of 2001:db8:66::5; udp-flood-spoofed-routed.pcap: the flood from the gateway's MAC
// 02:00:0a:42:00:01, which also carries an outside client's web session.

@Test(arguments: [
    (
        "udp-flood-spoofed-lan.pcap", "udp-flood", "02:00:0a:42:00:42", "10.66.0.66",
        "A UDP flood from 1,500 spoofed sources, sent by 10.66.0.66:"
    ),
    (
        "icmp-flood-spoofed-lan.pcap", "icmp-flood", "02:00:0a:42:00:42", "10.66.0.66",
        "An ICMP flood from 1,500 spoofed sources, sent by 10.66.0.66:"
    ),
    (
        "icmpv6-flood-spoofed-lan.pcap", "icmp-flood", "02:00:66:00:00:05", "2001:db8:66::5",
        "An ICMPv6 flood from 1,500 spoofed sources, sent by 2001:db8:66::5:"
    ),
])
func aSpoofedUDPOrICMPFloodFromOneLANMACNamesItsOwner(_ file: String, _ kind: String, _ mac: String, _ owner: String, _ summary: String)
    throws
{
    let a = try labAssessment(file)
    let flood = try #require(a.findings.first { $0.kind.rawValue == kind }, "\(summaries(a.findings))")
    #expect(flood.attackers.map(\.description) == [owner] && flood.attackerTotal == nil)
    let sender = try #require(flood.spoofedSender)
    #expect(sender.mac.description == mac && sender.owner?.description == owner && sender.forgedSample.count == 10)
    let words = wording(flood)
    #expect(words.summary.hasPrefix(summary), "\(words.summary)")
    #expect(
        words.details.contains { $0.contains("\(owner) is the real sender. The source addresses are forged, not attackers.") },
        "\(words.details)")
    let entries = IndicatorEntry.collect(from: a.findings)
    #expect(entries.contains { $0.value == owner && $0.role == .attacker })
    #expect(entries.filter { $0.role == .forged }.count == 10)
}

@Test func aSpoofedUDPFloodThroughARouterNamesNoLANHost() throws {
    let a = try labAssessment("udp-flood-spoofed-routed.pcap")
    let flood = try #require(a.findings.first { $0.kind == .udpFlood })
    let sender = try #require(flood.spoofedSender)
    // The gateway ARPs for the target in its own name, but an outside client's real connection came through its MAC.
    #expect(sender.mac.description == "02:00:0a:42:00:01" && sender.owner == nil)
    #expect(flood.attackers.count == 10 && flood.attackerTotal == 1500)
    #expect(!flood.attackers.contains { $0.description == "10.66.0.1" })
    #expect(wording(flood).details.contains { $0.contains("or behind it if it is a router") })
    #expect(IndicatorEntry.collect(from: a.findings).filter { $0.role == .attacker }.isEmpty)
}
