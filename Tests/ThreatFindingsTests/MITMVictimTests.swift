import TestSupport
import ThreatFindings
import Testing

// Issue 16 item 6: arpspoof black-holes the victim's HTTPS (Tests/Fixtures/lab/arp-mitm-blackhole.pcap,
// made by Tests/Lab/make-accuracy-captures.py): 30 names resolved, then 3 kernel SYNs (same source port)
// to each server through the attacker's MAC, none answered. tshark: 90 SYNs to 443, 60 DNS answers (30 seen on both legs),
// 16 ARP replies from 02:00:0a:58:00:42.

@Test
func aMITMVictimsUnansweredHTTPSRetriesAreNoSweep() throws {
    let a = try labAssessment("arp-mitm-blackhole.pcap")
    #expect(a.findings.contains { $0.kind == .arpSpoofing })
    #expect(!a.findings.contains { $0.kind == .portSweep && $0.attackers.map(\.description) == ["10.88.0.23"] }, "\(summaries(a.findings))")
}

@Test func anUnansweredSYNSweepWithoutARPPoisoningIsStillASweep() throws {
    // port-sweep.pcap: a sweep in a capture without ARP poisoning stays a sweep.
    let a = try labAssessment("port-sweep.pcap")
    #expect(a.findings.contains { $0.kind == .portSweep })
}
