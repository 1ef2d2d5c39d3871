import ReportRendering
import TestSupport
import ThreatFindings
import Testing

// Issue 16 item 10: nmap's default host discovery of 245 hosts with ICMP filtered, answered over
// TCP by five hosts (Tests/Fixtures/lab/host-discovery-tcp-answers.pcap, made by
// Tests/Lab/make-accuracy-captures.py). tshark: 3 SYN+ACK from 443, 3 RST from 80, no ICMP reply.

@Test func aSweepAnsweredOverTCPCountsTheAnswersOfEveryProbeType() throws {
    let a = try labAssessment("host-discovery-tcp-answers.pcap")
    let sweep = try #require(a.findings.first { $0.kind == .hostSweep }, "\(summaries(a.findings))")
    #expect(sweep.targets.count == 245)
    #expect(sweep.respondingHosts.map(\.description) == ["10.77.1.7", "10.77.1.33", "10.77.1.60", "10.77.1.101", "10.77.1.200"])
    guard case let .hostSweep(x) = sweep.facts else { Issue.record("not host-sweep facts"); return }
    #expect(x.echoAnswered == 0 && x.timestampAnswered == 0)
    #expect(x.tcpPingAnswers[TCPPing(probe: .syn, port: 443)] == 3 && x.tcpPingAnswers[TCPPing(probe: .ack, port: 80)] == 3)
    let words = wording(sweep)
    #expect(words.summary.hasSuffix("probed 245 hosts; 5 answered."), "\(words.summary)")
    #expect(words.details.contains("ICMP echo requests to 245 hosts (ping sweep); none answered."), "\(words.details)")
    #expect(words.details.contains("TCP SYN to port 443 of 245 hosts (TCP ping, nmap -PS); 3 answered with a SYN+ACK or RST."))
    #expect(words.details.contains("TCP ACK to port 80 of 245 hosts (TCP ping, nmap -PA); 3 answered with a RST."))
    #expect(words.details.contains { $0.contains("10.77.1.7, 10.77.1.33, 10.77.1.60, 10.77.1.101, 10.77.1.200") })
    // The advice fits the probes: the TCP pings found the hosts, so blocking ICMP is not the advice.
    let advice = try #require(AdviceWriter.recommendations(for: a.findings).first { $0.appliesTo.contains(sweep.id) })
    #expect(!advice.detail.contains("Block ICMP"), "\(advice.detail)")
    #expect(advice.detail.contains("TCP pings to ports 80, 443 were answered"), "\(advice.detail)")
}

@Test func anARPSweepIsNotAdvisedToBlockICMP() throws {
    let a = try labAssessment("arp-sweep.pcap")
    let sweep = try #require(a.findings.first { $0.kind == .hostSweep })
    let advice = try #require(AdviceWriter.recommendations(for: a.findings).first { $0.appliesTo.contains(sweep.id) })
    #expect(!advice.detail.contains("ICMP"), "\(advice.detail)")
    #expect(wording(sweep).details.contains { $0.hasSuffix("5 answered with an ARP reply.") }, "\(wording(sweep).details)")
}
