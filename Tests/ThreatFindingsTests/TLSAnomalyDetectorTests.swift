import ReportRendering
import TestSupport
import ThreatFindings
import TrafficStatistics
import Testing

/// The lab TLS captures (Tests/Lab/record-tls-lab.sh) and the anomaly each must yield.
let tlsAnomalyExpectations: [(file: String, technique: String, port: UInt16)] = [
    ("tls-self-signed.pcap", "self-signed-certificate", 18444),
    ("tls-expired.pcap", "expired-certificate", 18445),
    ("tls10.pcap", "legacy-tls-version", 18446),
]

@Test(arguments: 0 ..< 3)
func labTLSCaptureYieldsItsAnomalyAtLowSeverity(_ index: Int) throws {
    let e = tlsAnomalyExpectations[index]
    let a = try labAssessment(e.file)
    let tls = a.findings.filter { $0.kind == .tlsAnomaly }
    #expect(tls.count == 1, "\(summaries(a.findings))")
    let f = try #require(tls.first)
    #expect(f.technique?.rawValue == e.technique)
    #expect(f.severity == .low)
    #expect(f.targets.map(\.description) == ["127.0.0.1"] && f.targetedPorts == [e.port])
    #expect(!f.evidenceFrames.isEmpty && f.evidenceFrames == f.evidenceFrames.sorted())
    #expect(
        f.displayFilter
            == "ip.addr == 127.0.0.1 && tcp.port == \(e.port) && (tls.handshake.type == 1 || tls.handshake.type == 2 || tls.handshake.type == 11)"
    )
    guard case let .tlsAnomaly(x) = f.facts else { Issue.record("facts"); return }
    // One of the two connections in each capture was made without SNI.
    #expect(x.handshakes == 2 && x.missingSNI == 1)
    #expect(f.indicators.contains { $0.kind == .ja3 } && f.indicators.contains { $0.kind == .ja3s })
    if e.technique == "legacy-tls-version" {
        #expect(x.legacyVersions == [0x0301] && x.legacyVersion == 2 && x.certificateSHA256 == nil)
    } else {
        #expect(f.indicators.contains { $0.kind == .certificateSHA256 && $0.value == x.certificateSHA256 })
        #expect(f.indicators.contains { $0.kind == .certificateSHA1 })
    }
    let words = wording(f)
    #expect(words.summary.hasPrefix("TLS anomaly on 127.0.0.1:\(e.port): "))
    #expect(AdviceWriter.recommendations(for: a.findings).contains { $0.appliesTo.contains(f.id) })
}

@Test func expiredCertificateWordsNameTheSubjectAndValidity() throws {
    let f = try #require(try labAssessment("tls-expired.pcap").findings.first { $0.kind == .tlsAnomaly })
    let words = wording(f)
    #expect(
        words.details.contains {
            $0.contains("subject expired.lab.example, issuer PcapReport Lab CA, valid 2020-01-01T00:00:00Z to 2021-01-01T00:00:00Z")
        })
    #expect(words.summary.contains("an expired certificate"))
}

@Test func benignTLSIsQuiet() throws {
    // CA-signed certificate, TLS 1.3 and 1.2, SNI sent: no TLS finding at all.
    let a = try labAssessment("benign-tls.pcap")
    #expect(a.findings.filter { $0.kind == .tlsAnomaly }.isEmpty, "\(summaries(a.findings))")
    #expect(a.findings.filter { $0.severity > .info }.isEmpty)
}

@Test func threeKindsOfAnomalyOnOneServerAreMedium() throws {
    var t = DetectionThresholds()
    t.tlsAnomalyKindsForMedium = 2
    let summary = try CaptureAnalysis.analyze(path: labDirectory + "/tls10.pcap")
    #expect(TLSAnomalyDetector(thresholds: t).detect(summary).first?.severity == .medium)
    #expect(TLSAnomalyDetector(thresholds: DetectionThresholds()).detect(summary).first?.severity == .low)
}

@Test(.enabled(if: ExternalTools.tshark != nil, "tshark (Debian package tshark) is missing"))
func tlsAnomalyFiltersMatchTheEvidenceInTshark() throws {
    for e in tlsAnomalyExpectations {
        let path = labDirectory + "/" + e.file
        let f = try #require(try labAssessment(e.file).findings.first { $0.kind == .tlsAnomaly })
        let (_, output) = RepositoryPaths.run([
            ExternalTools.tshark ?? "tshark", "-n", "-r", path, "-Y", f.displayFilter, "-T", "fields", "-e", "frame.number",
        ])
        let frames = Set(output.split(separator: "\n").compactMap { Int($0) })
        #expect(Set(f.evidenceFrames).isSubset(of: frames), "\(e.file): \(f.evidenceFrames) vs \(frames.sorted())")
    }
}
