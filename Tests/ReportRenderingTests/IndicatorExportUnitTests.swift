@testable import CaptureReport
@testable import ReportRendering
import TestSupport
import ThreatFindings
import TrafficStatistics
import Testing
import Support

/// The real findings of a lab capture (one high port scan by 10.66.0.5 on 10.66.0.10).
func labFindings(_ capture: String) throws -> [Finding] {
    let summary = try CaptureAnalysis.analyze(path: RepositoryPaths.root + "/Tests/Fixtures/lab/" + capture + ".pcap")
    return ThreatAnalyzer().assess(summary).findings
}

@Test func collectMergesIndicatorsOncePerKindValueRoleInFindingOrder() throws {
    let scan = try #require(try labFindings("decoy-scan").first)
    var second = scan
    second.id = "F2"
    second.indicators = [Indicator(kind: .domain, value: "evil.example", role: .c2)]
    var forged = scan
    forged.id = "F3"
    forged.technique = .spoofedSources
    var quiet = scan
    quiet.id = "F4"
    quiet.severity = .info
    quiet.indicators = [Indicator(kind: .url, value: "http://x.example/", role: .payload)]
    let entries = IndicatorEntry.collect(from: [scan, second, forged, quiet])
    let attacker = "\(scan.attackers[0])", target = "\(scan.targets[0])"
    #expect(entries.map(\.value) == [attacker, target, "evil.example", attacker])
    #expect(entries.map(\.role) == [.attacker, .victim, .c2, .forged])
    #expect(entries[0].findingIDs == [scan.id, "F2"])
    #expect(entries[1].findingIDs == [scan.id, "F2", "F3"])
    #expect(entries[2].findingIDs == ["F2"])
    #expect(entries[3].findingIDs == ["F3"])
    // An observation (info) is not an IOC.
    #expect(!entries.contains { $0.findingIDs.contains("F4") })
}

@Test func csvCellsCannotInjectFormulasOrBreakRows() {
    #expect(IndicatorExport.csvCell("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
    #expect(IndicatorExport.csvCell("+1") == "'+1")
    #expect(IndicatorExport.csvCell("-2+3") == "'-2+3")
    #expect(IndicatorExport.csvCell("@SUM(A1)") == "'@SUM(A1)")
    #expect(IndicatorExport.csvCell("\tx") == "'\tx")
    #expect(IndicatorExport.csvCell("\rx") == "\"'\rx\"")
    #expect(IndicatorExport.csvCell("a,b") == "\"a,b\"")
    #expect(IndicatorExport.csvCell("a\nb") == "\"a\nb\"")
    #expect(IndicatorExport.csvCell("10.0.0.1") == "10.0.0.1")
}

@Test func stixPatternLiteralsEscapeQuotesAndBackslashes() {
    #expect(IndicatorExport.patternLiteral("a'b\\c") == "'a\\'b\\\\c'")
}

@Test func uuid5MatchesRFC9562() {
    // RFC 9562 appendix A.4: UUIDv5 of "www.example.com" in the DNS namespace.
    let dns = IndicatorExport.uuidBytes("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
    #expect(IndicatorExport.uuid5("www.example.com", namespace: dns) == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
}
