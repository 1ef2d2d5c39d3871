import CCmark
#if canImport(Glibc)
import Glibc
#endif

/// Renders the report as one self-contained HTML page: the Markdown body goes through cmark in safe
/// mode (raw HTML from anywhere is dropped), and the program's own tables and figures enter cmark's
/// tree as custom-block nodes in place of their placeholders.
public struct HTMLRenderer: Sendable {
    public let templates: TemplateSet
    public init(templates: TemplateSet) { self.templates = templates }

    public func render(_ model: ReportModel) throws(ReportError) -> String {
        var view = ReportViewModel(mode: .html)
        var context = view.context(model)
        let markdown = try templates.render(context, "report.md")
        context["body"] = Self.html(fromMarkdown: markdown, blocks: view.blocks)
        context["pageTitle"] = model.title
        return MarkdownRenderer.tidy(try templates.render(context, "report.html"))
    }

    /// cmark: parse, swap placeholder paragraphs for custom blocks, render safely.
    /// The corresponding C functions are `cmark_parse_document` and `cmark_render_html`.
    static func html(fromMarkdown markdown: String, blocks: [ReportBlock]) -> String {
        let options = CMARK_OPT_DEFAULT   // safe: raw HTML is never passed through
        guard let document = markdown.withCString({ cmark_parse_document($0, strlen($0), options) }) else { return "" }
        defer { cmark_node_free(document) }
        var placeholders: [(OpaquePointer, Int)] = []
        let iterator = cmark_iter_new(document)
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH,
                  let child = cmark_node_first_child(node), cmark_node_next(child) == nil,
                  cmark_node_get_type(child) == CMARK_NODE_TEXT,
                  let literal = cmark_node_get_literal(child) else { continue }
            let text = String(cString: literal)
            if let n = blockIndex(text), n < blocks.count { placeholders.append((node, n)) }
        }
        cmark_iter_free(iterator)
        for (paragraph, n) in placeholders {
            guard let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { continue }
            cmark_node_set_on_enter(custom, blocks[n].html)
            cmark_node_set_on_exit(custom, "")
            cmark_node_insert_before(paragraph, custom)
            cmark_node_unlink(paragraph)
            cmark_node_free(paragraph)
        }
        guard let rendered = cmark_render_html(document, options) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    static func blockIndex(_ text: String) -> Int? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > 7, scalars.first == "\u{E000}", scalars.last == "\u{E000}" else { return nil }
        let inner = String(String.UnicodeScalarView(scalars[1 ..< scalars.count - 1]))
        guard inner.hasPrefix("block") else { return nil }
        return Int(inner.dropFirst(5))
    }
}
