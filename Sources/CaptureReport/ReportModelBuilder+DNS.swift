import PacketDecoding
import ReportRendering
import ThreatFindings
import TrafficStatistics

extension ReportModelBuilder {
    /// RCODE names as Wireshark's DNS dissector spells them (`dns.flags.rcode`).
    static let rcodeNames = [
        "No error", "Format error", "Server failure", "No such name", "Not implemented", "Refused", "YX domain", "YX RR set",
        "NX RR set", "Not auth", "Not zone",
    ]
    /// Record type names (`dns.qry.type`), the common ones.
    static let typeNames: [UInt16: String] = [
        1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 10: "NULL", 12: "PTR", 15: "MX", 16: "TXT", 28: "AAAA", 33: "SRV", 35: "NAPTR",
        43: "DS", 46: "RRSIG", 48: "DNSKEY", 64: "SVCB", 65: "HTTPS", 255: "ANY",
    ]

    /// `name` cut to its registered domain (the labels below it are payload for a tunnel).
    static func redactedName(_ name: String) -> String {
        let labels = name.split(separator: ".")
        guard labels.count > 2 else { return name }
        let last = labels[labels.count - 1], second = labels[labels.count - 2]
        let keep = labels.count >= 3 && last.count == 2 && second.count <= 3 ? 3 : 2
        return labels.count > keep ? "[redacted]." + labels.suffix(keep).joined(separator: ".") : name
    }

    /// The DNS section; nil when the capture has no DNS on port 53.
    static func dnsSection(_ s: TrafficSummary, redactNames: Bool) -> ReportModel.DNSSection? {
        let e = s.dnsQueries.evidence
        guard e.queries + e.responses > 0 else { return nil }
        var d = ReportModel.DNSSection()
        d.queries = e.queries; d.responses = e.responses; d.nxdomain = e.nxdomain
        d.paired = e.paired; d.unanswered = e.unanswered; d.overTCP = e.overTCP
        d.namesTotal = e.names.count + e.namesDropped
        d.namesRedacted = redactNames
        func row(_ n: DNSEvidence.Name) -> ReportModel.DNSSection.NameRow {
            let name = redactNames ? redactedName(n.name) : n.name
            let rcode = n.rcode.map { $0 < rcodeNames.count ? rcodeNames[$0] : "RCODE \($0)" } ?? "no response"
            let answers = redactNames ? n.answers.filter { IPAddress($0) != nil } : n.answers
            let filter = redactNames ? "dns" : "dns.qry.name == \"\(n.name)\" && dns.qry.type == \(n.type)"
            return .init(
                name: name, type: typeNames[n.type] ?? "TYPE\(n.type)", queries: n.queries.count, responses: n.responses.count,
                rcode: rcode, nxdomain: n.rcodes[3], answers: answers, answerRecords: n.answerRecords,
                minimumTTL: n.minimumTTL.map(Int.init), clients: n.clients.map(\.description), dgaScore: n.dgaScore,
                frames: Array((n.queries.frames + n.responses.frames).prefix(8)), filter: filter)
        }
        let busiest = e.names.indices.sorted { l, r in
            let a = e.names[l], b = e.names[r]
            return a.queries.count + a.responses.count != b.queries.count + b.responses.count
                ? a.queries.count + a.responses.count > b.queries.count + b.responses.count : l < r
        }
        d.names = busiest.prefix(ReportModel.DNSSection.rowsShown).map { row(e.names[$0]) }
        let odd = e.names.indices.filter { e.names[$0].dgaScore >= ReportModel.DNSSection.suspiciousScore }
            .sorted { e.names[$0].dgaScore != e.names[$1].dgaScore ? e.names[$0].dgaScore > e.names[$1].dgaScore : $0 < $1 }
        d.suspiciousTotal = odd.count
        d.suspicious = odd.prefix(ReportModel.DNSSection.rowsShown).map { row(e.names[$0]) }
        d.clientsTotal = e.clients.count
        d.clients = e.clients.sorted { $0.queries != $1.queries ? $0.queries > $1.queries : $0.client < $1.client }
            .prefix(ReportModel.DNSSection.rowsShown).map {
                .init(
                    client: $0.client.description, queries: $0.queries, responses: $0.responses, nxdomain: $0.nxdomain,
                    distinctNames: $0.distinctNames, servers: $0.servers.map(\.description), nonStandardPort: $0.nonStandardPort,
                    filter: "dns && \($0.client.isIPv6 ? "ipv6" : "ip").addr == \($0.client.description)")
            }
        return d
    }

    /// Under `--redact payload`/`all`, the DNS tunnel's example names keep only their registered domain:
    /// the labels below it are the tunnelled payload (issue 17). So do the names of suspicious-DNS
    /// findings and every domain indicator (a DGA's generated domain is its registered domain and stays).
    static func redactTunnelNames(_ findings: [Finding]) -> [Finding] {
        findings.map { f in
            var f = f
            switch f.facts {
            case var .dnsTunneling(x):
                x.examples = x.examples.map(redactedName)
                f.facts = .dnsTunneling(x)
            case var .suspiciousDNS(x):
                x.examples = x.examples.map(redactedName)
                f.facts = .suspiciousDNS(x)
            case var .beaconing(x) where x.name != nil:
                // A DNS beacon's name (and its filter) keep only the registered domain.
                if let name = x.name {
                    let kept = redactedName(name).replacingOccurrences(of: "[redacted].", with: "")
                    f.displayFilter = f.displayFilter.replacingOccurrences(
                        of: "dns.qry.name == \"\(name)\"", with: "dns.qry.name contains \"\(kept)\"")
                    x.name = redactedName(name)
                }
                f.facts = .beaconing(x)
            default: break
            }
            f.indicators = f.indicators.map { i in
                i.kind == .domain ? Indicator(kind: .domain, value: redactedName(i.value), role: i.role) : i
            }
            return f
        }
    }
}
