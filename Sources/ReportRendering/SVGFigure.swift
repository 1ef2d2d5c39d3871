import Support

/// A figure drawn by the program as inline SVG: shapes in a fixed coordinate system (`viewBox`),
/// scaled to the page's width. Every piece of text goes through `HTMLText.escape`, which is also
/// correct for SVG text content and attribute values inside an HTML page (`& < > " '` escaped,
/// controls, bidi overrides and private-use characters replaced).
struct SVGFigure {
    let width: Double, height: Double
    private(set) var elements: [String] = []

    init(width: Double, height: Double) { self.width = width; self.height = height }

    /// A number for an SVG attribute: at most two decimals, no exponent, no locale.
    static func n(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        // Hundredths, rounded half away from zero like `NumberFormat.fixed(x, 2)`, written directly:
        // a scan figure formats thousands of coordinates.
        let scaled = (abs(x) * 100).rounded(.toNearestOrAwayFromZero)
        if scaled < 1e15 {
            let hundredths = UInt64(scaled)
            let whole = hundredths / 100, fraction = Int(hundredths % 100)
            var text = (x < 0 && hundredths != 0 ? "-" : "") + String(whole)
            if fraction != 0 {
                text.append(".")
                text.append(Character(Unicode.Scalar(UInt8(0x30 + fraction / 10))))
                if fraction % 10 != 0 { text.append(Character(Unicode.Scalar(UInt8(0x30 + fraction % 10)))) }
            }
            return text
        }
        let s = NumberFormat.fixed(x, 2)
        var t = Substring(s)
        if t.contains(".") { while t.hasSuffix("0") { t = t.dropLast() }; if t.hasSuffix(".") { t = t.dropLast() } }
        return t == "-0" ? "0" : String(t)
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, cls: String, tip: String? = nil) {
        let shape = "<rect class=\"\(cls)\" x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(0, w)))\" height=\"\(Self.n(max(0, h)))\""
        elements.append(tip.map { shape + "><title>\(HTMLText.escape($0))</title></rect>" } ?? shape + "/>")
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, cls: String) {
        elements.append("<line class=\"\(cls)\" x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\"/>")
    }

    mutating func circle(_ cx: Double, _ cy: Double, _ r: Double, cls: String, tip: String? = nil) {
        let shape = "<circle class=\"\(cls)\" cx=\"\(Self.n(cx))\" cy=\"\(Self.n(cy))\" r=\"\(Self.n(r))\""
        elements.append(tip.map { shape + "><title>\(HTMLText.escape($0))</title></circle>" } ?? shape + "/>")
    }

    mutating func polyline(_ points: [(Double, Double)], cls: String) {
        guard !points.isEmpty else { return }
        elements.append("<polyline class=\"\(cls)\" points=\"" + points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ") + "\"/>")
    }

    enum Anchor: String { case start, middle, end }

    /// Text at (x, y); `text` may come from a capture: it is escaped here.
    mutating func text(_ x: Double, _ y: Double, _ text: String, cls: String = "t", anchor: Anchor = .start, rotate: Bool = false) {
        let transform = rotate ? " transform=\"rotate(-90 \(Self.n(x)) \(Self.n(y)))\"" : ""
        elements.append("<text class=\"\(cls)\" x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" text-anchor=\"\(anchor.rawValue)\"\(transform)>\(HTMLText.escape(text))</text>")
    }

    /// The `<svg>` element: `role="img"` with a title and a description for screen readers.
    func svg(id: String, title: String, description: String) -> String {
        "<svg class=\"chart\" id=\"\(HTMLText.escape(id))\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" role=\"img\" "
            + "aria-labelledby=\"\(HTMLText.escape(id))-t \(HTMLText.escape(id))-d\" xmlns=\"http://www.w3.org/2000/svg\">"
            + "<title id=\"\(HTMLText.escape(id))-t\">\(HTMLText.escape(title))</title>"
            + "<desc id=\"\(HTMLText.escape(id))-d\">\(HTMLText.escape(description))</desc>"
            + elements.joined() + "</svg>"
    }
}

/// A numbered figure: the SVG with its caption in HTML; the caption and the text alternative in
/// Markdown (a ticket shows the words, not the picture).
struct Figure {
    var id: String
    var caption: String
    /// What the figure shows, in words: the `<desc>` of the SVG and the Markdown text.
    var textAlternative: String
    var svg: SVGFigure
    /// Optional legend entries: (CSS class of the swatch, label).
    var legend: [(String, String)] = []

    func block(number: Int) -> ReportBlock {
        let label = "Figure \(number). \(caption)"
        var html = "<figure class=\"figure\" id=\"\(HTMLText.escape(id))\">"
        html += svg.svg(id: id + "-svg", title: label, description: textAlternative)
        html += "<figcaption><strong>Figure \(number).</strong> \(HTMLText.escape(caption))"
        if !legend.isEmpty {
            html += "<span class=\"fig-legend\">" + legend.map { cls, text in
                "<span class=\"key\"><span class=\"swatch \(cls)\"></span>\(HTMLText.escape(text))</span>"
            }.joined() + "</span>"
        }
        html += "</figcaption></figure>"
        return ReportBlock(markdown: markdownBlock(number: number).markdown, html: html)
    }

    /// The block with its Markdown only (the Markdown report never shows the HTML).
    func markdownBlock(number: Int) -> ReportBlock {
        ReportBlock(markdown: "**Figure \(number).** \(MarkdownText.inline(caption)) " + MarkdownText.inline(textAlternative), html: "")
    }
}

/// Axis arithmetic shared by the charts: "nice" tick steps (1, 2 or 5 times a power of ten).
enum ChartScale {
    static func niceStep(_ range: Double, ticks: Int) -> Double {
        guard range > 0, range.isFinite else { return 1 }
        let raw = range / Double(max(1, ticks))
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        for m in [1.0, 2.0, 5.0, 10.0] where magnitude * m >= raw { return magnitude * m }
        return magnitude * 10
    }

    /// The smallest nice number ≥ `maximum` on a grid of `step` (at least one step).
    static func niceMaximum(_ maximum: Double, step: Double) -> Double {
        max(step, (maximum / step).rounded(.up) * step)
    }

    /// Compact number text for axis labels: 1200 -> "1.2k", 3_400_000 -> "3.4M".
    static func compact(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1_000_000 { return trim(NumberFormat.fixed(v / 1_000_000, 1)) + "M" }
        if a >= 10_000 { return trim(NumberFormat.fixed(v / 1000, 0)) + "k" }
        if a >= 1000 { return trim(NumberFormat.fixed(v / 1000, 1)) + "k" }
        if a == a.rounded() { return NumberFormat.fixed(v, 0) }
        return trim(NumberFormat.fixed(v, a < 0.01 ? 4 : (a < 1 ? 3 : 2)))
    }

    static func trim(_ s: String) -> String {
        guard s.contains(".") else { return s }
        var t = Substring(s)
        while t.hasSuffix("0") { t = t.dropLast() }
        if t.hasSuffix(".") { t = t.dropLast() }
        return String(t)
    }

    /// A duration in the unit that reads best: 500 ns -> "500 ns", 0.0025 s -> "2.5 ms".
    static func duration(_ seconds: Double) -> String {
        if seconds >= 86_400 && seconds.truncatingRemainder(dividingBy: 3600) == 0 {
            return trim(NumberFormat.fixed(seconds / 86_400, 2)) + " d"
        }
        if seconds >= 3600 && seconds.truncatingRemainder(dividingBy: 60) == 0 { return trim(NumberFormat.fixed(seconds / 3600, 2)) + " h" }
        if seconds >= 120 && seconds.truncatingRemainder(dividingBy: 60) == 0 { return trim(NumberFormat.fixed(seconds / 60, 2)) + " min" }
        if seconds >= 1 { return trim(NumberFormat.fixed(seconds, 3)) + " s" }
        if seconds >= 0.001 { return trim(NumberFormat.fixed(seconds * 1000, 3)) + " ms" }
        if seconds >= 0.000_001 { return trim(NumberFormat.fixed(seconds * 1_000_000, 3)) + " µs" }
        return trim(NumberFormat.fixed(seconds * 1e9, 0)) + " ns"
    }

    /// The unit for a time axis spanning `seconds`, and its factor.
    static func timeUnit(_ seconds: Double) -> (String, Double) {
        // A long, sparse capture reads in hours or days, not in "20M" seconds.
        if seconds >= 3 * 86_400 { return ("days", 1 / 86_400) }
        if seconds >= 3 * 3600 { return ("hours", 1 / 3600) }
        if seconds >= 10 * 60 { return ("minutes", 1 / 60) }
        if seconds >= 2 { return ("s", 1) }
        if seconds >= 0.002 { return ("ms", 1000) }
        return ("µs", 1_000_000)
    }
}
