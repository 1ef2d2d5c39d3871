import PacketDecoding
import ReportRendering
import TestSupport
import Testing
import TrafficStatistics

@testable import ThreatFindings

/// Mail attachments through the suspicious-download detector (technique `phishing-attachment`).
@Test func anExecutableMailAttachmentBehindADoubleExtensionIsAHighPhishingFinding() throws {
    let a = try labAssessment("live/mail-smtp-phishing.pcap")
    let f = try #require(a.findings.first { $0.kind == .suspiciousDownload }, "\(summaries(a.findings))")
    #expect(f.technique == .phishingAttachment && f.severity == .high)
    #expect(f.attack == ["T1566.001", "T1204.002", "T1036.007"])
    #expect(f.displayFilter == "tcp.stream == 0" && f.targetedPorts == [25])
    guard case let .suspiciousDownload(x) = f.facts else { Issue.record("facts"); return }
    #expect(x.downloadTotal == 1 && x.downloads.first?.channel == "smtp" && x.downloads.first?.fileName == "invoice.pdf.exe")
    let sha = "e4f7b778734222edb4303e06b42cbb2309dc041c6231c5f0e92527f2d38cbeb9"
    #expect(f.indicators.contains(Indicator(kind: .sha256, value: sha, role: .payload)))
    #expect(f.indicators.contains(Indicator(kind: .ipv4, value: "127.0.0.1", role: .payload)))
    #expect(!f.indicators.contains { $0.kind == .url })
    let words = wording(f)
    #expect(words.summary.contains("by mail (SMTP)") && words.details.contains { $0.contains("T1566.001") })
}

@Test func aDisguisedPEAndAScriptSentByAnOutsideRelayAreFlagged() throws {
    let a = try labAssessment("mail-smtp-segmented.pcap")
    let f = try #require(a.findings.first { $0.kind == .suspiciousDownload })
    #expect(f.technique == .phishingAttachment && f.severity == .high)
    #expect(f.attackers.map(\.description) == ["203.0.113.90"] && f.targets.map(\.description) == ["10.30.0.60"])
    guard case let .suspiciousDownload(x) = f.facts else { Issue.record("facts"); return }
    #expect(x.downloads.map(\.fileName) == ["scan.jpg", "readme.js"], "the PDF is no reason")
    #expect(x.downloads[0].reasons == [.executable, .typeMismatch] && x.downloads[1].reasons == [.script])
}

@Test func popDeliveryOfADisguisedExecutableNamesTheMailClientAsVictim() throws {
    let a = try labAssessment("live/mail-pop-attachment.pcap")
    let f = try #require(a.findings.first { $0.kind == .suspiciousDownload })
    #expect(f.technique == .phishingAttachment && f.severity == .high && f.targetedPorts == [110])
    #expect(wording(f).summary.contains("(POP3)"))
}

@Test func benignMailWithAPDFStaysQuiet() throws {
    let a = try labAssessment("live/mail-smtp-benign-pdf.pcap")
    #expect(a.findings.allSatisfy { $0.severity < .medium }, "\(summaries(a.findings))")
    #expect(!a.findings.contains { $0.kind == .suspiciousDownload })
}

@Test func anAttachmentUnderTheThresholdIsNotJudged() throws {
    var t = DetectionThresholds()
    t.minimumAttachmentBytes = 6001  // the PE is 6000 bytes
    let s = try CaptureAnalysis.analyze(path: labDirectory + "/live/mail-smtp-phishing.pcap")
    #expect(SuspiciousDownloadDetector(thresholds: t).detect(s).isEmpty)
    #expect(SuspiciousDownloadDetector(thresholds: DetectionThresholds()).detect(s).count == 1)
}

@Test func aDownloadAfterFiveHundredTransactionsIsStillFound() throws {
    let a = try labAssessment("dl-late-exe.pcap")
    let f = try #require(a.findings.first { $0.kind == .suspiciousDownload }, "\(summaries(a.findings))")
    #expect(f.technique == .doubleExtension && f.severity == .high && f.targetedPorts == [80])
    guard case let .suspiciousDownload(x) = f.facts else { Issue.record("facts"); return }
    #expect(x.downloads.first?.fileName == "setup.pdf.exe" && x.downloads.first?.requestFrame ?? 0 > 1000)
}
