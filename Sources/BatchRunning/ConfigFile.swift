import ReportRendering
import Support
import ThreatFindings
import Yams

/// `--config FILE`: the batch options and detection thresholds from a YAML file (`.yaml`, `.yml`;
/// JSON is YAML too) or a TOML file (`.toml`, the flat subset these keys need). Keys are the
/// long flag names; relative paths are relative to the file's folder. Flags given on the command
/// line override the file. An unknown key is an error naming it, and so is a key given twice; YAML
/// anchors and aliases are refused (`YAMLAliasScan`), and so is a file over 64 KiB.
///
/// ```yaml
/// inputs: [/srv/captures]
/// output-dir: /srv/reports
/// jobs: 4
/// incremental: true
/// fail-on: high
/// thresholds:
///   minimum-scan-ports: 20
/// ```
public enum ConfigFile {
    /// A parsed value, before it is given a type by its key.
    indirect enum Value {
        case scalar(String)
        case list([Value])
        case table([(String, Value)])
    }

    /// The top-level keys, in documentation order.
    public static let keys = [
        "inputs", "output-dir", "format", "templates", "title", "jobs", "incremental", "fail-on",
        "log-format", "shard", "memory-budget-mb", "ticket-summary", "force", "thresholds",
        "edition", "tlp", "report-id", "report-version",
    ]
    /// The `thresholds` table: each `DetectionThresholds` property under its kebab-case name. A
    /// detector's new threshold is one line here (a test fails until it is).
    static var integerThresholds: [String: WritableKeyPath<DetectionThresholds, Int>] {
        ["minimum-scan-ports": \.minimumScanPorts,
         "high-severity-scan-ports": \.highSeverityScanPorts,
            "high-severity-scan-ports-with-open": \.highSeverityScanPortsWithOpen,
            "maximum-probe-packets": \.maximumProbePackets,
            "maximum-probe-answers": \.maximumProbeAnswers,
            "maximum-probe-answer-bytes": \.maximumProbeAnswerBytes,
            "minimum-scanned-protocols": \.minimumScannedProtocols,
            "traceroute-time-exceeded": \.tracerouteTimeExceeded,
         "minimum-sweep-hosts": \.minimumSweepHosts,
            "medium-severity-sweep-hosts": \.mediumSeveritySweepHosts,
            "minimum-service-probe-ports": \.minimumServiceProbePorts,
            "maximum-service-probe-bytes": \.maximumServiceProbeBytes,
            "maximum-service-probe-packets": \.maximumServiceProbePackets,
            "minimum-version-probe-kinds": \.minimumVersionProbeKinds,
            "minimum-flood-packets": \.minimumFloodPackets,
            "flood-packets-per-second": \.floodPacketsPerSecond,
         "spoofed-source-count": \.spoofedSourceCount,
            "severe-flood-factor": \.severeFloodFactor,
            "minimum-flood-source-ports": \.minimumFloodSourcePorts,
            "udp-scan-ports": \.udpScanPorts,
            "udp-scan-datagrams-per-port": \.udpScanDatagramsPerPort,
            "minimum-brute-force-attempts": \.minimumBruteForceAttempts,
            "maximum-attempt-payload": \.maximumAttemptPayload,
         "minimum-rejected-logins": \.minimumRejectedLogins,
            "quiet-service-attempt-factor": \.quietServiceAttemptFactor,
            "maximum-quiet-attempt-client-bytes": \.maximumQuietAttemptClientBytes,
            "maximum-quiet-attempt-server-bytes": \.maximumQuietAttemptServerBytes,
            "minimum-tunnel-names": \.minimumTunnelNames,
            "minimum-tunnel-record-queries": \.minimumTunnelRecordQueries,
            "minimum-unsolicited-replies": \.minimumUnsolicitedReplies,
            "tls-anomaly-kinds-for-medium": \.tlsAnomalyKindsForMedium,
            "tls-highest-legacy-version": \.tlsHighestLegacyVersion,
            "minimum-beacon-connections": \.minimumBeaconConnections,
            "beacon-full-score-connections": \.beaconFullScoreConnections,
            "minimum-dga-domains": \.minimumDgaDomains,
            "minimum-nxdomain-answers": \.minimumNxdomainAnswers,
            "long-dns-name-length": \.longDnsNameLength,
            "minimum-long-dns-names": \.minimumLongDnsNames,
            "minimum-exfiltration-bytes": \.minimumExfiltrationBytes,
            "high-exfiltration-factor": \.highExfiltrationFactor,
            "minimum-session-cookie-length": \.minimumSessionCookieLength,
            "minimum-web-attack-requests": \.minimumWebAttackRequests,
            "minimum-tool-requests": \.minimumToolRequests,
            "minimum-scanned-paths": \.minimumScannedPaths,
            "minimum-download-bytes": \.minimumDownloadBytes,
            "minimum-attachment-bytes": \.minimumAttachmentBytes,
        ]
    }
    static var fractionThresholds: [String: WritableKeyPath<DetectionThresholds, Double>] {
        ["minimum-probe-fraction": \.minimumProbeFraction,
            "minimum-decoy-port-overlap": \.minimumDecoyPortOverlap,
            "maximum-flood-completion": \.maximumFloodCompletion,
            "maximum-flood-reply-fraction": \.maximumFloodReplyFraction,
            "minimum-reflection-port-fraction": \.minimumReflectionPortFraction,
            "one-sender-spoofed-share": \.oneSenderSpoofedShare,
            "minimum-beacon-score": \.minimumBeaconScore,
            "high-beacon-score": \.highBeaconScore,
            "dga-name-score": \.dgaNameScore,
            "dga-nxdomain-name-score": \.dgaNxdomainNameScore,
            "dga-nxdomain-fraction": \.dgaNxdomainFraction,
            "nxdomain-storm-fraction": \.nxdomainStormFraction,
            "scanned-paths-not-found-fraction": \.scannedPathsNotFoundFraction,
        ]
    }
    /// Positive real numbers that are not fractions (seconds, characters, bits per character).
    static var numberThresholds: [String: WritableKeyPath<DetectionThresholds, Double>] {
        ["brute-force-window-seconds": \.bruteForceWindowSeconds,
         "tunnel-average-subdomain-length": \.tunnelAverageSubdomainLength,
            "tunnel-entropy": \.tunnelEntropy,
            "minimum-encoded-label-length": \.minimumEncodedLabelLength,
            "minimum-beacon-period": \.minimumBeaconPeriod,
            "minimum-beacon-duration": \.minimumBeaconDuration,
            "beacon-jitter-cutoff": \.beaconJitterCutoff,
            "beacon-size-deviation-cutoff": \.beaconSizeDeviationCutoff,
            "exfiltration-upload-ratio": \.exfiltrationUploadRatio,
            "session-handover-window-seconds": \.sessionHandoverWindowSeconds,
        ]
    }
    public static var thresholdKeys: [String] {
        (Array(integerThresholds.keys) + Array(fractionThresholds.keys) + Array(numberThresholds.keys)).sorted()
    }

    /// The largest config file read (a real one is a few hundred bytes).
    static let maximumBytes = 64 << 10

    /// Reads `path` and applies its settings to `options`.
    /// - Throws: `BatchError.config` naming the file and the key at fault.
    public static func apply(_ path: String, to options: inout BatchOptions) throws(BatchError) {
        guard let bytes = FileIO.readFile(path, maximumBytes: maximumBytes) else {
            throw .config("\(path): cannot read the config file")
        }
        guard bytes.count <= maximumBytes else { throw .config("\(path): the config file is larger than \(maximumBytes >> 10) KiB") }
        let text = String(decoding: bytes, as: UTF8.self)
        let lower = path.lowercased()
        let root: Value
        if lower.hasSuffix(".toml") {
            root = try TOMLSubset.parse(text, file: path)
        } else {
            // Composing resolves an alias into a copy of its anchor's node, so a few hundred bytes of
            // nested aliases expand to billions of nodes (and Yams hashes alias keys whole): they are
            // refused before Yams sees the text.
            if let line = YAMLAliasScan.firstAnchorOrAlias(in: text) {
                throw .config("\(path):\(line): YAML anchors and aliases are not supported")
            }
            do {
                guard let node = try Yams.compose(yaml: text) else { return }          // an empty file sets nothing
                root = try value(node, file: path)
            } catch let error as BatchError {
                throw error
            } catch {
                throw .config("\(path): not valid YAML: \(String(describing: error).split(separator: "\n").joined(separator: " "))")
            }
        }
        let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        try apply(root, to: &options, file: path, folder: folder)
    }

    static func value(_ node: Node, file: String) throws(BatchError) -> Value {
        // An anchored node is met before any alias of it: refusing it never expands an alias.
        if node.anchor != nil { throw anchorsUnsupported(node, file: file) }
        switch node {
        case let .scalar(s): return .scalar(s.string)
        case let .sequence(items):
            var out: [Value] = []
            for item in items { out.append(try value(item, file: file)) }
            return .list(out)
        case let .mapping(pairs):
            var out: [(String, Value)] = []
            for (k, v) in pairs {
                guard case let .scalar(key) = k else { throw .config("\(file): a key must be a plain word") }
                if k.anchor != nil { throw anchorsUnsupported(k, file: file) }
                out.append((key.string, try value(v, file: file)))
            }
            return .table(out)
        case .alias:
            throw anchorsUnsupported(node, file: file)
        }
    }

    static func anchorsUnsupported(_ node: Node, file: String) -> BatchError {
        .config("\(file)\(node.mark.map { ":\($0.line)" } ?? ""): YAML anchors and aliases are not supported")
    }

    static func apply(_ root: Value, to options: inout BatchOptions, file: String, folder: String) throws(BatchError) {
        guard case let .table(pairs) = root else { throw .config("\(file): expected key: value pairs at the top level") }
        func path(_ p: String) -> String { p.hasPrefix("/") || folder == "." ? p : folder + "/" + p }
        for (key, value) in pairs {
            func fail(_ expectation: String) -> BatchError { .config("\(file): '\(key)' must be \(expectation)") }
            func string() throws(BatchError) -> String {
                guard case let .scalar(s) = value else { throw fail("a single value") }
                return s
            }
            func strings() throws(BatchError) -> [String] {
                switch value {
                case let .scalar(s): return [s]
                case let .list(items):
                    var out: [String] = []
                    for item in items { guard case let .scalar(s) = item else { throw fail("a list of values") }; out.append(s) }
                    return out
                case .table: throw fail("a value or a list of values")
                }
            }
            func int(minimum: Int = 1) throws(BatchError) -> Int {
                guard let n = Int(try string()), n >= minimum else { throw fail("an integer of at least \(minimum)") }
                return n
            }
            func bool() throws(BatchError) -> Bool {
                switch try string().lowercased() {
                case "true", "yes", "on": return true
                case "false", "no", "off": return false
                default: throw fail("true or false")
                }
            }
            switch key {
            case "inputs": options.inputs = try strings().map(path)
            case "output-dir":
                let dir = try string()
                guard !dir.isEmpty else { throw fail("a folder") }
                options.outputDirectory = path(dir)
            case "format":
                let names = try strings().flatMap { $0.split(separator: ",").map { String($0.filter { $0 != " " }) } }
                var formats: [ReportFormat] = []
                for name in names {
                    guard let f = ReportFormat(rawValue: name) else { throw fail("md, html, json and/or pdf (not '\(name)')") }
                    formats.append(f)
                }
                guard !formats.isEmpty else { throw fail("at least one of md, html, json") }
                options.formats = formats
            case "templates": options.templates = path(try string())
            case "title": options.report.title = try string()
            case "jobs": options.jobs = try int()
            case "incremental": options.incremental = try bool()
            case "fail-on":
                guard let s = FindingSeverity(rawValue: try string().lowercased()) else {
                    throw fail("one of \(FindingSeverity.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                options.failOn = s
            case "log-format":
                guard let f = LogFormat(rawValue: try string()) else { throw fail("plain or json") }
                options.logFormat = f
            case "shard":
                guard let s = Shard(try string()) else { throw fail("K/N with 1 <= K <= N") }
                options.shard = s
            case "memory-budget-mb": options.memoryBudgetBytes = try int() << 20
            case "ticket-summary": options.ticketSummary = try bool()
            case "force": options.force = try bool()
            case "edition":
                guard let e = ReportEdition(rawValue: try string().lowercased()) else { throw fail("full or customer") }
                options.report.presentation.edition = e
            case "tlp":
                guard let t = TLPMarking(rawValue: try string().lowercased()) else {
                    throw fail("clear, green, amber, amber+strict or red")
                }
                options.report.presentation.tlp = t
            case "report-id": options.report.presentation.reportID = try string()
            case "report-version": options.report.presentation.reportVersion = try string()
            case "thresholds":
                guard case let .table(items) = value else { throw fail("a table of detection thresholds") }
                for (name, v) in items {
                    guard case let .scalar(s) = v else { throw .config("\(file): 'thresholds.\(name)' must be a number") }
                    if let path = integerThresholds[name] {
                        guard let n = Int(s), n >= 1 else { throw .config("\(file): 'thresholds.\(name)' must be an integer of at least 1") }
                        options.thresholds[keyPath: path] = n
                    } else if let path = fractionThresholds[name] {
                        guard let d = Double(s), d >= 0, d <= 1 else { throw .config("\(file): 'thresholds.\(name)' must be a number from 0 to 1") }
                        options.thresholds[keyPath: path] = d
                    } else if let path = numberThresholds[name] {
                        guard let d = Double(s), d > 0, d.isFinite else { throw .config("\(file): 'thresholds.\(name)' must be a positive number") }
                        options.thresholds[keyPath: path] = d
                    } else {
                        throw .config("\(file): unknown key 'thresholds.\(name)' (known: \(thresholdKeys.joined(separator: ", ")))")
                    }
                }
            default:
                throw .config("\(file): unknown key '\(key)' (known: \(keys.joined(separator: ", ")))")
            }
        }
    }
}

/// The TOML these settings need: `key = value` lines with strings, integers, floats, booleans and
/// one-line arrays, `[table]` headers, and `#` comments. Basic strings (`"…"`) decode TOML's escapes
/// (`\t`, `\"`, `\\`, `\u00E9`, `\U0001F600`, …), literal strings (`'…'`) none. A key or table
/// defined twice is an error, as TOML says. Anything else is an error with its line.
enum TOMLSubset {
    static func parse(_ text: String, file: String) throws(BatchError) -> ConfigFile.Value {
        var root: [(String, ConfigFile.Value)] = []
        var table: String?
        var tableItems: [(String, ConfigFile.Value)] = []
        var defined: Set<String> = []  // every key and table so far, by its dotted name
        func closeTable() { if let table { root.append((table, .table(tableItems))) }; tableItems = [] }
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = stripComment(String(rawLine)).trimmed
            if line.isEmpty { continue }
            func fail(_ reason: String) -> BatchError { .config("\(file):\(number + 1): \(reason)") }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), !line.hasPrefix("[[") else { throw fail("expected [table]") }
                closeTable()
                let name = String(line.dropFirst().dropLast()).trimmed
                guard defined.insert(name).inserted else { throw fail("duplicate table '\(name)'") }
                table = name
                continue
            }
            guard let eq = line.firstIndex(of: "=") else { throw fail("expected key = value") }
            var key = String(line[..<eq]).trimmed
            if key.hasPrefix("\"") && key.hasSuffix("\"") && key.count >= 2 { key = String(key.dropFirst().dropLast()) }
            let dotted = table.map { $0 + "." + key } ?? key
            guard defined.insert(dotted).inserted else { throw fail("duplicate key '\(dotted)'") }
            let value = try parseValue(String(line[line.index(after: eq)...]).trimmed, fail: fail)
            if table != nil { tableItems.append((key, value)) } else { root.append((key, value)) }
        }
        closeTable()
        return .table(root)
    }

    static func parseValue(_ s: String, fail: (String) -> BatchError) throws(BatchError) -> ConfigFile.Value {
        if s.hasPrefix("[") {
            guard s.hasSuffix("]") else { throw fail("arrays must be on one line") }
            let inner = String(s.dropFirst().dropLast())
            var items: [ConfigFile.Value] = []
            for part in splitTopLevel(inner) where !part.trimmed.isEmpty { items.append(try parseValue(part.trimmed, fail: fail)) }
            return .list(items)
        }
        if s.hasPrefix("\"") {
            // The closing quote is the first one no backslash escapes; it must end the value.
            var escaped = false
            var close: String.Index?
            for i in s.indices.dropFirst() {
                if escaped { escaped = false } else if s[i] == "\\" { escaped = true } else if s[i] == "\"" { close = i; break }
            }
            guard let close else { throw fail("unterminated string") }
            guard s.index(after: close) == s.endIndex else { throw fail("unexpected text after a string") }
            return .scalar(try unescape(s[s.index(after: s.startIndex) ..< close], fail: fail))
        }
        if s.count >= 2, s.hasPrefix("'") && s.hasSuffix("'") { return .scalar(String(s.dropFirst().dropLast())) }
        guard !s.isEmpty, !s.hasPrefix("\""), !s.hasPrefix("'"), !s.hasPrefix("{") else { throw fail("unsupported value '\(s)'") }
        return .scalar(s)
    }

    /// Decodes the body of a TOML basic string: `\b \t \n \f \r \" \\`, and `\uXXXX` or `\UXXXXXXXX`
    /// naming a Unicode scalar value. Any other escape is an error, as TOML says.
    static func unescape(_ body: Substring, fail: (String) -> BatchError) throws(BatchError) -> String {
        var out = ""
        var i = body.startIndex
        while i < body.endIndex {
            let c = body[i]
            i = body.index(after: i)
            guard c == "\\" else { out.append(c); continue }
            guard i < body.endIndex else { throw fail("unterminated string") }
            let e = body[i]
            i = body.index(after: i)
            switch e {
            case "b": out.append("\u{08}")
            case "t": out.append("\t")
            case "n": out.append("\n")
            case "f": out.append("\u{0C}")
            case "r": out.append("\r")
            case "\"": out.append("\"")
            case "\\": out.append("\\")
            case "u", "U":
                let count = e == "u" ? 4 : 8
                let digits = body[i...].prefix(count)
                guard digits.count == count, digits.allSatisfy({ $0.isASCII && $0.isHexDigit }), let value = UInt32(digits, radix: 16)
                else { throw fail("'\\\(e)' needs \(count) hexadecimal digits") }
                guard let scalar = Unicode.Scalar(value) else { throw fail("'\\\(e)\(digits)' is not a Unicode scalar value") }
                out.unicodeScalars.append(scalar)
                i = digits.endIndex
            default: throw fail("unknown escape '\\\(e)'")
            }
        }
        return out
    }

    /// Splits on commas outside quotes.
    static func splitTopLevel(_ s: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        var escaped = false
        for c in s {
            if let q = quote {
                current.append(c)
                if escaped { escaped = false } else if q == "\"" && c == "\\" { escaped = true } else if c == q { quote = nil }
                continue
            }
            if c == "\"" || c == "'" { quote = c; current.append(c); continue }
            if c == "," { parts.append(current); current = ""; continue }
            current.append(c)
        }
        parts.append(current)
        return parts
    }

    static func stripComment(_ s: String) -> String {
        var quote: Character?
        var escaped = false
        var out = ""
        for c in s {
            if let q = quote {
                if escaped { escaped = false } else if q == "\"" && c == "\\" { escaped = true } else if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#" {
                break
            }
            out.append(c)
        }
        return out
    }
}

extension String {
    var trimmed: String {
        String(drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}

/// Finds YAML anchors (`&name`) and aliases (`*name`) in a config file's text without composing it.
///
/// A lexical scan that knows where libyaml starts a node (a line's first token, after `- `, `? `,
/// `: `, `---`, a tag, `[` or `{`, and after `,` or `:` inside them) and skips quoted scalars,
/// comments and block scalars (`|`, `>`). `&` and `*` inside a plain scalar (`R&D`, `/srv/*.pcap`,
/// `Tom *and* Jerry`) are text, as YAML reads them. It errs on the side of finding one: a plain
/// scalar's continuation line that starts with `*` counts.
enum YAMLAliasScan {
    /// The 1-based line of the first anchor or alias, nil when there is none.
    static func firstAnchorOrAlias(in text: String) -> Int? {
        let b = Array(text.utf8)
        func at(_ j: Int) -> UInt8 { j < b.count ? b[j] : 0x0A }
        func blankOrBreak(_ j: Int) -> Bool { let c = at(j); return c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        var i = 0, line = 1
        var quote: UInt8?  // inside a quoted scalar, which may span lines
        var flow = 0  // depth of [ ] and { }
        var nodeStart = true  // a node (so an anchor or alias) may begin here
        var indent = 0  // the current line's indentation
        var blockParent: Int?  // inside a block scalar: its header line's indentation
        var blockContent: Int?  // and its content's, once its first line is seen
        var lineStart = true
        func skipLine() { while i < b.count && b[i] != 0x0A { i += 1 } }
        while i < b.count {
            if lineStart && quote == nil {
                lineStart = false
                var j = i
                while j < b.count && b[j] == 0x20 { j += 1 }
                indent = j - i
                var k = j
                while k < b.count && (b[k] == 0x20 || b[k] == 0x09) { k += 1 }
                let empty = k >= b.count || b[k] == 0x0A || b[k] == 0x0D
                if let parent = blockParent {
                    if empty { skipLine(); continue }
                    if let content = blockContent, indent >= content { skipLine(); continue }
                    if blockContent == nil && indent > parent { blockContent = indent; skipLine(); continue }
                    blockParent = nil; blockContent = nil
                }
                if flow == 0 { nodeStart = true }
                i = j
                if indent == 0 && (b[i...].starts(with: "---".utf8) || b[i...].starts(with: "...".utf8)) && blankOrBreak(i + 3) {
                    i += 3; nodeStart = true; continue
                }
                continue
            }
            let c = b[i]
            if c == 0x0A { line += 1; i += 1; lineStart = true; continue }
            if let q = quote {
                if q == 0x27 && c == 0x27 {  // '' is a quote inside '…'
                    if at(i + 1) == 0x27 { i += 2; continue }
                    quote = nil
                } else if q == 0x22 && c == 0x5C {  // \ escapes the next character in "…"
                    if at(i + 1) != 0x0A { i += 1 }
                } else if q == 0x22 && c == 0x22 {
                    quote = nil
                }
                i += 1
                continue
            }
            if c == 0x20 || c == 0x09 || c == 0x0D { i += 1; continue }
            if c == 0x23 && (i == 0 || blankOrBreak(i - 1)) { skipLine(); continue }  // # comment
            if nodeStart {
                let indicator = (c == 0x2D || c == 0x3F || c == 0x3A) && (blankOrBreak(i + 1) || (c != 0x2D && flow > 0))
                if c == 0x26 || c == 0x2A {  // & *
                    return line
                } else if c == 0x22 || c == 0x27 {  // " '
                    quote = c; nodeStart = false
                } else if (c == 0x7C || c == 0x3E) && flow == 0 {  // | > a block scalar
                    blockParent = indent; blockContent = nil; skipLine(); continue
                } else if c == 0x5B || c == 0x7B {  // [ {
                    flow += 1
                } else if c == 0x5D || c == 0x7D {  // ] }
                    flow = max(0, flow - 1); nodeStart = false
                } else if c == 0x21 {  // ! a tag: its node follows
                    let flowEnds: [UInt8] = [0x2C, 0x5B, 0x5D, 0x7B, 0x7D]
                    while i < b.count && !blankOrBreak(i) && !(flow > 0 && flowEnds.contains(b[i])) { i += 1 }
                    continue
                } else if !indicator && !(c == 0x2C && flow > 0) {  // a plain scalar
                    nodeStart = false
                }
            } else if c == 0x3A && (flow > 0 || blankOrBreak(i + 1)) {
                nodeStart = true
            } else if flow > 0 && c == 0x2C {
                nodeStart = true
            } else if flow > 0 && (c == 0x5D || c == 0x7D) {
                flow -= 1
            }
            i += 1
        }
        return nil
    }
}
