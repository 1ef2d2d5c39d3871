/// The report formats, named as their file extensions (the IOC exports as `iocs.csv`,
/// `stix.json` and `misp.json`: see `fileExtension`).
public enum ReportFormat: String, CaseIterable, Sendable {
    case md, html, json
    /// The indicators as CSV, a STIX 2.1 bundle and a MISP event (`IndicatorExport`).
    case iocs, stix, misp
    /// The HTML printed by headless Chromium (not among the defaults: it needs the browser).
    case pdf

    /// What follows the report's base name: `md`, `html`, `json`, `iocs.csv`, `stix.json`, `misp.json`.
    public var fileExtension: String {
        switch self {
        case .md, .html, .json, .pdf: rawValue
        case .iocs: "iocs.csv"
        case .stix: "stix.json"
        case .misp: "misp.json"
        }
    }

    /// The formats written when none is asked for: the three reports (the exports only on request).
    public static let defaults: [ReportFormat] = [.md, .html, .json]
}
