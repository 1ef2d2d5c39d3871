@testable import CaptureReport
@testable import ReportRendering
import Support
import TestSupport
import Testing
import ThreatFindings
import TrafficStatistics

// The reviewer's list (issue 17): the key evidence frame, and every detector's thresholds.

func labModel(_ name: String) throws -> ReportModel {
    let summary = try CaptureAnalysis.analyze(path: RepositoryPaths.root + "/Tests/Fixtures/lab/" + name)
    return ReportModelBuilder.build(summary, ThreatAnalyzer().assess(summary))
}

@Test func frameOneIsNeverPrintedTwice() throws {
    let m = try model("walkthrough-synscan.pcapng")
    let finding = try #require(m.findings.first)
    #expect(finding.finding.evidenceFrames.first == 1)
    #expect(finding.evidencePacket.map(\.number) != 1, "the next evidence frame is shown, not frame 1 again")
    let text = try MarkdownRenderer(templates: try templates()).render(m)
    #expect(text.components(separatedBy: "\nFrame 1: ").count == 2, "frame 1 appears once, in Packet 1 in detail")
}

@Test func evidenceFramesDeepInALoginAreKeptWithoutTheirPayload() throws {
    let m = try labModel("cleartext-telnet.pcap")
    let finding = try #require(m.findings.first)
    let packet = try #require(finding.evidencePacket, "\(finding.evidenceNote ?? "")")
    #expect(packet.number == finding.finding.evidenceFrames.first)
    // Ethernet + IPv4 + TCP headers only: a password line never reaches the hex dump.
    #expect(packet.bytes.count == 54)
}

@Test func aMissingEvidenceFrameNoteCarriesItsFilterAsCodeNotLiteralBackticks() throws {
    var m = try model("walkthrough-synscan.pcapng")
    m.findings[0].evidencePacket = nil
    m.findings[0].evidenceNote = "The bytes of frame 7 were not kept."
    m.findings[0].evidenceNoteFilter = "frame.number == 7"
    let html = try HTMLRenderer(templates: try templates()).render(m)
    #expect(html.contains("<code>frame.number == 7</code>"))
    #expect(!html.contains("`frame.number"))
}

@Test func appendixAndJSONListEveryDetectorsThresholds() throws {
    let m = try model("walkthrough-synscan.pcapng")
    let names = Mirror(reflecting: DetectionThresholds()).children.compactMap(\.label)
    #expect(names.count > 30)
    #expect(ThresholdListing.rows(m.thresholds).map(\.key) == names, "one row per threshold, in declaration order")
    let text = try MarkdownRenderer(templates: try templates()).render(m)
    for name in names { #expect(text.contains("`\(name)`"), "\(name) is in the appendix") }
    // The rule that rated a 60-port scan with open ports high is in the appendix too.
    #expect(text.contains("| Port scan | `highSeverityScanPortsWithOpen` | 50 |"))
    guard case .object(let fields) = m.json(), case .object(let thresholds)? = fields.first(where: { $0.0 == "thresholds" })?.1 else {
        Issue.record("no thresholds object")
        return
    }
    #expect(thresholds.map(\.0) == names)
    #expect(thresholds.first { $0.0 == "minimumScanPorts" }?.1 == .int(15))
    #expect(thresholds.first { $0.0 == "tunnelEntropy" }?.1 == .double(3.6))
}
