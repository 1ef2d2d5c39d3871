/// Escaping of capture-derived text for Markdown contexts. Nothing from a capture reaches a report
/// without passing through one of these (or `HTMLText` for program-built HTML).
public enum MarkdownText {
    /// Characters that can open Markdown or HTML structure anywhere in a line; each is
    /// backslash-escaped. `(`, `)` and `!` need no escape once `[` and `]` are escaped; `#`, `+`,
    /// `-` and `1.` only matter at the start of a line (see `inline`).
    static let special: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&"]

    /// Replaces what must never be shown raw: control characters (newlines included) become a space,
    /// bidi/format controls, invisible characters and private-use characters become U+FFFD (so
    /// capture text cannot reorder a line, hide a character inside a name, `pay\u{200B}pal` shown
    /// as "paypal", or forge the renderer's own placeholders).
    public static func sanitized(_ s: String) -> String {
        // Printable ASCII (most text) never changes.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || (0x7F ... 0x9F).contains(v) { out.append(" ") } else if (0x202A ... 0x202E).contains(v)
                || (0x2066 ... 0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
                || (0xE000 ... 0xF8FF).contains(v) || v == 0xFEFF || (0x2028 ... 0x2029).contains(v) || isInvisible(scalar)
            {
                out.append("\u{FFFD}")
            } else { out.append(scalar) }
        }
        return String(out)
    }

    /// Characters that render as nothing: Unicode's default-ignorable code points (zero-width
    /// space, joiners, word joiner, invisible operators, soft hyphen, variation selectors, the tag
    /// block U+E0000–U+E007F) and the blank Hangul fillers.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return scalar.properties.isDefaultIgnorableCodePoint || (0xE0000 ... 0xE007F).contains(v)
            || v == 0x115F || v == 0x1160 || v == 0x3164 || v == 0xFFA0
    }

    /// URLs in capture text made inert the way incident reports write them: `http://evil.example`
    /// becomes `hxxp://evil[.]example`, `www.evil.example` becomes `www[.]evil[.]example`, so GFM
    /// autolinking (GitHub, GitLab) finds no link to make clickable.
    public static func defanged(_ s: String) -> String {
        guard s.utf8.contains(0x2E) else { return s }
        if isPrintableASCII(s) { return String(decoding: MarkdownASCII.defanged(Array(s.utf8)), as: UTF8.self) }
        return defangedCharacters(s)
    }

    /// `defanged` over Characters (any text; the reference the byte path must match).
    static func defangedCharacters(_ s: String) -> String {
        let chars = Array(s)
        var out = ""
        var i = 0
        func lower(_ j: Int, _ n: Int) -> String { String(chars[j ..< min(j + n, chars.count)]).lowercased() }
        func inHost(_ j: Int) -> Bool { j < chars.count && !chars[j].isWhitespace && !"/?#:\\\"'<>()[]|`*_~".contains(chars[j]) }
        while i < chars.count {
            var host = false
            if i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber) {
                for (scheme, inert) in [("https://", "hxxps://"), ("http://", "hxxp://"), ("ftp://", "fxp://")]
                where lower(i, scheme.count) == scheme {
                    out += inert
                    i += scheme.count
                    host = true
                    break
                }
                if !host && lower(i, 4) == "www." { host = true }
            }
            guard host else { out.append(chars[i]); i += 1; continue }
            // The host, up to a path, a port, a space or the end: its inner dots bracketed.
            while inHost(i) {
                out += chars[i] == "." && inHost(i + 1) && chars[i + 1] != "." ? "[.]" : String(chars[i])
                i += 1
            }
        }
        return out
    }

    /// Capture text inside a paragraph, list item or table cell: inert, on one line.
    public static func inline(_ s: String) -> String {
        // Printable ASCII (most capture text: names, addresses, URIs) is handled byte by byte; the
        // result is the same as the Character path below (a test compares them).
        if isPrintableASCII(s) { return MarkdownASCII.inline(Array(s.utf8)) }
        return inlineCharacters(s)
    }

    /// Whether every byte is printable ASCII (0x20-0x7E): then one byte is one Character, and
    /// `sanitized` changes nothing.
    @inline(__always)
    static func isPrintableASCII(_ s: String) -> Bool { s.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }

    /// `inline` over Characters (any text; the reference the byte path must match).
    static func inlineCharacters(_ s: String) -> String {
        // Leading spaces (a newline or tab sanitised to one included) are dropped: Markdown ignores
        // them anyway, and kept they would hide a block marker from the check below.
        let chars = Array(defanged(sanitized(s)).drop { $0 == " " })
        var out = ""
        out.reserveCapacity(chars.count + 8)
        // A leading block marker (heading, list item, ordered-list number) is escaped.
        if let first = chars.first, "#+-=".contains(first) { out.append("\\") } else {
            var i = 0
            while i < chars.count && chars[i].isASCII && chars[i].isNumber { i += 1 }
            if i > 0 && i < chars.count && (chars[i] == "." || chars[i] == ")") && (i + 1 == chars.count || chars[i + 1] == " ") {
                out += String(chars[..<i]) + "\\"
                out += String(chars[i...].prefix(1))
                return out + inlineTail(chars, from: i + 1)
            }
        }
        return out + inlineTail(chars, from: 0)
    }

    static func inlineTail(_ chars: [Character], from start: Int) -> String {
        var out = ""
        for i in start ..< chars.count {
            let c = chars[i]
            if c == "_" && i > 0 && i + 1 < chars.count && isWordCharacter(chars[i - 1]) && isWordCharacter(chars[i + 1]) {
                out.append(c)      // intraword underscores never open emphasis
                continue
            }
            if special.contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber }

    /// A GFM table cell (pipes escaped by `inline`).
    public static func cell(_ s: String) -> String { inline(s) }

    /// A code span whose fence is longer than any backtick run inside.
    public static func code(_ s: String) -> String {
        let text = sanitized(s)
        let fence = String(repeating: "`", count: longestRun(of: "`", in: text) + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") || text.isEmpty ? " " : ""
        return fence + pad + text + pad + fence
    }

    /// A fenced code block; lines kept, other controls replaced, fence longer than any inside.
    public static func codeBlock(_ s: String, info: String = "") -> String {
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false).map { sanitized(String($0)) }
        let body = lines.joined(separator: "\n")
        let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: body) + 1))
        return fence + info + "\n" + body + "\n" + fence
    }

    static func longestRun(of c: Character, in s: String) -> Int {
        var best = 0, run = 0
        for ch in s { if ch == c { run += 1; best = max(best, run) } else { run = 0 } }
        return best
    }

    /// A GFM pipe table. `header` and `rows` are already escaped cells.
    public static func table(_ header: [String], _ rows: [[String]], alignRight: Set<Int> = []) -> String {
        var lines = ["| " + header.joined(separator: " | ") + " |"]
        lines.append("|" + header.indices.map { alignRight.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|")
        for row in rows { lines.append("| " + row.map { $0.isEmpty ? " " : $0 }.joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n")
    }
}

/// Escaping for program-built HTML (tables, figures) inserted as cmark custom blocks.
public enum HTMLText {
    /// Text content and attribute values: `& < > " '` escaped, and the same sanitising as Markdown.
    public static func escape(_ s: String) -> String {
        let clean = MarkdownText.sanitized(s)
        // Byte by byte: a quote or `<` followed by a combining mark is one Character, and must be
        // escaped all the same (it would otherwise end an attribute value).
        guard clean.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return clean }
        var out: [UInt8] = []
        out.reserveCapacity(clean.utf8.count + 16)
        for b in clean.utf8 {
            switch b {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&#39;".utf8)
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Like `escape`, but keeps line breaks (for `<pre>` excerpts).
    public static func escapePreformatted(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "\n")
    }
}
