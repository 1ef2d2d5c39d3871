import PacketDecoding
import Testing
import TrafficStatistics

@testable import ThreatFindings

@Test func thirtyMegabytesUpToOneExternalHostIsExfiltration() throws {
    let a = try labAssessment("exfil-upload.pcap")
    let exfil = a.findings.filter { $0.kind == .exfiltration }
    #expect(exfil.count == 1)  // the 1 MB download beside it is not
    let f = try #require(exfil.first)
    #expect(f.severity == .medium)
    #expect(f.attackers.map(\.description) == ["10.20.0.60"] && f.targets.map(\.description) == ["203.0.113.90"])
    #expect(f.packetCount == 473)  // tshark -Y "ip.src==10.20.0.60 && ip.dst==203.0.113.90": 473 frames
    #expect(f.attack == ["T1041", "T1048"])
    guard case let .exfiltration(x) = f.facts else { Issue.record("facts"); return }
    #expect(x.bytesOut > 30_000_000 && x.ratio > 100)  // tshark -z conv,ip: 30 MB out, 25 kB back
    #expect(f.indicators.contains(Indicator(kind: .ipv4, value: "203.0.113.90", role: .c2)))
    #expect(wording(f).summary.contains("30 MB"))
}

@Test func aLargeDownloadAndALANBackupAreNoExfiltration() throws {
    for file in ["benign-update-download.pcap", "benign-backup.pcap"] {
        let a = try labAssessment(file)
        #expect(a.findings.allSatisfy { $0.kind != .exfiltration }, "\(file)")
        #expect(a.findings.filter { $0.severity >= .medium }.isEmpty, "\(file)")
    }
}
