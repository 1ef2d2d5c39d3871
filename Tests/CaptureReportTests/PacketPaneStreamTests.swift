import CaptureReport
import ReportRendering
import TestSupport
import ThreatFindings
import TrafficStatistics
import Testing

/// The packet pane's "Stream index" is Wireshark's `tcp.stream` of that frame, not always 0: the
/// land attack's evidence (frame 5 of the lab's evasion capture) is the capture's fifth TCP stream
/// (`tshark -r evasion.pcap -Y frame.number==5 -T fields -e tcp.stream` prints 4).
@Test func evidenceFramesShowTheirOwnTCPStreamIndex() throws {
    let summary = try CaptureAnalysis.analyze(path: RepositoryPaths.root + "/Tests/Fixtures/lab/evasion.pcap")
    let model = ReportModelBuilder.build(summary, ThreatAnalyzer().assess(summary))
    func streamIndex(_ packet: ReportModel.PacketDetail?) -> String? {
        packet?.layers.first { $0.protocolName == "tcp" }?.fields.first { $0.name == "Stream index" }?.value
    }
    let land = try #require(model.findings.first { $0.evidencePacket?.number == 5 })
    #expect(streamIndex(land.evidencePacket) == "4")
    // The SYN+FIN finding's evidence starts at frame 1, which "Packet 1 in detail" already shows:
    // its next evidence frame is shown instead (tshark: frame 2 is tcp.stream 1).
    let synFin = try #require(model.findings.first { $0.evidencePacket?.number == 2 })
    #expect(synFin.finding.evidenceFrames.first == 1)
    #expect(streamIndex(synFin.evidencePacket) == "1")
    #expect(streamIndex(model.firstPacket) == "0")
}

/// UDP frames show Wireshark's `udp.stream` the same way: frame 1 of the benign web sample is a
/// DNS query, the capture's first UDP stream.
@Test func udpFramesShowTheirUDPStreamIndex() throws {
    let summary = try CaptureAnalysis.analyze(path: RepositoryPaths.samples + "/benign-web.pcapng")
    let model = ReportModelBuilder.build(summary, ThreatAnalyzer().assess(summary))
    let udp = try #require(model.firstPacket?.layers.first { $0.protocolName == "udp" })
    #expect(udp.fields.map(\.name) == ["Source Port", "Destination Port", "Length", "Checksum", "Stream index"])
    #expect(udp.fields.last?.value == "0")
}
