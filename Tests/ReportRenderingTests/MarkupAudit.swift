/// A strict look at generated HTML: every tag and attribute must come from the short list the
/// report itself uses, links may only point inside the page, and nothing may execute. Anything a
/// capture smuggled in as markup would show up here as an unknown tag or attribute.
enum MarkupAudit {
    static let tags: Set<String> = [
        "!doctype", "html", "head", "meta", "title", "style", "body", "header", "footer", "main", "section", "nav", "div", "span",
        "h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "dl", "dt", "dd", "a", "strong", "em", "code", "pre", "blockquote", "hr", "br",
        "table", "thead", "tbody", "tr", "th", "td", "caption", "figure", "figcaption", "svg", "rect", "line", "circle", "polyline",
        "text", "desc", "!--", "img",
    ]
    static let attributes: Set<String> = [
        "lang", "charset", "name", "content", "http-equiv", "class", "id", "href", "role", "aria-label", "aria-labelledby", "scope",
        "title", "viewbox", "xmlns", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "points", "text-anchor",
        "transform", "align", "start", "type", "alt", "src",
    ]

    /// Problems found (empty when the page is clean). `img` is only allowed with a `data:` source.
    static func problems(_ html: String, relativeLinks: Bool = false) -> [String] {
        var out: [String] = []
        let b = Array(html.unicodeScalars)
        var i = 0
        var inStyle = false
        while i < b.count {
            guard b[i] == "<" else { i += 1; continue }
            if html.unicodeScalars.count > 0, b.count > i + 3, String(String.UnicodeScalarView(b[i + 1 ..< i + 4])) == "!--" {
                // A comment: cmark-gfm's "raw HTML omitted" marker.
                var j = i + 4
                while j + 2 < b.count, !(b[j] == "-" && b[j + 1] == "-" && b[j + 2] == ">") { j += 1 }
                i = j + 3; continue
            }
            var j = i + 1
            if j < b.count && b[j] == "/" { j += 1 }
            var name = ""
            while j < b.count, b[j].properties.isAlphabetic || ("0" ... "9").contains(b[j]) || b[j] == "!" { name.unicodeScalars.append(b[j]); j += 1 }
            name = name.lowercased()
            if inStyle && name != "style" { out.append("'<' inside <style>"); i = j; continue }
            guard tags.contains(name) else { out.append("unknown tag <\(name)>"); i = j; continue }
            if name == "style" { inStyle = !(b[i + 1] == "/") }
            // Attributes up to '>' (quotes respected).
            var attrs: [(String, String)] = []
            while j < b.count && b[j] != ">" {
                if b[j] == " " || b[j] == "\n" || b[j] == "/" { j += 1; continue }
                var attr = ""
                while j < b.count, b[j] != "=", b[j] != " ", b[j] != ">" { attr.unicodeScalars.append(b[j]); j += 1 }
                var value = ""
                if j < b.count && b[j] == "=" {
                    j += 1
                    if j < b.count && (b[j] == "\"" || b[j] == "'") {
                        let q = b[j]; j += 1
                        while j < b.count && b[j] != q { value.unicodeScalars.append(b[j]); j += 1 }
                        j += 1
                    } else {
                        while j < b.count, b[j] != " ", b[j] != ">" { value.unicodeScalars.append(b[j]); j += 1 }
                    }
                }
                attrs.append((attr.lowercased(), value))
            }
            for (a, v) in attrs {
                if !attributes.contains(a) && !(name == "!doctype") { out.append("attribute \(a) on <\(name)>") }
                if a == "href" && !v.hasPrefix("#") && !(relativeLinks && isRelative(v)) { out.append("link out of the page: \(v)") }
                if a == "src" && !(name == "img" && v.hasPrefix("data:")) { out.append("source \(v) on <\(name)>") }
                if v.lowercased().contains("javascript:") { out.append("javascript: in \(a)") }
            }
            i = j + 1
        }
        return out
    }

    /// A relative reference (RFC 3986 4.2): no scheme before the first `/`, not network-path (`//host`).
    static func isRelative(_ v: String) -> Bool {
        guard !v.hasPrefix("//") else { return false }
        let head = v.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return !head.contains(":")
    }
}
