/// Prevention advice tied to findings, with references a customer's auditor recognises.
public struct Recommendation: Sendable {
    public var id: String
    public var title: String
    public var detail: String
    public var appliesTo: [String]
    public var references: [String]
}

/// The one-line answer of the report.
public struct Verdict: Sendable {
    /// The leading finding's kind, or `no-attack-detected`.
    public var classification: String
    public var severity: FindingSeverity
    public var headline: String
    public var findingIds: [String]
}

/// What the findings stage hands to the report.
public struct ThreatAssessment: Sendable {
    public var findings: [Finding]
    public var verdict: Verdict
    public var recommendations: [Recommendation]
    public var thresholds: DetectionThresholds
}
