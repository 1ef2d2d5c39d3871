@testable import CaptureReport
@testable import ReportRendering
import TestSupport
import Testing
import ThreatFindings
import TrafficStatistics

// The reviewer's list (issue 17): words and units a reader tripped over.

func corpusModel(_ name: String) throws -> ReportModel {
    let corpus = try #require(RepositoryPaths.corpus, "the shared corpus is missing")
    let summary = try CaptureAnalysis.analyze(path: corpus + "/real/" + name)
    return ReportModelBuilder.build(summary, ThreatAnalyzer().assess(summary))
}

@Test func attackIdsCarryTheirNames() {
    #expect(FindingWording.attackWithName("T1046") == "T1046 (Network Service Discovery)")
    #expect(FindingWording.attackWithName("T1557.002") == "T1557.002 (Adversary-in-the-Middle: ARP Cache Poisoning)")
    #expect(FindingWording.attackWithName("T9999") == "T9999")
}

@Test func everyCitedAttackIdHasAName() throws {
    let sources = RepositoryPaths.root + "/Sources/ThreatFindings"
    let (_, ids) = RepositoryPaths.run(["/bin/sh", "-c", "grep -rhoE '\"T1[0-9]{3}(\\.[0-9]{3})?\"' '\(sources)' | sort -u"])
    let cited = ids.split(separator: "\n").map { String($0.dropFirst().dropLast()) }
    #expect(!cited.isEmpty)
    for id in cited { #expect(FindingWording.attackNames[id] != nil, "\(id) has no name") }
}

@Test func noAttackNamesEveryDetectorAndTheBlindSpots() throws {
    let text = try MarkdownRenderer(templates: try templates()).render(try model("benign-web.pcapng"))
    #expect(!text.contains("The detectors looked for port scans"))
    #expect(text.contains("Ten detectors ran") && text.contains("Blind spots:"))
}

@Test(.enabled(if: RepositoryPaths.corpus != nil, "the shared corpus is missing"))
func tcpAnalysisCountsArePluralisedAsWords() throws {
    let text = try MarkdownRenderer(templates: try templates()).render(try corpusModel("zeek__gap-data-missing.pcapng"))
    #expect(!text.contains("gap (segment not captured)s"))
    #expect(text.contains("3 gaps (segments not captured)"))
}

@Test(.enabled(if: RepositoryPaths.corpus != nil, "the shared corpus is missing"))
func arpHeadlineDoesNotReadAsARange() throws {
    let m = try corpusModel("chris__arppoison.pcapng")
    #expect(m.headline.contains(", telling "), "\(m.headline)")
    let text = try MarkdownRenderer(templates: try templates()).render(m)
    #expect(!text.contains("(1 unsolicited replies)"))
}
