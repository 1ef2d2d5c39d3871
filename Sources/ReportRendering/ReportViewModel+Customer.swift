import Support
import ThreatFindings

/// The customer edition's view (`--edition customer`) and the front matter both editions share:
/// what happened in plain words, why this severity, a timeline, the affected hosts, one line per
/// finding, the indicators to block and the advice ranked by effect. Same model, other template.
extension ReportViewModel {
    /// Front matter: report id and version, customer, analyst, ticket, TLP marking, capture and its
    /// SHA-256 (chain of custody). Shown in the customer edition always; in the full edition when a
    /// report id, version or TLP marking is given (so earlier reports stay byte-identical).
    mutating func frontMatter(_ m: ReportModel) -> [String: Any] {
        let p = m.presentation
        var rows: [[ReportBlock.Cell]] = []
        if let id = p.reportID { rows.append([.label("Report"), .label(id)]) }
        if let v = p.reportVersion { rows.append([.label("Version"), .label(v)]) }
        if let l = p.tlp { rows.append([.label("Marking"), .label(l.label + " (Traffic Light Protocol 2.0)")]) }
        if let c = p.customer { rows.append([.label("Customer"), .label(c)]) }
        if let a = p.analyst { rows.append([.label("Analyst"), .label(a)]) }
        if let t = p.ticket { rows.append([.label("Ticket"), .label(t)]) }
        rows.append([.label("Capture"), .label(m.capture.fileName)])
        rows.append([.label("Capture SHA-256"), .code(m.capture.sha256)])
        if let g = p.generatedAt { rows.append([.label("Generated"), .label(g)]) }
        let shown = p.edition == .customer || p.reportID != nil || p.reportVersion != nil || p.tlp != nil
        return ["shown": shown, "table": shown ? block(.table(["Item", "Value"], rows)) : ""]
    }

    /// What a customer's manager and IT staff read (`report-customer.md.mustache`).
    mutating func customer(_ m: ReportModel) -> [String: Any] {
        let c = m.capture
        let attack = m.verdict.classification != "no-attack-detected"
        var narrative = "We examined the recorded network traffic in \(c.fileName) (\(NumberFormat.grouped(c.packets)) packets"
        if let first = c.firstPacketTime, let last = c.lastPacketTime {
            narrative += ", \(zone.show(first)) to \(zone.show(last))"
        }
        narrative += "). "
        if attack {
            let count = m.findings.count
            narrative += "It shows \(count == 1 ? "one sign" : "\(count) signs") of hostile activity. The most serious: \(m.headline)"
        } else {
            narrative += "It shows no sign of an attack of the kinds the analysis looks for: " + Self.scopeWords + "."
        }
        let severity = m.verdict.severity
        let lead = m.findings.max { $0.finding.severity < $1.finding.severity }
        let why: String
        if let lead, attack {
            why =
                "Rated \(severity.rawValue) because finding \(lead.finding.id) is rated \(lead.finding.severity.rawValue): "
                + Self.severityMeaning(lead.finding.severity)
        } else {
            why = "Rated \(severity.rawValue): " + Self.severityMeaning(severity)
        }
        // Timeline: the capture's start and end and each finding's first and last packet.
        var events: [(String, String)] = []
        if let first = c.firstPacketTime { events.append((first, "Recording starts")) }
        for v in m.findings {
            events.append((v.startText, "\(v.finding.id) begins: \(v.words.summary)"))
            if v.endText != v.startText { events.append((v.endText, "\(v.finding.id) last seen")) }
        }
        if let last = c.lastPacketTime { events.append((last, "Recording ends")) }
        events.sort { $0.0 < $1.0 }
        var header = ["Time (UTC)"]
        if !zone.isUTC { header.append("Time (\(zone.name))") }
        header.append("Event")
        let timeline = events.map { e -> [ReportBlock.Cell] in
            var row: [ReportBlock.Cell] = [.label(e.0)]
            if !zone.isUTC { row.append(.label(zone.show(e.0))) }
            row.append(.label(e.1))
            return row
        }
        // Affected assets: every host a finding names, with its part and the findings.
        var assets: [(String, String, [String])] = []
        func add(_ host: String, _ role: String, _ id: String) {
            if let i = assets.firstIndex(where: { $0.0 == host && $0.1 == role }) {
                if !assets[i].2.contains(id) { assets[i].2.append(id) }
            } else {
                assets.append((host, role, [id]))
            }
        }
        for v in m.findings {
            for a in v.finding.attackers { add("\(a)", "source of the activity", v.finding.id) }
            for t in v.finding.targets { add("\(t)", "attacked", v.finding.id) }
        }
        let assetRows = assets.prefix(Self.customerRows).map { a -> [ReportBlock.Cell] in
            [.label(a.0), .label(a.1), .label(a.2.joined(separator: ", "))]
        }
        let findingLines = m.findings.map { v -> String in
            let f = v.finding
            let frames = f.evidenceFrames.prefix(5).map(String.init).joined(separator: ", ")
            return
                "**\(f.id)** · \(f.severity.rawValue.uppercased()) · \(Self.t(v.words.summary)) Evidence: frame\(f.evidenceFrames.count == 1 ? "" : "s") \(frames)"
                + (f.evidenceFrames.count > 5 ? " and \(f.evidenceFrames.count - 5) more" : "") + "; display filter "
                + Self.c(f.displayFilter) + "."
        }
        let indicatorRows = m.indicators.prefix(Self.customerRows).map { i -> [ReportBlock.Cell] in
            [
                .text(i.value), .label(IndicatorWording.kind(i.kind)), .label(IndicatorWording.role(i.role)),
                .label(i.findingIDs.joined(separator: ", ")),
            ]
        }
        // Advice ranked by effect, then effort: the most severe finding it answers first, and among
        // equals the least work first (quick wins), then the one that answers more findings.
        let rank = Dictionary(m.findings.map { ($0.finding.id, $0.finding.severity) }, uniquingKeysWith: { a, _ in a })
        let effect = { (r: Recommendation) in r.appliesTo.compactMap { rank[$0] }.max() ?? .info }
        let advice = m.recommendations.enumerated().sorted { a, b in
            let ea = effect(a.element), eb = effect(b.element)
            if ea != eb { return ea > eb }
            let wa = AdviceWriter.effort(a.element.title), wb = AdviceWriter.effort(b.element.title)
            if wa != wb { return wa < wb }
            if a.element.appliesTo.count != b.element.appliesTo.count { return a.element.appliesTo.count > b.element.appliesTo.count }
            return a.offset < b.offset
        }.map { r -> [String: Any] in
            [
                "title": Self.t(r.element.title), "detail": Self.t(r.element.detail),
                "appliesTo": r.element.appliesTo.joined(separator: ", "),
                "effect": effect(r.element).rawValue, "effort": AdviceWriter.effort(r.element.title).words,
            ]
        }
        return [
            "narrative": Self.t(narrative), "why": Self.t(why),
            "timeline": block(.table(header, timeline)),
            "hasAssets": !assetRows.isEmpty, "assets": block(.table(["Host", "Part", "Findings"], Array(assetRows))),
            "moreAssets": assets.count > Self.customerRows
                ? "\(NumberFormat.grouped(assets.count - Self.customerRows)) more hosts are listed in the technical appendix." : "",
            "findings": findingLines, "hasFindings": !findingLines.isEmpty,
            "hasIndicators": !indicatorRows.isEmpty,
            "indicators": block(.table(["Indicator", "Kind", "Role", "Findings"], Array(indicatorRows))),
            "moreIndicators": m.indicators.count > Self.customerRows
                ? "\(NumberFormat.grouped(m.indicators.count - Self.customerRows)) more in the JSON report." : "",
            "advice": advice, "hasAdvice": !advice.isEmpty,
        ]
    }

    /// Rows of the customer edition's host and indicator tables (the rest are counted): the edition
    /// must stay within four printed pages.
    static let customerRows = 10

    /// What each detector looks for, in the analyst's words and in plain words, with the finding
    /// kinds it reports (every `FindingKind.all` is covered: a test checks it).
    static let detectorScopes: [(kinds: [FindingKind], technical: String, plain: String)] = [
        ([.portScan], "port scans", "port scans"),
        ([.portSweep, .hostSweep], "host and port sweeps", "host sweeps"),
        ([.serviceProbe], "service and version probes", "service probing"),
        ([.synFlood, .udpFlood, .icmpFlood], "floods", "floods"),
        ([.bruteForce], "brute force on logins and web forms", "password guessing"),
        ([.cleartextCredentials], "cleartext credentials", "passwords sent in clear text"),
        ([.arpSpoofing], "ARP spoofing", "ARP spoofing"),
        ([.dnsTunneling], "DNS tunnelling", "DNS tunnelling"),
        ([.evasion], "evasion", "evasion tricks"),
        ([.tlsAnomaly], "TLS anomalies", "weak TLS servers"),
        ([.beaconing], "C2 beaconing", "malware calling home at regular intervals"),
        ([.suspiciousDNS], "suspicious DNS", "suspicious DNS lookups"),
        ([.exfiltration], "exfiltration", "large uploads to outside hosts"),
        ([.webAttack], "web attacks and attack tools", "attacks on web servers"),
        ([.sessionHijacking], "session hijacking", "stolen web sessions"),
        ([.suspiciousDownload], "suspicious downloads", "suspicious file downloads"),
    ]

    /// The findings section's words when nothing was found: what ran and what it cannot see.
    static let scopeSentence =
        "\(detectorScopes.count) detectors ran ("
        + detectorScopes.map(\.technical).joined(separator: ", ")
        + ") and none found activity above its thresholds (see the appendix). "
        + "Blind spots: encrypted payloads, traffic this capture did not record, and attacks that stay below the "
        + "thresholds or look like ordinary use."

    /// What the detectors look for, in plain words.
    static let scopeWords =
        detectorScopes.dropLast().map(\.plain).joined(separator: ", ") + " and " + (detectorScopes.last?.plain ?? "")
        + "; encrypted content, activity outside this recording and attacks that look like ordinary use stay out of sight"

    /// One sentence on what a severity means for the reader.
    static func severityMeaning(_ s: FindingSeverity) -> String {
        switch s {
        case .critical: "an attack that is likely to have succeeded or exposed secrets; act now."
        case .high: "an active attack against your hosts; act today."
        case .medium: "suspicious activity that deserves a look this week."
        case .low: "unusual activity of little risk on its own."
        case .info: "nothing that calls for action."
        }
    }
}
