@testable import CaptureReport
@testable import ReportRendering
import Support
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
    #expect(text.contains("16 detectors ran (port scans, ") && text.contains("session hijacking, suspicious downloads)"))
    #expect(text.contains("Blind spots:"))
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

@Test func kindsTechniquesAndConfidenceAreWordsNotRawLabels() throws {
    let text = try MarkdownRenderer(templates: try templates()).render(try model("walkthrough-synscan.pcapng"))
    #expect(!text.contains("| port-scan |") && !text.contains("| tcp-syn |"))
    #expect(text.contains("| Kind | Port scan |") && text.contains("| Technique | SYN (half-open) port scan |"))
    #expect(text.contains("| Classification | Port scan |"))
    #expect(text.contains("on a 0 to 1 scale"))
    #expect(FindingWording.techniqueLabel(.login("ftp")) == "FTP")
    #expect(FindingWording.classificationName("no-attack-detected") == "No attack detected")
}

@Test func aTrickleOfBytesReadsPerHourAndLargeRatesAreGrouped() {
    #expect(ReportViewModel.byteRate(0.01) == "0.0100 bytes/s (about 36.0 bytes per hour)")
    #expect(ReportViewModel.byteRate(0.5) == "0.5000 bytes/s (about 30.0 bytes per minute)")
    #expect(ReportViewModel.byteRate(216305.034) == "216,305.03 bytes/s")
    #expect(NumberFormat.groupedFixed(-0.5, 2) == "-0.50")
    #expect(NumberFormat.groupedFixed(1026, 0) == "1,026")
}

@Test func aLongSparseCapturesTimeAxisReadsInHoursOrDays() {
    #expect(ChartScale.timeUnit(20_000_000).0 == "days")
    #expect(ChartScale.timeUnit(5 * 3600).0 == "hours")
    #expect(ChartScale.timeUnit(30 * 60).0 == "minutes")
    #expect(ChartScale.timeUnit(90).0 == "s")
    #expect(ChartScale.duration(86_400) == "1 d" && ChartScale.duration(7200) == "2 h" && ChartScale.duration(600) == "10 min")
    let g = ReportModel.IOGraphModel(
        bucketNanoseconds: 86_400_000_000_000, frames: Array(repeating: 1, count: 230), bytes: Array(repeating: 60, count: 230))
    let svg = IOGraphFigure.figure(g, windows: [])?.svg.elements.joined() ?? ""
    #expect(svg.contains("Time since the first packet (days)"), "\(svg.prefix(300))")
    #expect(!svg.contains("20M"))
}

@Test func aDNSTunnelsResolverIsNotCalledItsTarget() {
    #expect(FindingWording.roleLabel(.target, kind: .dnsTunneling) == "DNS resolver (relays the queries)")
    #expect(FindingWording.roleLabel(.target, kind: .portScan) == "Target")
}

@Test(.enabled(if: RepositoryPaths.corpus != nil, "the shared corpus is missing"))
func reassembledSegmentsAreNotAnApplicationProtocolAndCountsAreGrouped() throws {
    let text = try MarkdownRenderer(templates: try templates()).render(try corpusModel("esnet__two_way_all_flags.pcap"))
    #expect(text.contains("3,969 ports of 10.0.0.10 probed"), "grouped digits in the scan figure")
    let ssh = try MarkdownRenderer(templates: try templates()).render(try labModel("ssh-bruteforce.pcap"))
    let apps = ssh.split(separator: "\n").first { $0.hasPrefix("- Application protocols:") } ?? ""
    #expect(!apps.isEmpty && !apps.contains("tcp.segments"), "\(apps)")
}

@Test func customerAdviceIsRankedByEffectThenEffort() throws {
    var m = try model("walkthrough-synscan.pcapng")
    m.presentation.edition = .customer
    m.recommendations = [
        Recommendation(id: "R1", title: "Stop ARP spoofing: inspect", detail: "a.", appliesTo: ["F1"], references: []),
        Recommendation(id: "R2", title: "Control DNS egress", detail: "b.", appliesTo: [], references: []),
        Recommendation(
            id: "R3", title: "Close or firewall the open ports that were found", detail: "c.", appliesTo: ["F1"], references: []),
    ]
    let text = try MarkdownRenderer(templates: try templates()).render(m)
    let order = ["Close or firewall", "Stop ARP spoofing", "Control DNS egress"].map { text.range(of: "**" + $0)?.lowerBound }
    #expect(order.allSatisfy { $0 != nil })
    #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted(), "high-effect low-effort first, no-finding advice last")
    #expect(text.contains("effect: stops a high finding; effort: low (a setting or a check)"))
}

@Test func wiresharksMarkerRowsAreNotApplicationProtocols() throws {
    // FTP frames carry an `ftp.current-working-directory` hierarchy row (as in tshark); it is a
    // field Wireshark adds, not a protocol the hosts spoke, and neither is `_ws.short`.
    let text = try MarkdownRenderer(templates: try templates()).render(try labModel("ftp-bruteforce.pcap"))
    let apps = text.split(separator: "\n").first { $0.hasPrefix("- Application protocols:") } ?? ""
    #expect(apps.contains("ftp (") && !apps.contains("current-working-directory") && !apps.contains("_ws."), "\(apps)")
}

@Test func theWhatRanSentenceCoversEveryFindingKind() {
    let covered = ReportViewModel.detectorScopes.flatMap(\.kinds)
    #expect(Set(covered) == Set(FindingKind.all), "kinds without words: \(Set(FindingKind.all).subtracting(covered).map(\.rawValue))")
    #expect(covered.count == Set(covered).count, "each kind once")
    #expect(ReportViewModel.scopeSentence.hasPrefix("\(ReportViewModel.detectorScopes.count) detectors ran (port scans, "))
    #expect(ReportViewModel.scopeWords.contains("stolen web sessions and suspicious file downloads; encrypted content"))
}
