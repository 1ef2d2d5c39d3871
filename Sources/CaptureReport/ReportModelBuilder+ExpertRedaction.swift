import ReportRendering

extension ReportModelBuilder {
    /// `--redact payload`: Expert Information quotes each HTTP request line (as Wireshark's chat
    /// items do), and a request target is payload. The target is withheld; rows that then read
    /// the same are one row (counts added, frames merged), and the per-packet list follows.
    static func redactExpertPayload(_ expert: ReportModel.Expert) -> ReportModel.Expert {
        var out = expert
        var rows: [ReportModel.ExpertRow] = []
        var index: [String: Int] = [:]
        var moved: [Int] = []
        for row in expert.items {
            var row = row
            if row.protocolName == "HTTP" { row.summary = withheldTarget(row.summary) }
            let key = [row.severity, row.group, row.protocolName, row.summary].joined(separator: "\u{1F}")
            if let at = index[key] {
                rows[at].count += row.count
                rows[at].firstFrame = min(rows[at].firstFrame, row.firstFrame)
                let limit = max(rows[at].frames.count, row.frames.count)
                rows[at].frames = Array(Set(rows[at].frames + row.frames).sorted().prefix(limit))
                moved.append(at)
            } else {
                index[key] = rows.count
                moved.append(rows.count)
                rows.append(row)
            }
        }
        out.items = rows
        out.perPacket = expert.perPacket?.map { ($0.frame, $0.item < moved.count ? moved[$0.item] : $0.item) }
        return out
    }

    /// "GET /a?b=c HTTP/1.1\r\n" → "GET [target withheld] HTTP/1.1\r\n"; a status line stays.
    static func withheldTarget(_ line: String) -> String {
        guard !line.hasPrefix("HTTP/") else { return line }
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return line }
        return "\(parts[0]) [target withheld] \(parts[parts.count - 1])"
    }
}
