import Support
import ThreatFindings

/// The parts of the view that present the report rather than walk the capture: the header's
/// metadata, the executive summary, the table of contents and the figures.
extension ReportViewModel {
    /// The placeholder the renderers replace with the table of contents.
    static let tocToken = "\u{E000}toc\u{E000}"

    /// Numbers the numbered sections in the order the template puts them: a `## ` heading the
    /// template wrote with a number (`## 8. Findings`; the digits are only a mark) gets the next
    /// number, so a section removed from a template or an overlay leaves no gap. Headings without a
    /// number, and lines inside code fences, stay as they are.
    static func numberSections(_ markdown: String) -> String {
        var n = 0, fenced = false
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for i in lines.indices {
            let line = lines[i]
            if line.hasPrefix("```") { fenced.toggle(); continue }
            guard !fenced, line.hasPrefix("## ") else { continue }
            let rest = line.dropFirst(3)
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, rest.dropFirst(digits.count).hasPrefix(". ") else { continue }
            n += 1
            lines[i] = "## \(n). " + rest.dropFirst(digits.count + 2)
        }
        return lines.joined(separator: "\n")
    }

    mutating func figure(_ f: Figure?) -> String {
        guard let f else { return "" }
        figureCount += 1
        // Markdown shows the words only: the SVG markup is assembled for HTML alone.
        return block(mode == .markdown ? f.markdownBlock(number: figureCount) : f.block(number: figureCount))
    }

    /// Header lines: customer, ticket, analyst, generation time, zone. Values escaped for Markdown
    /// (`meta`) and for HTML (`html`).
    func meta(_ m: ReportModel) -> [String: Any] {
        let p = m.presentation
        var items: [(String, String)] = []
        if let c = p.customer { items.append(("Customer", c)) }
        if let t = p.ticket { items.append(("Ticket", t)) }
        if let a = p.analyst { items.append(("Analyst", a)) }
        if let l = p.tlp { items.append(("Marking", l.label)) }
        items.append(("Capture", m.capture.fileName))
        if let g = p.generatedAt { items.append(("Generated", g)) }
        items.append(("Times", p.timeZone.isUTC ? "UTC (Z)" : p.timeZone.name))
        return [
            "items": items.map { ["label": $0.0, "value": Self.t($0.1), "html": HTMLText.escape($0.1)] },
            "line": items.map { "**\($0.0):** \(Self.t($0.1))" }.joined(separator: " · "),
        ]
    }

    /// HTML-escaped values for `report.html.mustache` (the Markdown context is escaped for Markdown).
    func htmlValues(_ m: ReportModel) -> [String: Any] {
        let p = m.presentation
        var d: [String: Any] = [
            "title": HTMLText.escape(m.title), "headline": HTMLText.escape(m.headline),
            "severity": HTMLText.escape(m.verdict.severity.rawValue.uppercased()),
            "severityClass": HTMLText.escape(m.verdict.severity.rawValue),
            "classification": HTMLText.escape(Self.classificationLabel(m.verdict.classification)),
            "fileName": HTMLText.escape(m.capture.fileName), "zone": HTMLText.escape(p.timeZone.name),
            "generator": HTMLText.escape("\(m.generatorName) \(m.generatorVersion)"),
        ]
        if let c = p.customer { d["customer"] = HTMLText.escape(c) }
        if let t = p.ticket { d["ticket"] = HTMLText.escape(t) }
        if let a = p.analyst { d["analyst"] = HTMLText.escape(a) }
        if let g = p.generatedAt { d["generatedAt"] = HTMLText.escape(g) }
        if let l = p.tlp { d["tlp"] = HTMLText.escape(l.label); d["tlpClass"] = l.rawValue == "amber+strict" ? "amber" : l.rawValue }
        // The running header of every printed page: a CSS string (every character outside
        // letters, digits and spaces as a CSS escape, so no text can end the string or the style).
        d["printHeader"] = Self.cssString([p.customer, p.tlp?.label, m.title].compactMap { $0 }.joined(separator: " · "))
        return d
    }

    /// `text` as the inside of a double-quoted CSS string: letters, digits and spaces as they are,
    /// everything else as `\HHHHHH` (six hex digits, so no following character joins the escape).
    static func cssString(_ text: String) -> String {
        var out = ""
        for u in text.unicodeScalars.prefix(200) {
            if u.isASCII && (u.properties.isAlphabetic || ("0" ... "9").contains(Character(u)) || u == " ") {
                out.unicodeScalars.append(u)
            } else {
                let hex = String(u.value, radix: 16)
                out += "\\" + String(repeating: "0", count: max(0, 6 - hex.count)) + hex + " "
            }
        }
        return out
    }

    static func classificationLabel(_ c: String) -> String {
        c == "no-attack-detected"
            ? "No attack detected" : c.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    /// The executive summary: what was looked at, what was found, what to do first.
    mutating func executiveSummary(_ m: ReportModel) -> [String: Any] {
        let c = m.capture
        let zone = m.presentation.timeZone
        var scope = "The capture \(c.fileName) holds \(NumberFormat.grouped(c.packets)) packets"
        if let first = c.firstPacketTime, let last = c.lastPacketTime, let d = c.durationSeconds {
            scope += " recorded over \(ChartScale.duration(d)), from \(zone.show(first)) to \(zone.show(last))"
        }
        let hosts = m.endpoints.ipv4.count + m.endpoints.ipv6.count
        scope +=
            ", exchanged by \(NumberFormat.grouped(hosts)) IP address\(hosts == 1 ? "" : "es") in \(NumberFormat.grouped(m.conversations.tcp.count)) TCP and \(NumberFormat.grouped(m.conversations.udp.count)) UDP conversations."
        let attack = m.verdict.classification != "no-attack-detected"
        let finding =
            attack
            ? "Verdict: \(m.verdict.severity.rawValue) severity. \(m.headline)"
            : "Verdict: no attack found. \(m.headline)"
        let bySeverity = FindingSeverity.allCases.reversed().compactMap { sev -> String? in
            let n = m.findings.filter { $0.finding.severity == sev }.count
            return n > 0 ? "\(n) \(sev.rawValue)" : nil
        }
        let tiles: [(String, String)] = [
            ("Packets", NumberFormat.grouped(c.packets)),
            ("Duration", c.durationSeconds.map(ChartScale.duration) ?? "n/a"),
            ("IP addresses", NumberFormat.grouped(hosts)),
            ("Conversations", NumberFormat.grouped(m.conversations.tcp.count + m.conversations.udp.count)),
            ("Findings", m.findings.isEmpty ? "none" : bySeverity.joined(separator: ", ")),
        ]
        var tileHTML = "<div class=\"tiles\">"
        for (label, value) in tiles {
            tileHTML +=
                "<div class=\"tile\"><div class=\"tile-value\">\(HTMLText.escape(value))</div><div class=\"tile-label\">\(HTMLText.escape(label))</div></div>"
        }
        tileHTML += "</div>"
        let tileMD = tiles.map { "**\($0.0):** \(Self.t($0.1))" }.joined(separator: " · ")
        let findings = m.findings.prefix(5).map { v in
            [
                "id": mode == .html ? "[\(v.finding.id)](#\(v.finding.id.lowercased()))" : v.finding.id,
                "severity": v.finding.severity.rawValue.uppercased(), "summary": Self.t(v.words.summary),
                "filter": Self.c(v.finding.displayFilter),
            ]
        }
        let actions = m.recommendations.prefix(3).map { ["id": $0.id, "title": Self.t($0.title)] }
        return [
            "scope": Self.t(scope), "verdict": Self.t(finding), "tiles": block(ReportBlock(markdown: tileMD, html: tileHTML)),
            "findings": findings, "hasFindings": !findings.isEmpty, "actions": actions, "hasActions": !actions.isEmpty,
            "sha256": Self.c(m.capture.sha256),
            "moreFindings": m.findings.count > 5 ? "\(m.findings.count - 5) more findings in the Findings section." : "",
        ]
    }

    /// The I/O graph with every finding's window shaded.
    mutating func ioGraphFigure(_ m: ReportModel) -> String {
        guard let g = m.ioGraph else { return "" }
        let windows = m.findings.map { v in
            ReportModel.TimeWindow(
                id: v.finding.id, label: v.words.summary, severity: v.finding.severity.rawValue,
                startSeconds: v.startSeconds, endSeconds: v.endSeconds)
        }
        return figure(IOGraphFigure.figure(g, windows: windows))
    }

    mutating func hierarchyFigure(_ m: ReportModel) -> String {
        let total = max(1, m.capture.packets)
        let bars = m.hierarchy.prefix(16).map { n in
            BarFigure.Bar(
                label: n.path.last ?? "", value: n.frames,
                detail:
                    "\(NumberFormat.grouped(n.frames)) frame\(n.frames == 1 ? "" : "s") (\(NumberFormat.fixed(Double(n.frames) * 100 / Double(total), 1))%)",
                depth: n.path.count - 1, path: n.path.joined(separator: ":"))
        }
        return figure(
            BarFigure.figure(
                id: "fig-hierarchy", caption: "Protocol hierarchy: frames per protocol, nested as in Statistics › Protocol Hierarchy.",
                bars: Array(bars), textLead: "Frames per protocol:"))
    }

    mutating func talkerFigures(_ m: ReportModel) -> [String] {
        var out: [String] = []
        let endpoints = topElements([m.endpoints.ipv4, m.endpoints.ipv6].joined(), limit: 8) {
            $0.bytes != $1.bytes ? $0.bytes > $1.bytes : $0.address < $1.address
        }
        if endpoints.count >= 2 {
            let bars = endpoints.map { e in
                BarFigure.Bar(
                    label: e.address, value: e.bytes,
                    detail:
                        "\(NumberFormat.grouped(e.bytes)) bytes, \(NumberFormat.grouped(e.packets)) packet\(e.packets == 1 ? "" : "s") (\(NumberFormat.grouped(e.txPackets)) sent)"
                )
            }
            out.append(
                figure(
                    BarFigure.figure(
                        id: "fig-endpoints", caption: "Top IP endpoints by bytes (Statistics › Endpoints).",
                        bars: Array(bars), textLead: "Bytes per IP address:")))
        }
        // Labels are made only to break ties in bytes, and for the bars shown.
        func label(_ name: String, _ r: ReportModel.ConversationRow) -> String {
            "\(name) \(r.addressA):\(r.portA ?? 0) ↔ \(r.addressB):\(r.portB ?? 0)"
        }
        let rows = [m.conversations.tcp.lazy.map { ("TCP", $0) }, m.conversations.udp.lazy.map { ("UDP", $0) }].joined()
        let top = topElements(rows, limit: 8) { l, r in
            let lb = l.1.bytesAtoB + l.1.bytesBtoA, rb = r.1.bytesAtoB + r.1.bytesBtoA
            return lb != rb ? lb > rb : label(l.0, l.1) < label(r.0, r.1)
        }
        let conversations = top.map { (label($0.0, $0.1), $0.1.bytesAtoB + $0.1.bytesBtoA, $0.1.framesAtoB + $0.1.framesBtoA) }
        if conversations.count >= 2 {
            let bars = conversations.map {
                BarFigure.Bar(
                    label: $0.0, value: $0.1,
                    detail: "\(NumberFormat.grouped($0.1)) bytes, \(NumberFormat.grouped($0.2)) packet\($0.2 == 1 ? "" : "s")")
            }
            out.append(
                figure(
                    BarFigure.figure(
                        id: "fig-conversations", caption: "Top TCP and UDP conversations by bytes (Statistics › Conversations).",
                        bars: Array(bars), textLead: "Bytes per conversation:")))
        }
        return out
    }

    /// Extra keys of one finding: the scan picture and the first evidence frame.
    mutating func findingExtras(_ v: ReportModel.FindingView, zone: ReportTimeZone) -> [String: Any] {
        var d: [String: Any] = [:]
        let f = v.finding
        d["anchor"] = f.id.lowercased()
        if !v.scanPoints.isEmpty {
            d["scanFigure"] = figure(ScanFigure.figure(f.id, target: f.targets.first?.description ?? "the target", points: v.scanPoints))
        }
        if let p = v.evidencePacket {
            d["hasEvidence"] = true
            d["evidenceNumber"] = p.number
            d["evidenceSummary"] = Self.c(p.summary)
            d["evidenceTree"] = block(PacketPane.tree(p, zone: zone))
            d["evidenceBytes"] = block(
                PacketPane.hexDump(
                    p.bytes, note: p.bytes.isEmpty ? "Bytes withheld by the redaction profile." : nil,
                    ranges: p.byteRanges))
        } else if let note = v.evidenceNote {
            d["evidenceNote"] = Self.t(note) + (v.evidenceNoteFilter.map { ": " + Self.c($0) + "." } ?? "")
        }
        return d
    }

    // MARK: table of contents

    /// GitHub's heading anchors: lower case, letters, digits, spaces, `-` and `_` kept, spaces to `-`.
    static func slug(_ heading: String) -> String {
        var out = ""
        for c in heading.lowercased() {
            if c.isLetter || c.isNumber || c == "-" || c == "_" { out.append(c) } else if c == " " { out.append("-") }
        }
        return out
    }

    /// Level-2 headings of rendered Markdown, outside code fences: (text, anchor), anchors deduplicated.
    static func sections(_ markdown: String) -> [(String, String)] {
        var out: [(String, String)] = []
        var used: [String: Int] = [:]
        var fence: Substring?
        for bytes in markdown.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let line = Substring(bytes)
            let ticks = line.prefix { $0 == "`" }
            if let open = fence {
                if ticks.count >= open.count && line.allSatisfy({ $0 == "`" }) { fence = nil }
                continue
            }
            if ticks.count >= 3 { fence = ticks; continue }
            guard line.hasPrefix("## ") else { continue }
            let text = String(line.dropFirst(3)).trimmingTrailingSpaces()
            var anchor = slug(text.replacingOccurrences(of: "\\", with: ""))
            if let n = used[anchor] { used[anchor] = n + 1; anchor += "-\(n + 1)" } else { used[anchor] = 0 }
            out.append((text, anchor))
        }
        return out
    }

    /// The table of contents as a block: a linked list in both formats.
    static func tableOfContents(_ markdown: String) -> ReportBlock {
        let list = sections(markdown)
        let md = list.map { "- [\($0.0)](#\($0.1))" }.joined(separator: "\n")
        var html = "<nav class=\"toc\" aria-label=\"Contents\"><div class=\"toc-title\">Contents</div><ul>"
        for (text, anchor) in list {
            html += "<li><a href=\"#\(HTMLText.escape(anchor))\">\(HTMLText.escape(text.replacingOccurrences(of: "\\", with: "")))</a></li>"
        }
        html += "</ul></nav>"
        return ReportBlock(markdown: "**Contents**\n\n" + md, html: html)
    }
}

extension ReportViewModel {
    /// What the redaction profile withheld, said once near the top of the report.
    func redactionNotes(_ m: ReportModel) -> [String: Any] {
        var notes: [String] = []
        if let nets = m.redaction.keepNetworks {
            let kept = nets.map(\.description).joined(separator: ", ")
            notes.append(
                nets.isEmpty
                    ? "Every IP address is replaced by a numbered placeholder, and hex dumps are withheld."
                    : "IP addresses outside \(kept) are replaced by numbered placeholders, and hex dumps are withheld.")
        }
        if m.redaction.dropPayload { notes.append("Payload bytes (stream excerpts and the data part of hex dumps) are withheld.") }
        if m.redaction.maskCredentials { notes.append("Credentials, cookies and tokens in payload excerpts are masked.") }
        return [
            "text": Self.t("Redaction: " + notes.joined(separator: " ")),
            "active": m.redaction.keepNetworks != nil || m.redaction.dropPayload,
        ]
    }
}
