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

@Test func theJSONRecordsTheRedactionAndWhoTheReportIsFor() throws {
    var m = try model("walkthrough-synscan.pcapng")
    m.presentation.customer = "ACME"
    m.presentation.analyst = "A. Analyst"
    m.presentation.ticket = "INC-7"
    m.presentation.generatedAt = "2026-01-01T00:00:00Z"
    m.presentation.tlp = .amber
    m.redaction.keepNetworks = [IPNetwork(base: 0x0A00_0000, prefixLength: 8)]
    m.redaction.dropPayload = true
    guard case .object(let fields) = m.json(), case .object(let report)? = fields.last.map(\.1), fields.last?.0 == "report",
        case .object(let redaction)? = report.first(where: { $0.0 == "redaction" })?.1
    else {
        Issue.record("no report object at the end")
        return
    }
    let value = { (k: String) in report.first { $0.0 == k }?.1 }
    #expect(value("customer") == .string("ACME") && value("analyst") == .string("A. Analyst") && value("ticket") == .string("INC-7"))
    #expect(value("generatedAt") == .string("2026-01-01T00:00:00Z") && value("tlp") == .string("TLP:AMBER"))
    #expect(value("edition") == .string("full"))
    #expect(redaction.first { $0.0 == "addresses" }?.1 == .bool(true))
    #expect(redaction.first { $0.0 == "keptNetworks" }?.1 == .array([.string("10.0.0.0/8")]))
    #expect(redaction.first { $0.0 == "payload" }?.1 == .bool(true))
}
