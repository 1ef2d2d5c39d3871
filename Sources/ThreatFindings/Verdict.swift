/// The one-line answer of the report, as facts (ReportRendering words the headline).
public struct Verdict: Sendable {
    /// The leading finding's kind, or `no-attack-detected`.
    public var classification: String
    public var severity: FindingSeverity
    public var findingIds: [String]
    /// The finding the verdict is about (the most serious above info), and how many others above info follow it.
    public var leadFindingId: String?
    public var furtherFindings = 0
    public init(
        classification: String, severity: FindingSeverity, findingIds: [String], leadFindingId: String? = nil, furtherFindings: Int = 0
    ) {
        self.classification = classification
        self.severity = severity
        self.findingIds = findingIds
        self.leadFindingId = leadFindingId
        self.furtherFindings = furtherFindings
    }
}

/// What the findings stage hands to the report.
public struct ThreatAssessment: Sendable {
    public var findings: [Finding]
    public var verdict: Verdict
    public var thresholds: DetectionThresholds
}
