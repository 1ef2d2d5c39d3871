#if canImport(Glibc)
import Glibc
#endif
import PacketDecoding
import Testing
import TrafficStatistics

@testable import ThreatFindings

/// A series of `times` (seconds) from 10.0.0.5 to `server`:443 with `size` bytes each.
private func series(_ times: [Double], server: String = "203.0.113.9", size: (Int) -> Int = { _ in 300 }) -> BeaconSeries.Pair {
    var pair = BeaconSeries.Pair(key: .init(client: IPAddress("10.0.0.5")!, server: IPAddress(server)!, port: 443, isTCP: true))
    for (i, t) in times.enumerated() {
        pair.times.append(Int64(t * 1e9)); pair.frames.append(i * 10 + 1); pair.sizes.append(size(i)); pair.streams.append(Int32(i))
    }
    pair.connections = times.count
    return pair
}

@Test func aSixtySecondBeaconWithFivePercentJitterScoresAsRITAWould() throws {
    var rng = SplitMix(seed: 7)
    var t = 0.0
    let times = (0 ..< 60).map { _ in
        defer { t += 60 * (1 + rng.uniform(-0.05, 0.05)) }; return t
    }
    let facts = try #require(BeaconingDetector.score(series(times), thresholds: DetectionThresholds()))
    #expect(abs(facts.period - 60) < 1.5)
    #expect(facts.jitterFraction < 0.05)
    #expect(facts.score >= 0.9)
    #expect(facts.externalServer)
}

@Test func randomlyTimedConnectionsAreNoBeacon() throws {
    var rng = SplitMix(seed: 11)
    var t = 0.0
    let times = (0 ..< 60).map { _ in
        defer { t += -log(1 - rng.uniform(0, 0.999)) * 60 }; return t
    }
    let facts = try #require(
        BeaconingDetector.score(series(times, size: { _ in Int(rng.uniform(200, 20000)) }), thresholds: DetectionThresholds()))
    #expect(facts.score < DetectionThresholds().minimumBeaconScore)
}

@Test func bowleySkewAndMedianDeviationFollowRITAsQuartiles() {
    let shape = BeaconingDetector.shape([10, 10, 11, 12, 20])
    #expect(shape.median == 11)
    #expect(shape.deviation == 1)
    #expect(abs(shape.skew - 0.0) < 1e-9)  // Q1 == Q2 would be meaningless; here Q1=10, Q2=11, Q3=12: symmetric
    #expect(BeaconingDetector.shape([1, 2, 3, 10, 30]).skew > 0.5)
    #expect(BeaconingDetector.mode([1, 2, 2, 3, 3, 3]) == 3)
}

@Test func theLabBeaconIsOneHighFindingWithItsPeriodAndIndicators() throws {
    let a = try labAssessment("c2-beacon.pcap")
    let beacons = a.findings.filter { $0.kind == .beaconing }
    #expect(beacons.count == 1)
    let f = try #require(beacons.first)
    #expect(f.severity == .high)
    #expect(f.attackers.map(\.description) == ["10.20.0.15"])
    #expect(f.targets.map(\.description) == ["203.0.113.66"])
    #expect(f.targetedPorts == [443])
    #expect(f.attack == ["T1071", "T1573"])
    #expect(f.packetCount == 61)
    #expect(f.indicators.contains(Indicator(kind: .ipv4, value: "203.0.113.66", role: .c2)))
    guard case let .beaconing(x) = f.facts else { Issue.record("facts"); return }
    #expect(abs(x.period - 60) < 1.5)
    #expect(x.jitterFraction > 0.005 && x.jitterFraction < 0.05)
    let words = wording(f)
    #expect(words.summary.contains("every 60.4 s"))
    #expect(words.confidenceReason.contains("beacon score"))
    // The browsing to many CDN addresses beside it is not a beacon.
    #expect(a.findings.allSatisfy { $0.kind == .beaconing || $0.severity < .medium })
}

@Test func aBenignWorkstationHourRaisesNothingMediumOrAbove() throws {
    let a = try labAssessment("benign-workstation-hour.pcap")
    #expect(a.findings.filter { $0.severity >= .medium }.isEmpty, "\(a.findings.map { wording($0).summary })")
    #expect(a.findings.allSatisfy { $0.kind != .beaconing })
}

@Test func aBeaconToAnInternalServerIsLowSeverity() throws {
    var s = try CaptureAnalysis.analyze(path: labDirectory + "/c2-beacon.pcap")
    for i in s.beacons.pairs.indices { s.beacons.pairs[i].key.server = IPAddress("10.20.0.2")! }
    let f = try #require(BeaconingDetector(thresholds: DetectionThresholds()).detect(s).first)
    #expect(f.severity == .low)
}

/// A small deterministic generator (the tests must not depend on the platform's RNG).
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * Double(next() >> 11) / Double(1 << 53) }
}

@Test func aDozenMailDeliveriesInTwoMinutesAreNoBeacon() throws {
    // 15 SMTP deliveries 7 s apart and 12 POP3 polls 10 s apart: regular, but a queue flush, not a schedule.
    let a = try labAssessment("benign-app-server.pcap")
    #expect(a.findings.allSatisfy { $0.kind != .beaconing })
}

@Test func aMailboxPolledOnATimerIsAtMostLow() throws {
    var s = try CaptureAnalysis.analyze(path: labDirectory + "/c2-beacon.pcap")
    for i in s.beacons.pairs.indices { s.beacons.pairs[i].key.port = 993 }
    let f = try #require(BeaconingDetector(thresholds: DetectionThresholds()).detect(s).first)
    #expect(f.severity == .low)
}
