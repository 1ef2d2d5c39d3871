import PacketDecoding
import Testing
import TrafficStatistics

@testable import ThreatFindings

@Test func aDNSBeaconEveryThirtySecondsToAnAbusedTLDIsHigh() throws {
    let a = try labAssessment("dns-beacon.pcap")
    let beacons = a.findings.filter { $0.kind == .beaconing && $0.technique == .dnsLookups }
    #expect(beacons.count == 1, "\(a.findings.map { wording($0).summary })")
    let f = try #require(beacons.first)
    #expect(f.severity == .high)
    #expect(f.attackers.map(\.description) == ["10.30.0.50"])
    // tshark -Y 'dns.flags.response==0 && dns.qry.name=="cdn-sync.qz7xk2lw.top"': 121 queries
    #expect(f.packetCount == 121)
    guard case let .beaconing(x) = f.facts else { Issue.record("facts"); return }
    #expect(x.name == "cdn-sync.qz7xk2lw.top")
    #expect(abs(x.period - 30) < 1.5 && x.jitterFraction < 0.1)
    #expect(x.signals.contains("abused TLD .top"))
    #expect(f.indicators.contains(Indicator(kind: .domain, value: "cdn-sync.qz7xk2lw.top", role: .c2)))
    #expect(f.displayFilter.contains("dns.qry.name == \"cdn-sync.qz7xk2lw.top\""))
    #expect(wording(f).summary.hasPrefix("DNS beaconing: 10.30.0.50 looked up cdn-sync.qz7xk2lw.top 121 times"))
}

@Test func periodicByDesignNamesAndIrregularLookupsRaiseNoDNSBeacon() throws {
    let summary = try CaptureAnalysis.analyze(path: labDirectory + "/benign-dns-periodic.pcap")
    let a = ThreatAnalyzer().assess(summary)
    #expect(a.findings.filter { $0.severity >= .medium }.isEmpty, "\(a.findings.map { wording($0).summary })")
    #expect(!a.findings.contains { $0.technique == .dnsLookups })
    // The NTP pool name is asked every 64 s: it would score as a beacon; only the list keeps it quiet.
    let ntp = try #require(summary.dnsQueries.nameSeries.series.first { $0.key.name == "2.pool.ntp.org" })
    var pair = BeaconSeries.Pair(key: .init(client: ntp.key.client, server: ntp.resolver, port: 53, isTCP: false))
    pair.times = ntp.times; pair.frames = ntp.frames; pair.sizes = ntp.sizes; pair.connections = ntp.lookups
    let facts = try #require(BeaconingDetector.score(pair, thresholds: DetectionThresholds()))
    #expect(facts.intervalScore >= DetectionThresholds().highBeaconScore)
    #expect(BeaconingDetector.isPeriodicByDesign("2.pool.ntp.org"))
    #expect(BeaconingDetector.isPeriodicByDesign("www.msftconnecttest.com"))
    #expect(BeaconingDetector.isPeriodicByDesign("wpad.corp.example.internal"))
    #expect(!BeaconingDetector.isPeriodicByDesign("cdn-sync.qz7xk2lw.top"))
    #expect(!BeaconingDetector.isPeriodicByDesign("notpool.ntp.org.evil.example"))
}

@Test func aBenignWorkstationHourRaisesNoDNSBeacon() throws {
    // Four names asked at exponential (irregular) times, mean 20 s, for an hour.
    let a = try labAssessment("benign-workstation-hour.pcap")
    #expect(!a.findings.contains { $0.technique == .dnsLookups }, "\(a.findings.map { wording($0).summary })")
}

@Test func retriesAndAAAAJoinOneLookup() throws {
    let summary = try CaptureAnalysis.analyze(path: labDirectory + "/dns-beacon.pcap")
    // Browsing lookups send A and AAAA 1 ms apart: one lookup each time, never two.
    let google = summary.dnsQueries.nameSeries.series.filter { $0.key.name == "www.google.com" }
    #expect(google.count == 1)
    let queries = summary.dnsQueries.evidence.names.filter { $0.name == "www.google.com" }.map(\.queries.count).reduce(0, +)
    #expect(google.first.map { $0.lookups * 2 } == queries)
}

@Test func abusedTLDsAreMatchedOnTheLastLabelOnly() {
    #expect(AbusedTLD.tld(of: "a.b.top") == "top")
    #expect(AbusedTLD.tld(of: "shop.example.XYZ.") == "XYZ")
    #expect(AbusedTLD.tld(of: "top.example.com") == nil)
    #expect(AbusedTLD.tld(of: "top") == nil)
}
