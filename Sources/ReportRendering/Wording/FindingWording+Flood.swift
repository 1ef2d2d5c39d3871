import Support
import ThreatFindings

extension FindingWording {
    static func synFlood(_ x: SYNFloodFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        FindingWords(summary: f.summary, details: f.details, confidenceReason: f.confidenceReason)   // not typed yet
    }

    static func scatteredSYNFlood(_ x: ScatteredSYNFloodFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        FindingWords(summary: f.summary, details: f.details, confidenceReason: f.confidenceReason)   // not typed yet
    }

    static func udpFlood(_ x: UDPFloodFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        FindingWords(summary: f.summary, details: f.details, confidenceReason: f.confidenceReason)   // not typed yet
    }

    static func icmpFlood(_ x: ICMPFloodFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        FindingWords(summary: f.summary, details: f.details, confidenceReason: f.confidenceReason)   // not typed yet
    }
}
