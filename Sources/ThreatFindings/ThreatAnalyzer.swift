import TrafficStatistics

/// Runs every detector on the pass's summary, orders the findings and writes the verdict and advice.
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
        findings += ARPSpoofingDetector(thresholds: thresholds).detect(summary)
        findings += DNSTunnelingDetector(thresholds: thresholds).detect(summary)
        findings += CleartextCredentialsDetector(thresholds: thresholds).detect(summary)
        findings += EvasionDetector(thresholds: thresholds).detect(summary)
        // Most serious first; ties by confidence, start frame, then kind, so the order is deterministic.
        findings.sort { l, r in
            if l.severity != r.severity { return l.severity > r.severity }
            if l.confidence != r.confidence { return l.confidence > r.confidence }
            if l.firstFrame != r.firstFrame { return l.firstFrame < r.firstFrame }
            if l.kind.rawValue != r.kind.rawValue { return l.kind.rawValue < r.kind.rawValue }
            return l.summary < r.summary
        }
        for i in findings.indices { findings[i].id = "F\(i + 1)" }
        let recommendations = AdviceWriter.recommendations(for: findings)
        return ThreatAssessment(findings: findings, verdict: Self.verdict(findings), recommendations: recommendations,
                                thresholds: thresholds)
    }

    static func verdict(_ findings: [Finding]) -> Verdict {
        guard let lead = findings.first(where: { $0.severity > .info }) else {
            return Verdict(classification: "no-attack-detected", severity: .info,
                           headline: "No attack was found in this capture: the traffic matches none of the attack patterns checked.",
                           findingIds: findings.map(\.id))
        }
        var headline = lead.summary
        let others = findings.filter { $0.id != lead.id && $0.severity > .info }.count
        if others > 0 { headline += " \(others) further finding\(others == 1 ? "" : "s") below." }
        return Verdict(classification: lead.kind.rawValue, severity: lead.severity, headline: headline,
                       findingIds: findings.map(\.id))
    }
}
