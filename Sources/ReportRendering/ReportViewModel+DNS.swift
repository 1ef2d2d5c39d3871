import Support

extension ReportViewModel {
    /// The DNS section's values: every capture-derived name is a `.text`/`.code` cell, escaped by the block.
    mutating func dns(_ m: ReportModel) -> [String: Any]? {
        guard let d = m.dns else { return nil }
        typealias Row = ReportModel.DNSSection.NameRow
        func more(_ shown: Int, _ total: Int, _ what: String) -> String? {
            total > shown
                ? "Top \(shown) of \(NumberFormat.grouped(total)) \(what); \(NumberFormat.grouped(total - shown)) more in the JSON report's totals."
                : nil
        }
        func frames(_ f: [Int]) -> String { f.map(String.init).joined(separator: ", ") }
        func nameRows(_ rows: [Row]) -> [[ReportBlock.Cell]] {
            rows.map { r in
                [
                    .text(r.name), .label(r.type), .number(r.queries), .number(r.responses), .label(r.rcode),
                    .text(r.answers.joined(separator: ", ")), .label(r.minimumTTL.map { "\($0) s" } ?? ""),
                    .label(NumberFormat.fixed(r.dgaScore, 2)), .label(frames(r.frames)), .text(r.filter),
                ]
            }
        }
        let header = ["Name", "Type", "Queries", "Responses", "RCODE", "Answers", "Min TTL", "DGA score", "Frames", "Filter"]
        var totals = "\(NumberFormat.grouped(d.queries)) queries and \(NumberFormat.grouped(d.responses)) responses"
        totals += " (\(NumberFormat.grouped(d.paired)) paired by id, client and server; \(NumberFormat.grouped(d.unanswered)) unanswered);"
        totals += " \(NumberFormat.grouped(d.nxdomain)) NXDOMAIN; \(NumberFormat.grouped(d.overTCP)) messages over TCP."
        if d.namesRedacted { totals += " Names are cut to their registered domain (`--redact`)." }
        let clients = d.clients.map { c -> [ReportBlock.Cell] in
            [
                .text(c.client), .number(c.queries), .number(c.responses), .number(c.nxdomain), .number(c.distinctNames),
                .text(c.servers.joined(separator: ", ") + (c.nonStandardPort ? " (not port 53)" : "")), .text(c.filter),
            ]
        }
        return [
            "totals": Self.t(totals),
            "clients": block(
                .table(
                    ["Client", "Queries", "Responses", "NXDOMAIN", "Distinct names", "Servers", "Filter"], clients, numeric: [1, 2, 3, 4],
                    caption: more(d.clients.count, d.clientsTotal, "clients"))),
            "names": block(.table(header, nameRows(d.names), numeric: [2, 3], caption: more(d.names.count, d.namesTotal, "names"))),
            "hasSuspicious": !d.suspicious.isEmpty,
            "suspicious": block(
                .table(
                    header, nameRows(d.suspicious), numeric: [2, 3],
                    caption: more(d.suspicious.count, d.suspiciousTotal, "suspicious names"))),
        ]
    }
}
