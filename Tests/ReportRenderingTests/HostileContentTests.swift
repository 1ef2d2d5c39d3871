@testable import ReportRendering
import TestSupport
import Testing
import Support

// Regression tests for what the renderer fuzzer (Fuzz/RendererFuzzer, docs/robustness.md) found,
// and for output names derived from capture names.

/// Fuzz finding 1: a capture comment starting with a newline ("\n# injected") became "- # injected"
/// after the newline was sanitised to a space, and cmark rendered a heading inside the list item.
@Test(arguments: ["\n# injected", "\t# injected", "   # injected", "\n\n- item", " 1. item", "\n> quote", "    code"])
func leadingWhitespaceCannotHideABlockMarker(_ hostile: String) {
    let escaped = MarkdownText.inline(hostile)
    let html = HTMLRenderer.html(fromMarkdown: "- " + escaped + "\n", blocks: [])
    #expect(!html.contains("<h1"))
    #expect(!html.contains("<ol"))
    #expect(!html.contains("<blockquote"))
    #expect(!html.contains("<pre"))
    #expect(html.components(separatedBy: "<li>").count == 2, "one list item, no nested list: \(html)")
}

@Test func hostileCommentsDoNotAddHeadingsToTheReport() throws {
    var m = try model("walkthrough-synscan.pcapng")
    let t = try templates()
    m.capture.comments = ["x", "x"]
    let plain = try HTMLRenderer(templates: t).render(m)
    m.capture.comments = ["\n# injected\n# injected", "\n# injected"]
    m.capture.interfaces = m.capture.interfaces.map { var i = $0; i.name = "\n# if"; return i }
    let hostile = try HTMLRenderer(templates: t).render(m)
    #expect(hostile.components(separatedBy: "<h1").count == plain.components(separatedBy: "<h1").count)
    #expect(hostile.components(separatedBy: "<li").count == plain.components(separatedBy: "<li").count)
}

/// Output file names come from capture names: they must stay inside the output folder.
/// A quote or `<` followed by a combining mark is one Character; escaping compared Characters and
/// let it through, so `"\u{301}` could end an attribute value. Escaping works on bytes now.
@Test(arguments: ["\"\u{301} onload=alert(1) x=\"", "<\u{301}script>", "'\u{300}", "&\u{301}amp;"])
func escapingSeesSpecialCharactersUnderCombiningMarks(_ hostile: String) {
    let escaped = HTMLText.escape(hostile)
    #expect(!escaped.utf8.contains(0x22) && !escaped.utf8.contains(0x27) && !escaped.utf8.contains(0x3C))
    #expect(!escaped.replacingOccurrences(of: "&amp;", with: "").replacingOccurrences(of: "&quot;", with: "")
        .replacingOccurrences(of: "&lt;", with: "").replacingOccurrences(of: "&#39;", with: "").contains("&amp"))
}

/// The top rows of a table as a stable sort gives them, without sorting the table.
@Test func topElementsMatchAStableSortPrefix() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0 ..< 200 {
        let rows = (0 ..< Int.random(in: 0 ... 60, using: &generator)).map { i in (key: Int.random(in: 0 ... 5, using: &generator), id: i) }
        let limit = Int.random(in: 0 ... 20, using: &generator)
        let expected = rows.enumerated().sorted { $0.element.key != $1.element.key ? $0.element.key > $1.element.key : $0.offset < $1.offset }
            .prefix(limit).map(\.element.id)
        #expect(topElements(rows, limit: limit) { $0.key > $1.key }.map(\.id) == expected)
    }
}

@Test func replacingOccurrencesReplacesEveryMatchOnBytes() {
    #expect("a\u{E000}toc\u{E000}b\u{E000}toc\u{E000}".replacingOccurrences(of: "\u{E000}toc\u{E000}", with: "[x]") == "a[x]b[x]")
    #expect("aaa".replacingOccurrences(of: "aa", with: "b") == "ba")
    #expect("none".replacingOccurrences(of: "xyz", with: "b") == "none")
    #expect("".replacingOccurrences(of: "a", with: "b") == "")
    #expect("é|é".replacingOccurrences(of: "|", with: "\\|") == "é\\|é")
}

/// Table rows written through `JSONRowWriter` are byte for byte what the value tree writes, for
/// text that needs escaping, empty and very long text, and every kind of number.
@Test func jsonRowsMatchTheValueTree() {
    let texts = ["10.0.0.1", "", "quote \" and \\ backslash", "line\nbreak\u{0}", "é ✓ \u{2028}", String(repeating: "x", count: 70_000)]
    let numbers: [Double] = [0, 3, -2, 0.5, 1e-7, 123456.789, 1e300, .nan]
    let ints = [0, 7, -12, Int.max, Int.min + 1]
    let count = texts.count * numbers.count
    let fields: @Sendable (Int) -> (String, Double, Int) = { i in (texts[i % texts.count], numbers[i % numbers.count], ints[i % ints.count]) }
    let tree = JSONValue.array((0 ..< count).map { i in
        let (t, d, n) = fields(i)
        return .object([("text", .string(t)), ("number", .double(d)), ("int", .int(n))])
    })
    let rows = JSONValue.rows(count: count) { i, w in
        let (t, d, n) = fields(i)
        w.field("text", t); w.field("number", d); w.field("int", n)
    }
    #expect(JSONValue.object([("rows", rows)]).serializedBytes() == JSONValue.object([("rows", tree)]).serializedBytes())
}
