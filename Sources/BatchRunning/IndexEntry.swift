import CaptureReport
import ReportRendering
import Support
import ThreatFindings
#if canImport(Glibc)
import Glibc
#endif

/// One capture's line in the run index: its verdict and numbers, or why it could not be reported.
/// Built the same way from a finished job and from a report's JSON on disk, so an index merged from
/// shards equals the one an unsharded run writes.
public struct IndexEntry: Sendable, Equatable {
    /// The output name relative to the output folder (`site-a/capture`), unique within a run.
    public var name: String
    /// The capture's own file name.
    public var fileName: String
    /// Why the capture could not be reported; nil when it was.
    public var error: String?
    public var classification = ""
    public var severity = FindingSeverity.info
    public var headline = ""
    public var findings = 0
    public var packets = 0
    public var durationSeconds: Double?
    /// Report files present beside `name`, as extensions (`html`, `md`, `json`, `summary.md`).
    public var reports: [String] = []
    /// Path from the index's folder to the folder `name` is relative to ("" when they are the same).
    public var location = ""
    /// The tracker ticket `pcap-report ticket` opened for this capture (`redmine:12`), kept across
    /// reruns so the next ticket run updates it instead of opening another.
    public var ticket: String?

    public static let reportExtensions = ["html", "md", "json", "summary.md"]

    public init(name: String, fileName: String, error: String) {
        self.name = name; self.fileName = fileName; self.error = error
    }

    init(name: String, outcome: CaptureReportJob.Outcome) {
        self.name = name
        fileName = outcome.fileName
        classification = outcome.verdict.classification
        severity = outcome.verdict.severity
        headline = outcome.headline
        findings = outcome.findings
        packets = outcome.packets
        durationSeconds = outcome.durationSeconds
    }

    /// From a report's JSON (`<name>.json`); nil when the document is not a pcap-report report.
    init?(name: String, report: JSONValue) {
        guard report["generator"]?["name"]?.stringValue == "pcap-report", let verdict = report["verdict"],
              let capture = report["capture"] else { return nil }
        self.name = name
        fileName = capture["fileName"]?.stringValue ?? ""
        classification = verdict["classification"]?.stringValue ?? ""
        severity = verdict["severity"]?.stringValue.flatMap(FindingSeverity.init(rawValue:)) ?? .info
        headline = verdict["headline"]?.stringValue ?? ""
        findings = report["findings"]?.arrayValue?.count ?? 0
        packets = capture["packets"]?.intValue ?? 0
        durationSeconds = capture["durationSeconds"]?.doubleValue
    }

    /// Fills `reports` from the files present beside `base` (the output path without extension):
    /// for folders written before reports had completion records.
    mutating func findReports(base: String) {
        reports = error != nil ? [] : Self.reportExtensions.filter { access(base + "." + $0, F_OK) == 0 }
    }

    /// Fills `reports` from the files a completion record lists for `base`'s last path component:
    /// the index links what was written as one set, never what merely lies beside it.
    mutating func setReports(_ record: CompletionRecord, base: String) {
        let stem = base.split(separator: "/").last.map(String.init) ?? base
        let names = Set(record.files.map(\.name))
        reports = error != nil ? [] : Self.reportExtensions.filter { names.contains(stem + "." + $0) }
    }

    /// Highest severity a finding of this capture reached (nil without findings or when it failed).
    public var findingSeverity: FindingSeverity? { error == nil && findings > 0 ? severity : nil }

    /// Most severe first, then more findings, then by name; failed captures by name.
    static func precedes(_ a: IndexEntry, _ b: IndexEntry) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.findings != b.findings { return a.findings > b.findings }
        return a.name < b.name
    }

    /// The entry as stored in the manifest and the index.
    func json() -> JSONValue {
        var pairs: [(String, JSONValue)] = [("name", .string(name)), ("fileName", .string(fileName))]
        if let error {
            pairs.append(("status", .string("failed")))
            pairs.append(("error", .string(error)))
            return .object(pairs)
        }
        pairs += [
            ("status", .string("reported")), ("verdict", .string(classification)), ("severity", .string(severity.rawValue)),
            ("headline", .string(headline)), ("findings", .int(findings)), ("packets", .int(packets)),
            ("durationSeconds", durationSeconds.map(JSONValue.double) ?? .null),
            ("reports", .object(reports.map { ($0 == "summary.md" ? "summary" : $0, .string(location + name + "." + $0)) })),
        ]
        if let ticket { pairs.append(("ticket", .string(ticket))) }
        return .object(pairs)
    }

    /// Reads an entry written by `json()` (manifest records).
    init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue, let fileName = json["fileName"]?.stringValue else { return nil }
        self.name = name; self.fileName = fileName
        if let error = json["error"]?.stringValue { self.error = error; return }
        classification = json["verdict"]?.stringValue ?? ""
        severity = json["severity"]?.stringValue.flatMap(FindingSeverity.init(rawValue:)) ?? .info
        headline = json["headline"]?.stringValue ?? ""
        findings = json["findings"]?.intValue ?? 0
        packets = json["packets"]?.intValue ?? 0
        durationSeconds = json["durationSeconds"]?.doubleValue
        ticket = json["ticket"]?.stringValue
    }
}
