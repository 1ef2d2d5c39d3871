/// The report formats, named as their file extensions.
public enum ReportFormat: String, CaseIterable, Sendable {
    case md, html, json
    /// The HTML printed by headless Chromium (not among the defaults: it needs the browser).
    case pdf
    /// What a run writes when no `--format` is given.
    public static let defaults: [ReportFormat] = [.md, .html, .json]
}
