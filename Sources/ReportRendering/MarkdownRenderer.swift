/// Renders the report model as GitHub-flavoured Markdown through the Mustache templates.
public struct MarkdownRenderer: Sendable {
    public let templates: TemplateSet
    public init(templates: TemplateSet) { self.templates = templates }

    public func render(_ model: ReportModel) throws(ReportError) -> String {
        var view = ReportViewModel(mode: .markdown)
        let text = Self.tidy(try templates.render(view.context(model), "report.md"))
        return text.replacingOccurrences(of: ReportViewModel.tocToken, with: ReportViewModel.tableOfContents(text).markdown)
    }

    /// The short variant for a ticket body: verdict, key facts, top findings.
    public func renderSummary(_ model: ReportModel, links: [String: String] = [:]) throws(ReportError) -> String {
        var view = ReportViewModel(mode: .markdown)
        var context = view.context(model)
        context["links"] = links.sorted { $0.key < $1.key }.map { ["name": MarkdownText.inline($0.key), "path": MarkdownText.inline($0.value)] }
        context["hasLinks"] = !links.isEmpty
        return Self.tidy(try templates.render(context, "summary.md"))
    }

    /// Collapses runs of blank lines that template sections leave, and ends with one newline.
    static func tidy(_ s: String) -> String {
        var out: [Substring] = []
        var blank = 0
        for line in s.split(separator: "\n", omittingEmptySubsequences: false) {
            let isBlank = line.allSatisfy { $0 == " " }
            blank = isBlank ? blank + 1 : 0
            if blank <= 1 { out.append(isBlank ? "" : line) }
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }
}
