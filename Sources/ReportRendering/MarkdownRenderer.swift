import Support
/// Renders the report model as GitHub-flavoured Markdown through the Mustache templates.
public struct MarkdownRenderer: Sendable {
    public let templates: TemplateSet
    public init(templates: TemplateSet) { self.templates = templates }

    public func render(_ model: ReportModel) throws(ReportError) -> String {
        try renderWithSummary(model, links: nil).report
    }

    /// The short variant for a ticket body: verdict, key facts, top findings.
    public func renderSummary(_ model: ReportModel, links: [String: String] = [:]) throws(ReportError) -> String {
        var view = ReportViewModel(mode: .markdown)
        return try summary(view.context(model), links: links)
    }

    /// The report and, when `links` is given, the ticket summary, from one view of the model.
    public func renderWithSummary(_ model: ReportModel, links: [String: String]?) throws(ReportError) -> (report: String, summary: String?) {
        var view = ReportViewModel(mode: .markdown)
        let context = view.context(model)
        let text = Self.tidy(ReportViewModel.numberSections(try templates.render(context, model.presentation.edition.template)))
        let report = text.replacingOccurrences(of: ReportViewModel.tocToken, with: ReportViewModel.tableOfContents(text).markdown)
        return (report, try links.map { (links) throws(ReportError) in try summary(context, links: links) })
    }

    private func summary(_ context: [String: Any], links: [String: String]) throws(ReportError) -> String {
        var context = context
        // Relative links (each path segment percent-encoded), so the summary's links open the reports
        // beside it, in a tracker that renders Markdown, and read as the file name where it does not.
        context["links"] = links.sorted { $0.key < $1.key }.map { name, path in
            let target = path.split(separator: "/", omittingEmptySubsequences: false).map { String($0).percentEncoded }.joined(
                separator: "/")
            return ["name": MarkdownText.inline(name), "path": "[\(MarkdownText.inline(path))](\(target))"]
        }
        context["hasLinks"] = !links.isEmpty
        return Self.tidy(try templates.render(context, "summary.md"))
    }

    /// Collapses runs of blank lines that template sections leave, and ends with one newline.
    static func tidy(_ s: String) -> String {
        // On UTF-8 bytes: the rendered text is hundreds of kilobytes, and line breaks and spaces are
        // single bytes (the text holds no CR: capture text is sanitised).
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 1)
        var blank = 0
        for line in s.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let isBlank = line.allSatisfy { $0 == 0x20 }
            blank = isBlank ? blank + 1 : 0
            if blank <= 1 {
                if !isBlank { out.append(contentsOf: line) }
                out.append(0x0A)
            }
        }
        while out.count >= 2 && out[out.count - 2] == 0x0A { out.removeLast() }   // one final newline
        if out.isEmpty { out.append(0x0A) }
        return String(decoding: out, as: UTF8.self)
    }
}
