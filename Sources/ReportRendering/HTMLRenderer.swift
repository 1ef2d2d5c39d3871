import CCmark
import Support
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
        var markdown = ReportViewModel.numberSections(try templates.render(context, model.presentation.edition.template))
        var blocks = view.blocks
        // The table of contents becomes one more custom block, built from the section headings.
        blocks.append(ReportViewModel.tableOfContents(MarkdownRenderer.tidy(markdown)))
        markdown = markdown.replacingOccurrences(of: ReportViewModel.tocToken, with: ReportViewModel.token(blocks.count - 1))
        context["body"] = Self.anchorHeadings(Self.html(fromMarkdown: markdown, blocks: blocks), markdown: MarkdownRenderer.tidy(markdown))
        context["pageTitle"] = HTMLText.escape(model.title)
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

    /// cmark gives headings no ids: give each `<h2>` (in document order) the GitHub-style anchor the
    /// table of contents links to, and each finding's `<h3>` its id (`f1`). cmark escapes every `<`
    /// of the text it renders, so the only `<h2>`/`<h3>` tags in its output are its own headings.
    static func anchorHeadings(_ html: String, markdown: String) -> String {
        let anchors = ReportViewModel.sections(markdown).map(\.1)
        let h2 = Array("<h2>".utf8), h3 = Array("<h3>".utf8)
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64 * anchors.count)
        var h2Count = 0
        var i = 0
        while i < bytes.count {
            guard bytes[i] == 0x3C, i + 4 <= bytes.count else { out.append(bytes[i]); i += 1; continue }
            if bytes[i ..< i + 4].elementsEqual(h2) {
                out.append(contentsOf: (h2Count < anchors.count ? "<h2 id=\"\(HTMLText.escape(anchors[h2Count]))\">" : "<h2>").utf8)
                h2Count += 1
                i += 4
            } else if bytes[i ..< i + 4].elementsEqual(h3) {
                out.append(contentsOf: (findingID(bytes, at: i + 4).map { "<h3 id=\"\($0)\">" } ?? "<h3>").utf8)
                i += 4
            } else {
                out.append(bytes[i]); i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The lower-cased finding id (`f12`) a heading's text starts with: `F` and digits, then no
    /// further letter or digit.
    static func findingID(_ bytes: [UInt8], at start: Int) -> String? {
        func isAlphanumeric(_ b: UInt8) -> Bool { (0x30 ... 0x39).contains(b) || (0x41 ... 0x5A).contains(b) || (0x61 ... 0x7A).contains(b) }
        var end = start
        while end < bytes.count && isAlphanumeric(bytes[end]) { end += 1 }
        // A combining mark after the run makes its last character non-ASCII: decide on Characters.
        if end < bytes.count && bytes[end] >= 0x80 {
            let text = String(decoding: bytes[start ..< min(bytes.count, end + 8)], as: UTF8.self)
            let id = text.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
            return id.count >= 2 && id.first == "F" && id.dropFirst().allSatisfy(\.isNumber) ? id.lowercased() : nil
        }
        guard end - start >= 2, bytes[start] == 0x46, bytes[(start + 1) ..< end].allSatisfy({ (0x30 ... 0x39).contains($0) }) else { return nil }
        return "f" + String(decoding: bytes[(start + 1) ..< end], as: UTF8.self)
    }

    static func blockIndex(_ text: String) -> Int? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > 7, scalars.first == "\u{E000}", scalars.last == "\u{E000}" else { return nil }
        let inner = String(String.UnicodeScalarView(scalars[1 ..< scalars.count - 1]))
        guard inner.hasPrefix("block") else { return nil }
        return Int(inner.dropFirst(5))
    }
}
