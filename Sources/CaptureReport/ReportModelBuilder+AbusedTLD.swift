import ReportRendering
import Support
import ThreatFindings
import TrafficStatistics

extension ReportModelBuilder {
    /// Names under often-abused TLDs (`AbusedTLD`): an observation, not a finding (honest sites live
    /// there too). Lists the TLDs with their distinct registered domains; domains are names, so
    /// they are not listed (the DNS table and its redaction own the names).
    static func abusedTLDObservations(_ s: TrafficSummary) -> [ReportModel.Observation] {
        var domains: [Substring: Set<Substring>] = [:]
        var queries = 0
        for n in s.dnsQueries.evidence.names where n.queries.count > 0 {
            guard let tld = AbusedTLD.tld(of: n.name), let label = DGAScore.registeredLabel(n.name) else { continue }
            domains[tld, default: []].insert(label)
            queries += n.queries.count
        }
        guard !domains.isEmpty else { return [] }
        let parts = domains.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }
            .map { ".\($0.key) (\($0.value.count) domain\($0.value.count == 1 ? "" : "s"))" }
        let filter = domains.keys.sorted().map { "dns.qry.name matches \"[.]\($0)$\"" }.joined(separator: " || ")
        return [
            .init(
                text: "DNS names under top-level domains often abused for malware and phishing: " + parts.joined(separator: ", ")
                    + ", \(NumberFormat.grouped(queries)) queries. Honest sites live there too: this weighs only beside "
                    + "another signal (machine-made names, beaconing).",
                filter: "dns && (\(filter))")
        ]
    }
}
