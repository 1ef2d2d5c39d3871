/// The report formats, named as their file extensions.
public enum ReportFormat: String, CaseIterable, Sendable {
    case md, html, json
}
