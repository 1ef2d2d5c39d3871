import ThreatFindings

/// The verdict's headline: the leading finding's summary and how many more follow, or the
/// sentence for a capture where no attack was found.
public enum VerdictWording {
    public static func headline(_ verdict: Verdict, findings: [ReportModel.FindingView]) -> String {
        guard let id = verdict.leadFindingId, let lead = findings.first(where: { $0.finding.id == id }) else {
            return "No attack was found in this capture: the traffic matches none of the attack patterns checked."
        }
        let others = verdict.furtherFindings
        return lead.words.summary + (others > 0 ? " \(others) further finding\(others == 1 ? "" : "s") below." : "")
    }
}
