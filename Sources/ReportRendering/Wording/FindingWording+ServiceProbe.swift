import Support
import ThreatFindings

extension FindingWording {
    static func serviceProbe(_ x: ServiceProbeFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        FindingWords(summary: f.summary, details: f.details, confidenceReason: f.confidenceReason)   // not typed yet
    }
}
