import Support

/// A piece of the report the program lays out itself (a table, a figure): one Markdown form for
/// tickets, one HTML form that enters cmark's document as a custom block.
public struct ReportBlock: Sendable {
    public var markdown: String
    public var html: String

    /// A table cell: text is escaped for each format; code is shown as code.
    public enum Cell: Sendable {
        case text(String)
        case code(String)
        case number(Int)
        /// Program-made text that needs no escaping beyond the usual (labels, counts with units).
        case label(String)
    }

    public static func table(_ header: [String], _ rows: [[Cell]], numeric: Set<Int> = [], caption: String? = nil,
                             note: String? = nil) -> ReportBlock {
        let md = MarkdownText.table(header.map(MarkdownText.cell), rows.map { $0.map(markdownCell) }, alignRight: numeric)
        let tableClass = header.count <= 2 ? " class=\"kv\"" : (header.count >= 9 ? " class=\"wide\"" : "")
        var html = "<div class=\"table-wrap\"><table\(tableClass)>"
        if let caption { html += "<caption>\(HTMLText.escape(caption))</caption>" }
        html += "<thead><tr>" + header.enumerated().map { i, h in
            "<th\(numeric.contains(i) ? " class=\"num\"" : "") scope=\"col\">\(HTMLText.escape(h))</th>"
        }.joined() + "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>" + row.enumerated().map { i, c in
                "<td\(numeric.contains(i) ? " class=\"num\"" : "")>\(htmlCell(c))</td>"
            }.joined() + "</tr>"
        }
        html += "</tbody></table></div>"
        var markdown = md
        if let note {
            markdown += "\n\n_\(MarkdownText.inline(note))_"
            html += "<p class=\"table-note\">\(HTMLText.escape(note))</p>"
        }
        return ReportBlock(markdown: markdown, html: html)
    }

    static func markdownCell(_ c: Cell) -> String {
        switch c {
        case let .text(s), let .label(s): MarkdownText.cell(s)
        case let .code(s): s.isEmpty ? "" : MarkdownText.code(s).replacingOccurrences(of: "|", with: "\\|")
        case let .number(n): NumberFormat.grouped(n)
        }
    }

    static func htmlCell(_ c: Cell) -> String {
        switch c {
        case let .text(s), let .label(s): HTMLText.escape(s)
        case let .code(s): s.isEmpty ? "" : "<code>\(HTMLText.escape(s))</code>"
        case let .number(n): NumberFormat.grouped(n)
        }
    }
}
