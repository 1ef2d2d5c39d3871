import ReportRendering
import Support
import ThreatFindings
import Yams

/// `--config FILE`: the batch options and detection thresholds from a YAML file (`.yaml`, `.yml`;
/// JSON is YAML too) or a TOML file (`.toml`, the flat subset these keys need). Keys are the
/// long flag names; relative paths are relative to the file's folder. Flags given on the command
/// line override the file. An unknown key is an error naming it.
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
    public static let keys = ["inputs", "output-dir", "format", "templates", "title", "jobs", "incremental", "fail-on",
                              "log-format", "shard", "memory-budget-mb", "ticket-summary", "thresholds"]
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
         "minimum-unsolicited-replies": \.minimumUnsolicitedReplies]
    }
    static var fractionThresholds: [String: WritableKeyPath<DetectionThresholds, Double>] {
        ["minimum-probe-fraction": \.minimumProbeFraction,
            "minimum-decoy-port-overlap": \.minimumDecoyPortOverlap,
            "maximum-flood-completion": \.maximumFloodCompletion,
            "maximum-flood-reply-fraction": \.maximumFloodReplyFraction,
            "minimum-reflection-port-fraction": \.minimumReflectionPortFraction,
        ]
    }
    /// Positive real numbers that are not fractions (seconds, characters, bits per character).
    static var numberThresholds: [String: WritableKeyPath<DetectionThresholds, Double>] {
        ["brute-force-window-seconds": \.bruteForceWindowSeconds,
         "tunnel-average-subdomain-length": \.tunnelAverageSubdomainLength,
            "tunnel-entropy": \.tunnelEntropy,
            "minimum-encoded-label-length": \.minimumEncodedLabelLength,
        ]
    }
    public static var thresholdKeys: [String] {
        (Array(integerThresholds.keys) + Array(fractionThresholds.keys) + Array(numberThresholds.keys)).sorted()
    }

    /// Reads `path` and applies its settings to `options`.
    /// - Throws: `BatchError.config` naming the file and the key at fault.
    public static func apply(_ path: String, to options: inout BatchOptions) throws(BatchError) {
        guard let text = FileIO.readText(path) else { throw .config("\(path): cannot read the config file") }
        let lower = path.lowercased()
        let root: Value
        if lower.hasSuffix(".toml") {
            root = try TOMLSubset.parse(text, file: path)
        } else {
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
                out.append((key.string, try value(v, file: file)))
            }
            return .table(out)
        case .alias:
            throw .config("\(file): YAML aliases are not supported")
        }
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
                    guard let f = ReportFormat(rawValue: name) else { throw fail("md, html and/or json (not '\(name)')") }
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
/// one-line arrays, `[table]` headers, and `#` comments. Anything else is an error with its line.
enum TOMLSubset {
    static func parse(_ text: String, file: String) throws(BatchError) -> ConfigFile.Value {
        var root: [(String, ConfigFile.Value)] = []
        var table: String?
        var tableItems: [(String, ConfigFile.Value)] = []
        func closeTable() { if let table { root.append((table, .table(tableItems))) }; tableItems = [] }
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = stripComment(String(rawLine)).trimmed
            if line.isEmpty { continue }
            func fail(_ reason: String) -> BatchError { .config("\(file):\(number + 1): \(reason)") }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), !line.hasPrefix("[[") else { throw fail("expected [table]") }
                closeTable()
                table = String(line.dropFirst().dropLast()).trimmed
                continue
            }
            guard let eq = line.firstIndex(of: "=") else { throw fail("expected key = value") }
            var key = String(line[..<eq]).trimmed
            if key.hasPrefix("\"") && key.hasSuffix("\"") && key.count >= 2 { key = String(key.dropFirst().dropLast()) }
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
        if s.count >= 2, (s.hasPrefix("\"") && s.hasSuffix("\"")) || (s.hasPrefix("'") && s.hasSuffix("'")) {
            var body = String(s.dropFirst().dropLast())
            if s.hasPrefix("\"") {
                body = body.replacingAll("\\\"", with: "\"").replacingAll("\\\\", with: "\\")
            }
            return .scalar(body)
        }
        guard !s.isEmpty, !s.hasPrefix("\""), !s.hasPrefix("'"), !s.hasPrefix("{") else { throw fail("unsupported value '\(s)'") }
        return .scalar(s)
    }

    /// Splits on commas outside quotes.
    static func splitTopLevel(_ s: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        for c in s {
            if let q = quote { current.append(c); if c == q { quote = nil }; continue }
            if c == "\"" || c == "'" { quote = c; current.append(c); continue }
            if c == "," { parts.append(current); current = ""; continue }
            current.append(c)
        }
        parts.append(current)
        return parts
    }

    static func stripComment(_ s: String) -> String {
        var quote: Character?
        var out = ""
        for c in s {
            if let q = quote { if c == q { quote = nil } } else if c == "\"" || c == "'" { quote = c } else if c == "#" { break }
            out.append(c)
        }
        return out
    }
}

extension String {
    var trimmed: String {
        String(drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: Substring(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
