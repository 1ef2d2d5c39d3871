@testable import ThreatFindings
import TestSupport
import TrafficStatistics
import Testing

func assess(_ sample: String) throws -> ThreatAssessment {
    let summary = try CaptureAnalysis.analyze(path: RepositoryPaths.samples + "/" + sample)
    return ThreatAnalyzer().assess(summary)
}

@Test func walkthroughSampleIsASynScanFromTheRightHost() throws {
    let a = try assess("walkthrough-synscan.pcapng")
    let scan = try #require(a.findings.first)
    #expect(a.findings.count == 1)
    #expect(scan.kind == .portScan)
    #expect(scan.technique == .tcpSYN)
    #expect(scan.technique?.rawValue == "tcp-syn")
    #expect(scan.attackers.map(\.description) == ["10.39.5.6"])
    #expect(scan.targets.map(\.description) == ["10.39.5.2"])
    #expect(scan.ports?.open == [22, 80, 443])
    #expect(scan.ports?.closed.contains(23) == true)
    #expect(scan.ports?.probed == 60)
    #expect(scan.attack == ["T1046"])
    guard case .tcpScan(let facts) = scan.facts else { Issue.record("not typed as a TCP scan: \(scan.facts)"); return }
    #expect(facts.halfOpenResets == 3 && facts.craftedSYNs && facts.connectEvidence == nil)
    #expect(facts.targetResets == 57 && facts.scannerResets == 3)
    #expect(facts.probedPorts == 60 && facts.answeredProbes == 60 && facts.probePercent == 100)
    #expect(a.verdict.classification == "port-scan")
}

@Test(arguments: ["benign-web.pcapng", "hostile-strings.pcapng"])
func benignSamplesGiveNoFinding(sample: String) throws {
    let a = try assess(sample)
    #expect(a.findings.isEmpty)
    #expect(a.verdict.classification == "no-attack-detected")
}

/// Every technique keeps its contract spelling both ways; any other text names a login service.
@Test func techniquesRoundTripTheirContractSpelling() {
    for (technique, spelling) in Technique.named {
        #expect(technique.rawValue == spelling)
        #expect(Technique(rawValue: spelling) == technique)
    }
    #expect(Set(Technique.named.map(\.1)).count == Technique.named.count, "no spelling twice")
    #expect(Technique(rawValue: "ssh") == .login("ssh"))
    #expect(Technique.login("tcp/3306").rawValue == "tcp/3306")
}
