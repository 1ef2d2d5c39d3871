import Support
import ThreatFindings

extension FindingWording {
    static func cleartextCredentials(_ x: CleartextCredentialsFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        FindingWords(summary: f.summary, details: f.details, confidenceReason: f.confidenceReason)   // not typed yet
    }
}
