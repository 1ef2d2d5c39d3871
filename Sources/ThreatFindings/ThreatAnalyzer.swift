import TrafficStatistics

/// Runs every detector on the pass's summary, orders the findings and decides the verdict.
public struct ThreatAnalyzer: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds = DetectionThresholds()) { self.thresholds = thresholds }

    public func assess(_ summary: TrafficSummary) -> ThreatAssessment {
        let scans = PortScanDetector(thresholds: thresholds).detect(summary)
        var findings = scans
        findings += SweepDetector(thresholds: thresholds).detect(summary, scans: scans)
        findings += ServiceProbeDetector(thresholds: thresholds).detect(summary, scans: scans)
        findings += FloodDetector(thresholds: thresholds).detect(summary)
        findings += BruteForceDetector(thresholds: thresholds).detect(summary)
        let arp = ARPSpoofingDetector(thresholds: thresholds).detect(summary)
        findings = Self.withoutPoisonedClientSweeps(findings, arp)
        findings += arp
        findings += DNSTunnelingDetector(thresholds: thresholds).detect(summary)
        findings += TLSAnomalyDetector(thresholds: thresholds).detect(summary)
        findings += CleartextCredentialsDetector(thresholds: thresholds).detect(summary)
        findings += EvasionDetector(thresholds: thresholds).detect(summary)
        findings += BeaconingDetector(thresholds: thresholds).detect(summary)
        findings += SuspiciousDNSDetector(thresholds: thresholds).detect(summary)
        findings += ExfiltrationDetector(thresholds: thresholds).detect(summary)
        findings += SessionHijackingDetector(thresholds: thresholds).detect(summary)
        findings += WebAttackDetector(thresholds: thresholds).detect(summary)
        findings += SuspiciousDownloadDetector(thresholds: thresholds).detect(summary)
        // Most serious first; ties by confidence, start frame, kind, then who and what, so the order is deterministic.
        findings.sort { l, r in
            if l.severity != r.severity { return l.severity > r.severity }
            if l.confidence != r.confidence { return l.confidence > r.confidence }
            if l.firstFrame != r.firstFrame { return l.firstFrame < r.firstFrame }
            if l.kind.rawValue != r.kind.rawValue { return l.kind.rawValue < r.kind.rawValue }
            return Self.tieBreak(l) < Self.tieBreak(r)
        }
        for i in findings.indices { findings[i].id = "F\(i + 1)" }
        return ThreatAssessment(findings: findings, verdict: Self.verdict(findings), thresholds: thresholds)
    }

    /// Targets, attackers, technique and last frame: what tells two findings of one kind apart.
    /// Drops the TCP SYN port sweeps of hosts whose ARP cache was poisoned when no swept host
    /// answered: a man in the middle that black-holes the victim's connections leaves the victim's
    /// own retries to many servers on one port (HTTPS), which are not a sweep by the victim.
    static func withoutPoisonedClientSweeps(_ findings: [Finding], _ arp: [Finding]) -> [Finding] {
        let poisoned = Set(arp.filter { $0.kind == .arpSpoofing }.flatMap(\.targets))
        guard !poisoned.isEmpty else { return findings }
        return findings.filter { f in
            !(f.kind == .portSweep && f.technique == .tcpSYN && f.respondingHosts.isEmpty
                && f.attackers.count == 1 && f.attackers.allSatisfy(poisoned.contains))
        }
    }

    static func tieBreak(_ f: Finding) -> String {
        "\(f.targets.map(\.description)) \(f.attackers.map(\.description)) \(f.technique?.rawValue ?? "") \(f.lastFrame)"
    }

    /// The leading finding (the most serious above info) names the verdict; none is "no attack detected".
    static func verdict(_ findings: [Finding]) -> Verdict {
        let serious = findings.filter { $0.severity > .info }
        guard let lead = serious.first else {
            return Verdict(classification: "no-attack-detected", severity: .info, findingIds: findings.map(\.id))
        }
        return Verdict(
            classification: lead.kind.rawValue, severity: lead.severity, findingIds: findings.map(\.id),
            leadFindingId: lead.id, furtherFindings: serious.count - 1)
    }
}
