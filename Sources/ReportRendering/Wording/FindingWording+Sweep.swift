import Support
import ThreatFindings

extension FindingWording {
    static func hostSweep(_ x: HostSweepFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        FindingWords(summary: f.summary, details: f.details, confidenceReason: f.confidenceReason)   // not typed yet
    }

    static func portSweep(_ x: PortSweepFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        FindingWords(summary: f.summary, details: f.details, confidenceReason: f.confidenceReason)   // not typed yet
    }
}
