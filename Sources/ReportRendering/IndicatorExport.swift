import Support
import ThreatFindings

/// The report's indicators as files another tool reads: CSV (RFC 4180, guarded against formula
/// injection), a STIX 2.1 bundle and a MISP event. Deterministic: ids are name-based UUIDv5 of the
/// values and every timestamp comes from the capture (or `--generated-at`), so reruns are
/// byte-identical. Addresses are masked afterwards like every report file (`--redact`).
public enum IndicatorExport {
    /// One indicator with the times of the findings it rests on (nanoseconds since the epoch).
    struct Row {
        var entry: IndicatorEntry
        var first: Int64
        var last: Int64
    }

    static func rows(_ model: ReportModel) -> [Row] {
        var times: [String: (Int64, Int64)] = [:]
        for f in model.findings { times[f.finding.id] = (f.finding.start, f.finding.end) }
        return model.indicators.map { e in
            let spans = e.findingIDs.compactMap { times[$0] }
            return Row(entry: e, first: spans.map(\.0).min() ?? 0, last: spans.map(\.1).max() ?? 0)
        }
    }

    static func time(_ ns: Int64) -> String { TimeFormat.iso8601(ns, digits: 3) }

    // MARK: CSV

    /// `kind,value,role,findings,first_seen,last_seen`, one line per indicator, CRLF line ends.
    public static func csv(_ model: ReportModel) -> String {
        var out = "kind,value,role,findings,first_seen,last_seen\r\n"
        for r in rows(model) {
            let cells = [
                r.entry.kind.rawValue, r.entry.value, r.entry.role.rawValue, r.entry.findingIDs.joined(separator: " "),
                time(r.first), time(r.last),
            ]
            out += cells.map(csvCell).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// One CSV field: a leading `= + - @ TAB CR` gets a `'` (a spreadsheet must not run it as a
    /// formula), and a field with a comma, quote, CR or LF is quoted with its quotes doubled.
    public static func csvCell(_ value: String) -> String {
        var v = value
        if let first = v.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { v = "'" + v }
        guard v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: Ids and time

    /// The namespace STIX 2.1 gives for deterministic SCO ids (section 2.9).
    static let stixNamespace: [UInt8] = uuidBytes("00abedb4-aa42-466c-9c01-fed23315a9b7")
    /// This tool's namespace for the ids of the objects it makes (indicators, reports, notes, MISP).
    static let toolNamespace: [UInt8] = uuidBytes("6d1f1c6e-6a0b-5d7e-9a55-70636170726f")

    static func uuidBytes(_ text: String) -> [UInt8] {
        let hex = Array(text.utf8.filter { $0 != UInt8(ascii: "-") })
        func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : (c | 0x20) - 87 }
        return stride(from: 0, to: hex.count, by: 2).map { nibble(hex[$0]) << 4 | nibble(hex[$0 + 1]) }
    }

    /// RFC 9562 UUIDv5: SHA-1 of namespace + name, version 5, variant 10.
    public static func uuid5(_ name: String, namespace: [UInt8]) -> String {
        var b = Array(Digest.sha1(bytes: namespace + Array(name.utf8)).prefix(16))
        b[6] = (b[6] & 0x0F) | 0x50
        b[8] = (b[8] & 0x3F) | 0x80
        let h = Digest.hex(b)
        let c = Array(h)
        return String(c[0 ..< 8]) + "-" + String(c[8 ..< 12]) + "-" + String(c[12 ..< 16]) + "-" + String(c[16 ..< 20]) + "-"
            + String(c[20 ..< 32])
    }

    /// The export's own timestamp: `--generated-at` when it is a UTC ISO 8601 time, else the
    /// capture's first finding (or the epoch): never the clock, so reruns are identical.
    static func stamp(_ model: ReportModel, _ rows: [Row]) -> String {
        if let g = model.presentation.generatedAt, let (ns, _) = TimeFormat.parseUTC(g) { return time(ns) }
        let first = model.findings.map(\.finding.start).min() ?? rows.map(\.first).min() ?? 0
        return time(first)
    }

    // MARK: STIX 2.1

    /// The STIX Cyber-observable an indicator's value is, with its deterministic id, or nil for the
    /// fingerprints STIX has no object for (JA3, JA3S, JA4, User-Agent: carried in notes instead).
    static func observable(_ e: IndicatorEntry) -> (type: String, properties: [(String, JSONValue)], contributing: String)? {
        let v = JSONValue.string(e.value).serialized()
        switch e.kind {
        case .ipv4: return ("ipv4-addr", [("value", .string(e.value))], "{\"value\":\(v)}")
        case .ipv6: return ("ipv6-addr", [("value", .string(e.value))], "{\"value\":\(v)}")
        case .mac: return ("mac-addr", [("value", .string(e.value))], "{\"value\":\(v)}")
        case .domain: return ("domain-name", [("value", .string(e.value))], "{\"value\":\(v)}")
        case .url: return ("url", [("value", .string(e.value))], "{\"value\":\(v)}")
        case .email: return ("email-addr", [("value", .string(e.value))], "{\"value\":\(v)}")
        case .fileName: return ("file", [("name", .string(e.value))], "{\"name\":\(v)}")
        case .sha256, .md5, .sha1:
            let algorithm = e.kind == .sha256 ? "SHA-256" : e.kind == .md5 ? "MD5" : "SHA-1"
            return ("file", [("hashes", .object([(algorithm, .string(e.value))]))], "{\"hashes\":{\"\(algorithm)\":\(v)}}")
        case .certificateSHA1, .certificateSHA256:
            let algorithm = e.kind == .certificateSHA1 ? "SHA-1" : "SHA-256"
            return ("x509-certificate", [("hashes", .object([(algorithm, .string(e.value))]))], "{\"hashes\":{\"\(algorithm)\":\(v)}}")
        case .ja3, .ja3s, .ja4, .userAgent: return nil
        }
    }

    /// A STIX pattern string literal: `'` and `\` escaped with a backslash.
    public static func patternLiteral(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    static func pattern(_ e: IndicatorEntry) -> String? {
        let l = patternLiteral(e.value)
        switch e.kind {
        case .ipv4: return "[ipv4-addr:value = \(l)]"
        case .ipv6: return "[ipv6-addr:value = \(l)]"
        case .mac: return "[mac-addr:value = \(l)]"
        case .domain: return "[domain-name:value = \(l)]"
        case .url: return "[url:value = \(l)]"
        case .email: return "[email-addr:value = \(l)]"
        case .fileName: return "[file:name = \(l)]"
        case .sha256: return "[file:hashes.'SHA-256' = \(l)]"
        case .md5: return "[file:hashes.MD5 = \(l)]"
        case .sha1: return "[file:hashes.'SHA-1' = \(l)]"
        case .certificateSHA1: return "[x509-certificate:hashes.'SHA-1' = \(l)]"
        case .certificateSHA256: return "[x509-certificate:hashes.'SHA-256' = \(l)]"
        case .userAgent: return "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = \(l)]"
        case .ja3, .ja3s, .ja4: return nil
        }
    }

    static func indicatorType(_ role: Indicator.Role) -> String {
        switch role {
        case .attacker, .c2, .payload, .infrastructure: "malicious-activity"
        case .victim: "compromised"
        case .forged: "anomalous-activity"
        }
    }

    /// A STIX 2.1 bundle: the producer's `identity`; per indicator its SCO, an `observed-data`
    /// (first/last observed, one observation per finding), an `indicator` with its pattern and a
    /// `based-on` relationship; per finding a `note` naming the objects it rests on (JA3/JA3S/JA4,
    /// which STIX has no object for, are stated in the note); one `report` for the capture.
    public static func stix(_ model: ReportModel) -> String {
        let all = rows(model)
        let now = stamp(model, all)
        func id(_ type: String, _ name: String) -> String { type + "--" + uuid5(type + "|" + name, namespace: toolNamespace) }
        let identity = id("identity", "pcap-report")
        let scope = model.capture.sha256
        var objects: [JSONValue] = [
            .object([
                ("type", .string("identity")), ("spec_version", .string("2.1")), ("id", .string(identity)),
                ("created", .string(now)), ("modified", .string(now)), ("name", .string(model.generatorName)),
                ("identity_class", .string("system")),
            ])
        ]
        var refsByFinding: [String: [String]] = [:]
        var fingerprints: [String: [String]] = [:]
        var seenSCO = Set<String>()
        // An `indicator` with its pattern, when STIX has a pattern for the kind; its id.
        func appendIndicator(_ e: IndicatorEntry, key: String, first: Int64) -> String? {
            guard let p = pattern(e) else { return nil }
            let indicator = id("indicator", key)
            objects.append(
                .object([
                    ("type", .string("indicator")), ("spec_version", .string("2.1")), ("id", .string(indicator)),
                    ("created_by_ref", .string(identity)), ("created", .string(now)), ("modified", .string(now)),
                    ("name", .string(e.kind.rawValue + " " + e.value)),
                    ("description", .string("\(e.role.rawValue) in \(e.findingIDs.joined(separator: ", "))")),
                    ("indicator_types", .array([.string(indicatorType(e.role))])), ("pattern", .string(p)),
                    ("pattern_type", .string("stix")), ("valid_from", .string(time(first))),
                ]))
            return indicator
        }
        for r in all {
            let e = r.entry
            let key = e.kind.rawValue + "|" + e.value + "|" + e.role.rawValue + "|" + scope
            var refs: [String] = []
            if let sco = observable(e) {
                let scoID = sco.type + "--" + uuid5(sco.contributing, namespace: stixNamespace)
                if seenSCO.insert(scoID).inserted {
                    objects.append(
                        .object([("type", .string(sco.type)), ("spec_version", .string("2.1")), ("id", .string(scoID))] + sco.properties))
                }
                let observed = id("observed-data", key)
                objects.append(
                    .object([
                        ("type", .string("observed-data")), ("spec_version", .string("2.1")), ("id", .string(observed)),
                        ("created_by_ref", .string(identity)), ("created", .string(now)), ("modified", .string(now)),
                        ("first_observed", .string(time(r.first))), ("last_observed", .string(time(max(r.first, r.last)))),
                        ("number_observed", .int(max(1, e.findingIDs.count))), ("object_refs", .array([.string(scoID)])),
                    ]))
                refs.append(observed)
                if let indicator = appendIndicator(e, key: key, first: r.first) {
                    objects.append(
                        .object([
                            ("type", .string("relationship")), ("spec_version", .string("2.1")),
                            ("id", .string(id("relationship", key + "|based-on"))), ("created_by_ref", .string(identity)),
                            ("created", .string(now)), ("modified", .string(now)), ("relationship_type", .string("based-on")),
                            ("source_ref", .string(indicator)), ("target_ref", .string(observed)),
                        ]))
                    refs.append(indicator)
                }
            } else if let indicator = appendIndicator(e, key: key, first: r.first) {
                refs.append(indicator)
            }
            for f in e.findingIDs {
                refsByFinding[f, default: []] += refs
                if refs.isEmpty { fingerprints[f, default: []].append(e.kind.rawValue + " " + e.value) }
            }
        }
        var reportRefs = [identity]
        for f in model.findings {
            let fid = f.finding.id
            let noteID = id("note", fid + "|" + scope)
            var content = f.words.summary
            if let extra = fingerprints[fid] { content += "\nFingerprints (no STIX object): " + extra.joined(separator: ", ") }
            let refs = refsByFinding[fid] ?? []
            objects.append(
                .object([
                    ("type", .string("note")), ("spec_version", .string("2.1")), ("id", .string(noteID)),
                    ("created_by_ref", .string(identity)), ("created", .string(now)), ("modified", .string(now)),
                    ("abstract", .string("\(fid) \(f.finding.kind.rawValue) (\(f.finding.severity.rawValue))")),
                    ("content", .string(content)), ("object_refs", .array((refs.isEmpty ? [identity] : refs).map(JSONValue.string))),
                ]))
            reportRefs.append(noteID)
            reportRefs += refs
        }
        var seen = Set<String>()
        reportRefs = reportRefs.filter { seen.insert($0).inserted }
        objects.append(
            .object([
                ("type", .string("report")), ("spec_version", .string("2.1")), ("id", .string(id("report", scope))),
                ("created_by_ref", .string(identity)), ("created", .string(now)), ("modified", .string(now)),
                ("name", .string(model.title)), ("description", .string(model.headline)),
                ("report_types", .array([.string("observed-data")])), ("published", .string(now)),
                ("object_refs", .array(reportRefs.map(JSONValue.string))),
            ]))
        let bundle = JSONValue.object([
            ("type", .string("bundle")), ("id", .string("bundle--" + uuid5("bundle|" + scope, namespace: toolNamespace))),
            ("objects", .array(objects)),
        ])
        return bundle.serialized() + "\n"
    }

    // MARK: MISP

    /// The MISP attribute type and whether it is fit for detection (`to_ids`).
    static func mispType(_ e: IndicatorEntry) -> (type: String, category: String, toIDs: Bool) {
        switch e.kind {
        case .ipv4, .ipv6:
            switch e.role {
            case .attacker: return ("ip-src", "Network activity", true)
            case .forged: return ("ip-src", "Network activity", false)
            case .victim: return ("ip-dst", "Network activity", false)
            case .c2, .payload, .infrastructure: return ("ip-dst", "Network activity", true)
            }
        case .mac: return ("mac-address", "Network activity", false)
        case .domain: return ("domain", "Network activity", true)
        case .url: return ("url", "Network activity", true)
        case .email: return ("email-src", "Payload delivery", true)
        case .fileName: return ("filename", "Payload delivery", true)
        case .sha256: return ("sha256", "Payload delivery", true)
        case .md5: return ("md5", "Payload delivery", true)
        case .sha1: return ("sha1", "Payload delivery", true)
        case .ja3, .ja3s: return ("ja3-fingerprint-md5", "Network activity", true)
        case .ja4: return ("text", "Other", false)
        case .certificateSHA1: return ("x509-fingerprint-sha1", "Network activity", true)
        case .certificateSHA256: return ("x509-fingerprint-sha256", "Network activity", true)
        case .userAgent: return ("user-agent", "Network activity", false)
        }
    }

    /// A MISP event (`{"Event": {…}}`): the capture as one event, one attribute per indicator with
    /// the finding ids as its comment; threat level from the worst finding.
    public static func misp(_ model: ReportModel) -> String {
        let all = rows(model)
        let now = stamp(model, all)
        let scope = model.capture.sha256
        let worst = model.findings.map(\.finding.severity).max() ?? .info
        let level: String
        switch worst {
        case .critical, .high: level = "1"
        case .medium: level = "2"
        case .low: level = "3"
        case .info: level = "4"
        }
        let attributes: [JSONValue] = all.map { r in
            let t = mispType(r.entry)
            let comment = (r.entry.kind == .ja4 ? "JA4 " : "") + r.entry.role.rawValue + " in " + r.entry.findingIDs.joined(separator: ", ")
            return .object([
                (
                    "uuid",
                    .string(
                        uuid5(
                            "misp-attribute|" + r.entry.kind.rawValue + "|" + r.entry.value + "|" + r.entry.role.rawValue + "|" + scope,
                            namespace: toolNamespace))
                ),
                ("type", .string(t.type)), ("category", .string(t.category)), ("to_ids", .bool(t.toIDs)),
                ("value", .string(r.entry.value)), ("comment", .string(comment)),
                ("first_seen", .string(time(r.first))), ("last_seen", .string(time(max(r.first, r.last)))),
            ])
        }
        let event = JSONValue.object([
            (
                "Event",
                .object([
                    ("uuid", .string(uuid5("misp-event|" + scope, namespace: toolNamespace))),
                    ("info", .string(model.title + ": " + model.headline)), ("date", .string(String(now.prefix(10)))),
                    ("threat_level_id", .string(level)), ("analysis", .string("2")), ("distribution", .string("0")),
                    ("published", .bool(false)), ("Attribute", .array(attributes)),
                ])
            )
        ])
        return event.serialized() + "\n"
    }
}
