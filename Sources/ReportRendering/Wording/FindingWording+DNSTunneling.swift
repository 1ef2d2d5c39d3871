import Support
import ThreatFindings

extension FindingWording {
    static func dnsTunneling(_ x: DNSTunnelingFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        FindingWords(summary: f.summary, details: f.details, confidenceReason: f.confidenceReason)   // not typed yet
    }
}
