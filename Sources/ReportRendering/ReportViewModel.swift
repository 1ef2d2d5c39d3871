import Support
import ThreatFindings

/// Turns the report model into the Mustache context: every value a template shows is precomputed and
/// already escaped for Markdown; tables and figures are blocks, which the HTML path swaps for
/// placeholders that cmark's tree then replaces with custom-block nodes.
struct ReportViewModel {
    enum Mode { case markdown, html }
    let mode: Mode
    private(set) var blocks: [ReportBlock] = []
    /// Figures numbered in the order the sections ask for them.
    var figureCount = 0
    /// The zone timestamps are shown in.
    var zone = ReportTimeZone.utc

    init(mode: Mode) { self.mode = mode }

    /// The placeholder for block `n`: private-use characters, which `MarkdownText.sanitized` removes
    /// from every capture string, so capture bytes can never forge one.
    static func token(_ n: Int) -> String { "\u{E000}block\(n)\u{E000}" }

    mutating func block(_ b: ReportBlock) -> String {
        switch mode {
        case .markdown: return b.markdown
        case .html:
            blocks.append(b)
            return Self.token(blocks.count - 1)
        }
    }

    static func t(_ s: String) -> String { MarkdownText.inline(s) }
    static func c(_ s: String) -> String { MarkdownText.code(s) }
    static func seconds(_ d: Double?) -> String { d.map { NumberFormat.fixed($0, 6) + " s" } ?? "n/a" }
    static func rate(_ d: Double?, _ unit: String) -> String { d.map { NumberFormat.groupedFixed($0, 2) + " " + unit } ?? "n/a" }
    /// A data rate a reader can picture: grouped bytes per second, and for a trickle below one byte a
    /// second (a long, quiet capture) the bytes per minute or hour it amounts to.
    static func byteRate(_ d: Double?) -> String {
        guard let d, d.isFinite else { return "n/a" }
        guard d > 0 && d < 1 else { return rate(d, "bytes/s") }
        let perMinute = d * 60
        let gloss =
            perMinute >= 1
            ? "about \(NumberFormat.groupedFixed(perMinute, 1)) bytes per minute"
            : "about \(NumberFormat.groupedFixed(perMinute * 60, 1)) bytes per hour"
        return "\(NumberFormat.fixed(d, 4)) bytes/s (\(gloss))"
    }

    mutating func context(_ m: ReportModel) -> [String: Any] {
        var ctx: [String: Any] = [:]
        zone = m.presentation.timeZone
        ctx["title"] = Self.t(m.title)
        ctx["meta"] = meta(m)
        ctx["html"] = htmlValues(m)
        ctx["toc"] = Self.tocToken
        ctx["zone"] = zone.name
        ctx["zoneSentence"] = zone.isUTC ? "Times are UTC." : "Times are shown in \(zone.name); the JSON report states them in UTC."
        ctx["summary"] = executiveSummary(m)
        ctx["front"] = frontMatter(m)
        ctx["scopeSentence"] = Self.scopeSentence
        if m.presentation.edition == .customer { ctx["customer"] = customer(m) }
        ctx["generator"] = "\(m.generatorName) \(m.generatorVersion)"
        ctx["verdict"] = verdict(m)
        ctx["capture"] = capture(m)
        ctx["firstPacket"] = firstPacket(m) as Any
        ctx["hasFirstPacket"] = m.firstPacket != nil
        ctx["expert"] = expert(m)
        ctx["hierarchy"] = hierarchy(m)
        ctx["conversations"] = conversations(m)
        ctx["streams"] = streams(m)
        ctx["hasStreams"] = !m.streams.isEmpty
        ctx["hasDNS"] = m.dns != nil
        ctx["dns"] = dns(m) as Any
        ctx["hasHTTP"] = m.http != nil
        ctx["http"] = http(m) as Any
        ctx["hasTLS"] = m.tls != nil
        ctx["tls"] = tls(m) as Any
        ctx["findings"] = findings(m)
        ctx["hasFindings"] = !m.findings.isEmpty
        ctx["hasIndicators"] = !m.indicators.isEmpty
        ctx["indicators"] = indicators(m)
        ctx["recommendations"] = m.recommendations.map { r -> [String: Any] in
            [
                "id": r.id, "title": Self.t(r.title), "detail": Self.t(r.detail),
                "appliesTo": r.appliesTo.joined(separator: ", "), "references": r.references.map(Self.t).joined(separator: "; "),
            ]
        }
        ctx["hasRecommendations"] = !m.recommendations.isEmpty
        ctx["appendix"] = appendix(m)
        ctx["redaction"] = redactionNotes(m)
        return ctx
    }

    func severityWord(_ s: FindingSeverity) -> String { s.rawValue.uppercased() }

    mutating func verdict(_ m: ReportModel) -> [String: Any] {
        let lead = m.findings.first?.finding
        var facts: [[ReportBlock.Cell]] = [
            [.label("Classification"), .label(FindingWording.classificationName(m.verdict.classification))],
            [.label("Severity"), .label(m.verdict.severity.rawValue)],
        ]
        if let lead, m.verdict.classification != "no-attack-detected" {
            facts.append([
                .label(FindingWording.roleLabel(.attacker, kind: lead.kind)),
                .label(Self.hostList(lead.attackers, total: lead.attackerTotal)),
            ])
            facts.append([
                .label(FindingWording.roleLabel(.target, kind: lead.kind)), .label(Self.hostList(lead.targets, total: lead.targetTotal)),
            ])
            if let t = lead.technique { facts.append([.label("Technique"), .label(FindingWording.techniqueLabel(t))]) }
            facts.append([
                .label("Confidence"), .label(NumberFormat.fixed(lead.confidence, 2) + " on a 0 to 1 scale (the finding says why)"),
            ])
        }
        facts.append([.label("Findings"), .number(m.findings.count)])
        return [
            "headline": Self.t(m.headline), "severity": severityWord(m.verdict.severity),
            "severityClass": m.verdict.severity.rawValue, "classification": m.verdict.classification,
            "attackFound": m.verdict.classification != "no-attack-detected",
            "facts": block(.table(["Fact", "Value"], facts)),
        ]
    }

    mutating func capture(_ m: ReportModel) -> [String: Any] {
        let c = m.capture
        var rows: [[ReportBlock.Cell]] = [
            [.label("File"), .text(c.fileName)],
            [.label("File size"), .label("\(NumberFormat.grouped(c.fileBytes)) bytes")],
            [.label("Format"), .label("\(c.formatLabel) (timestamps in \(c.timestampPrecision))")],
            [.label("Encapsulation"), .label(c.encapsulation)],
            [.label("Snapshot length"), .label(c.snaplen.map { "\($0) bytes" } ?? "not set in the file header")],
            [.label("Packets"), .number(c.packets)],
            [.label("First packet"), .label(c.firstPacketTime.map(zone.show) ?? "n/a")],
            [.label("Last packet"), .label(c.lastPacketTime.map(zone.show) ?? "n/a")],
            [.label("Duration"), .label(Self.seconds(c.durationSeconds))],
            [.label("Data size"), .label("\(NumberFormat.grouped(c.dataBytes)) bytes")],
            [.label("Data byte rate"), .label(Self.byteRate(c.dataByteRate))],
            [.label("Average packet size"), .label(Self.rate(c.averagePacketSize, "bytes"))],
            [.label("Average packet rate"), .label(Self.rate(c.averagePacketRate, "packets/s"))],
            [.label("Strict time order"), .label(c.strictTimeOrder ? "yes" : "no")],
            [.label("SHA-256"), .code(c.sha256)],
            [.label("SHA-1"), .code(c.sha1)],
            [.label("Hardware"), .text(c.hardware ?? "not recorded")],
            [.label("Operating system"), .text(c.os ?? "not recorded")],
            [.label("Application"), .text(c.application ?? "not recorded")],
        ]
        if let problem = c.readProblem { rows.append([.label("Reading stopped"), .text(problem)]) }
        if let method = c.readMethod { rows.append([.label("Read with"), .text(method)]) }
        let interfaces = c.interfaces.enumerated().map { i, f -> [ReportBlock.Cell] in
            [
                .number(i), .text(f.name ?? "unknown"), .text(f.description ?? "none"), .label(f.linkType),
                .label(f.snaplen.map(String.init) ?? "not set"), .text(f.captureFilter ?? "none (no capture filter applied)"),
                f.packets.map(ReportBlock.Cell.number) ?? .label("unknown"),
                f.droppedPackets.map(ReportBlock.Cell.number) ?? .label("unknown"),
            ]
        }
        return [
            "table": block(.table(["Property", "Value"], rows)),
            "interfaces": block(
                .table(
                    ["#", "Name", "Description", "Link type", "Snaplen", "Capture filter", "Packets", "Dropped"],
                    interfaces, numeric: [0, 6, 7])),
            "comments": c.comments.map(Self.t), "hasComments": !c.comments.isEmpty,
            "ioGraph": ioGraphFigure(m),
            "readProblem": c.readProblem.map(Self.t) as Any, "hasReadProblem": c.readProblem != nil,
        ]
    }

    mutating func firstPacket(_ m: ReportModel) -> [String: Any]? {
        guard let p = m.firstPacket else { return nil }
        let withheld = p.bytes.isEmpty ? "Bytes withheld by the redaction profile (they would show the addresses)." : nil
        return [
            "summary": Self.c(p.summary), "meaning": Self.t(p.meaning),
            "layers": block(PacketPane.tree(p, zone: zone)),
            "hexdump": block(PacketPane.hexDump(p.bytes, note: withheld, ranges: p.byteRanges)),
        ]
    }

    mutating func expert(_ m: ReportModel) -> [String: Any] {
        let counts = m.expert.counts.map { [ReportBlock.Cell.label($0.0), .number($0.1)] }
        let rows = m.expert.items.prefix(40).map { i -> [ReportBlock.Cell] in
            [.label(i.severity), .label(i.group), .text(i.protocolName), .text(i.summary), .number(i.count), .number(i.firstFrame)]
        }
        let note = m.expert.items.count > 40 ? "Showing 40 of \(m.expert.items.count) rows; the JSON report lists all." : nil
        return [
            "counts": block(.table(["Severity", "Items"], counts, numeric: [1])),
            "items": m.expert.items.isEmpty
                ? "No expert items."
                : block(.table(["Severity", "Group", "Protocol", "Summary", "Count", "First frame"], rows, numeric: [4, 5], note: note)),
            "observations": observations(m.expert.observations),
        ]
    }

    func observations(_ list: [ReportModel.Observation]) -> [[String: Any]] {
        list.map { o in
            var d: [String: Any] = ["text": Self.t(o.text)]
            if let f = o.filter { d["filter"] = Self.c(f) }
            return d
        }
    }

    mutating func hierarchy(_ m: ReportModel) -> [String: Any] {
        let total = max(1, m.capture.packets)
        let rows = m.hierarchy.map { n -> [ReportBlock.Cell] in
            let indent = String(repeating: "\u{00A0}\u{00A0}", count: n.path.count - 1)
            return [
                .label(indent + (n.path.last ?? "")), .number(n.frames),
                .label(NumberFormat.fixed(Double(n.frames) * 100 / Double(total), 1) + "%"), .number(n.bytes),
            ]
        }
        return [
            "figure": hierarchyFigure(m),
            "table": block(.table(["Protocol", "Frames", "% of frames", "Bytes"], rows, numeric: [1, 2, 3])),
            "observations": observations(m.hierarchyObservations),
        ]
    }

    mutating func conversations(_ m: ReportModel) -> [String: Any] {
        let limit = 15
        var tables: [[String: Any]] = []
        for (name, rows) in m.conversations.all where !rows.isEmpty {
            let top = topElements(rows, limit: limit) { $0.framesAtoB + $0.framesBtoA > $1.framesAtoB + $1.framesBtoA }
            let ported = name == "tcp" || name == "udp"
            let header =
                ported
                ? [
                    "Stream", "Address A", "Port A", "Address B", "Port B", "Frames A→B", "Bytes A→B", "Frames B→A", "Bytes B→A",
                    "Rel start (s)", "Duration (s)",
                ]
                : ["Address A", "Address B", "Frames A→B", "Bytes A→B", "Frames B→A", "Bytes B→A", "Rel start (s)", "Duration (s)"]
            let cells = top.map { r -> [ReportBlock.Cell] in
                var row: [ReportBlock.Cell] = []
                if ported { row.append(.number(r.stream ?? 0)) }
                row.append(.label(r.addressA)); if ported { row.append(.label(String(r.portA ?? 0))) }
                row.append(.label(r.addressB)); if ported { row.append(.label(String(r.portB ?? 0))) }
                row += [
                    .number(r.framesAtoB), .number(r.bytesAtoB), .number(r.framesBtoA), .number(r.bytesBtoA),
                    .label(NumberFormat.fixed(r.relStart, 6)), .label(NumberFormat.fixed(r.duration, 4)),
                ]
                return row
            }
            let numeric: Set<Int> = ported ? [0, 2, 4, 5, 6, 7, 8, 9, 10] : [2, 3, 4, 5, 6, 7]
            let label = ["eth": "Ethernet", "ipv4": "IPv4", "ipv6": "IPv6", "tcp": "TCP", "udp": "UDP"][name] ?? name
            tables.append([
                "name": label, "count": NumberFormat.grouped(rows.count),
                "table": block(
                    .table(
                        header, cells, numeric: numeric,
                        note: rows.count > limit
                            ? "Top \(limit) of \(NumberFormat.grouped(rows.count)) conversations by frames; the JSON report lists all."
                            : nil)),
            ])
        }
        return ["tables": tables, "observations": observations(m.conversationObservations), "figures": talkerFigures(m)]
    }

    mutating func streams(_ m: ReportModel) -> [[String: Any]] {
        m.streams.map { s in
            [
                "stream": s.stream, "protocol": s.protocolName.uppercased(), "nodeA": s.nodeA, "nodeB": s.nodeB,
                "why": Self.t(s.why), "handshake": Self.t(s.handshake), "hasHandshake": !s.handshake.isEmpty,
                "frameCount": s.frameCount, "framesText": "\(NumberFormat.grouped(s.frameCount)) frame\(s.frameCount == 1 ? "" : "s")",
                "bytesAtoB": NumberFormat.grouped(s.payloadBytesAtoB),
                "bytesBtoA": NumberFormat.grouped(s.payloadBytesBtoA), "filter": Self.c(s.filter),
                "excerpt": block(
                    PacketPane.follow(
                        s, credentialsMasked: s.excerpt.contains { $0.text.contains("********") },
                        payloadWithheld: m.redaction.dropPayload)),
            ]
        }
    }

    mutating func findings(_ m: ReportModel) -> [[String: Any]] {
        m.findings.map { v in
            let f = v.finding
            let extras = findingExtras(v, zone: zone)
            var facts: [[ReportBlock.Cell]] = [
                [.label("Kind"), .label(FindingWording.kindName(f.kind))],
                [.label("Technique"), .label(FindingWording.techniqueLabel(f.technique))],
                [.label("Severity"), .label(f.severity.rawValue)],
                [.label("Confidence"), .label(NumberFormat.fixed(f.confidence, 2) + " on a 0 to 1 scale: " + v.words.confidenceReason)],
                [
                    .label(FindingWording.roleLabel(.attacker, kind: f.kind)),
                    .label(Self.hostList(f.hosts(.attacker), total: f.attackerTotal)),
                ],
                [.label(FindingWording.roleLabel(.target, kind: f.kind)), .label(Self.hostList(f.hosts(.target), total: f.targetTotal))],
            ]
            if !f.decoys.isEmpty {
                facts.append([.label(FindingWording.roleLabel(.decoy)), .label(FindingWording.list(f.hosts(.decoy)))])
            }
            if let p = f.ports {
                facts.append([.label("Ports probed"), .number(p.probed)])
                for state in [PortState.open, .closed, .filtered, .unfiltered, .openOrFiltered] where !p.ports(state).isEmpty {
                    facts.append([.label(FindingWording.stateLabel(state)), .label(Self.portSummary(p.ports(state)))])
                }
            } else if !f.targetedPorts.isEmpty {
                facts.append([.label("Ports"), .label(Self.portSummary(f.targetedPorts, total: f.targetedPortTotal))])
            }
            facts += [
                [.label("Frames"), .label("\(f.firstFrame) to \(f.lastFrame) (\(NumberFormat.grouped(f.packetCount)) packets)")],
                [.label("Time"), .label("\(zone.show(v.startText)) to \(zone.show(v.endText))")],
                [.label("Evidence frames"), .label(f.evidenceFrames.map(String.init).joined(separator: ", "))],
                [.label("Display filter"), .code(f.displayFilter)],
                [.label("MITRE ATT&CK"), .label(f.attack.map(FindingWording.attackWithName).joined(separator: ", "))],
            ]
            let view: [String: Any] = [
                "id": f.id, "summary": Self.t(v.words.summary), "severity": severityWord(f.severity),
                "severityClass": f.severity.rawValue, "facts": block(.table(["Fact", "Value"], facts)),
                "details": v.words.details.map { Self.detail($0) }, "filter": Self.c(f.displayFilter),
                "recommendations": v.recommendations.joined(separator: ", "),
            ]
            return view.merging(extras) { a, _ in a }
        }
    }

    /// Finding details are program text that may quote a display filter between backticks.
    static func detail(_ s: String) -> String {
        // Code spans as CommonMark reads them: a run of n backticks opens one, the next run of exactly
        // n closes it (`FindingWording.code` fences capture text longer than any run inside it); a
        // run that nothing closes is text. Without a code span the whole detail is escaped text.
        let chars = Array(s)
        var parts: [(code: Bool, text: String)] = []
        var text = "", i = 0
        while i < chars.count {
            guard chars[i] == "`" else { text.append(chars[i]); i += 1; continue }
            let n = run(of: "`", in: chars, at: i)
            var j = i + n, close: Int?
            while j < chars.count {
                guard chars[j] == "`" else { j += 1; continue }
                let m = run(of: "`", in: chars, at: j)
                if m == n { close = j; break }
                j += m
            }
            guard let close else { text += String(chars[i ..< i + n]); i += n; continue }
            var content = String(chars[(i + n) ..< close])
            if content.count >= 2, content.hasPrefix(" "), content.hasSuffix(" "), content.contains(where: { $0 != " " }) {
                content = String(content.dropFirst().dropLast())
            }
            parts.append((false, text)); text = ""
            parts.append((true, content))
            i = close + n
        }
        guard parts.contains(where: \.code) else { return t(s) }
        parts.append((false, text))
        return parts.enumerated().map { k, p in
            if p.code { return c(p.text) }
            // `inline` drops leading spaces (at a line's start they could hide a block marker); after a
            // code span they separate two words ("`pass` lines"), so they are kept.
            let space = k > 0 ? String(p.text.prefix { $0 == " " }) : ""
            return space + t(p.text)
        }.joined()
    }

    /// The length of the run of `c` starting at `i`.
    static func run(of c: Character, in chars: [Character], at i: Int) -> Int {
        var n = 0
        while i + n < chars.count && chars[i + n] == c { n += 1 }
        return n
    }

    static func portSummary(_ ports: [UInt16], total: Int? = nil) -> String {
        let shown = ports.prefix(24).map { p in PortNames.name(p).map { "\(p)/\($0)" } ?? "\(p)" }
        let count = total.map { "\(NumberFormat.grouped($0)) (\(ports.count) listed)" } ?? "\(ports.count)"
        return "\(count): " + shown.joined(separator: ", ") + (ports.count > 24 || total != nil ? ", …" : "")
    }

    /// A finding's hosts in one role, with the total when the list holds only the busiest of them.
    static func hostList<Host: CustomStringConvertible>(_ hosts: [Host], total: Int?) -> String {
        // A long list (a sweep's targets) is a count and address ranges (`HostRanges`).
        if let compact = HostRanges.compact(hosts.map(\.description)) {
            guard let total, total > hosts.count else { return compact }
            return compact + " (\(NumberFormat.grouped(total)) in all)"
        }
        let text = FindingWording.list(hosts)
        guard let total, total > hosts.count else { return text }
        return text + " and \(NumberFormat.grouped(total - hosts.count)) more (\(NumberFormat.grouped(total)) in all)"
    }

    mutating func appendix(_ m: ReportModel) -> [String: Any] {
        let thresholds: [[ReportBlock.Cell]] = ThresholdListing.rows(m.thresholds).map {
            [.label($0.detector), .code($0.key), .label(ThresholdListing.text($0.value)), .label($0.meaning)]
        }
        let filters = m.filters.map { [ReportBlock.Cell.label($0.text), .code($0.filter ?? "")] }
        return [
            "tool": "\(m.generatorName) \(m.generatorVersion)",
            "thresholds": block(.table(["Detector", "Threshold", "Value", "Meaning"], thresholds, numeric: [2])),
            "filters": block(.table(["What it shows", "Display filter"], filters)),
        ]
    }
}
