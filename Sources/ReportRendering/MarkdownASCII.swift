/// The byte path of `MarkdownText.defanged` and `MarkdownText.inline` for printable ASCII text
/// (0x20-0x7E, where one byte is one Character): the same rules without building a Character array
/// (the Character path was the largest share of the renderers' instructions).
enum MarkdownASCII {
    /// `MarkdownText.defanged` of printable ASCII bytes, as bytes.
    static func defanged(_ b: [UInt8]) -> [UInt8] {
        let n = b.count
        var out: [UInt8] = []
        out.reserveCapacity(n + 16)
        func inHost(_ j: Int) -> Bool { j < n && b[j] != 0x20 && !hostStops[Int(b[j])] }
        var i = 0
        while i < n {
            var host = false
            if i == 0 || !isWordByte(b[i - 1]) {
                for (scheme, inert) in schemes where hasPrefix(b, at: i, lowercased: scheme) {
                    out.append(contentsOf: inert)
                    i += scheme.count
                    host = true
                    break
                }
                if !host && hasPrefix(b, at: i, lowercased: www) { host = true }
            }
            guard host else {
                out.append(b[i])
                i += 1
                continue
            }
            // The host, up to a path, a port, a space or the end: its inner dots bracketed.
            while inHost(i) {
                if b[i] == 0x2E && inHost(i + 1) && b[i + 1] != 0x2E { out.append(contentsOf: bracketedDot) } else { out.append(b[i]) }
                i += 1
            }
        }
        return out
    }

    /// `MarkdownText.inline` of printable ASCII bytes.
    static func inline(_ bytes: [UInt8]) -> String {
        let defangedBytes = bytes.contains(0x2E) ? defanged(bytes) : bytes
        let start = defangedBytes.firstIndex { $0 != 0x20 } ?? defangedBytes.count
        let chars = Array(defangedBytes[start...])
        let n = chars.count
        var out: [UInt8] = []
        out.reserveCapacity(n + 8)
        var from = 0
        // A leading block marker (heading, list item, ordered-list number) is escaped.
        if let first = chars.first, first == 0x23 || first == 0x2B || first == 0x2D || first == 0x3D {
            out.append(0x5C)
        } else {
            var i = 0
            while i < n && isDigit(chars[i]) { i += 1 }
            if i > 0 && i < n && (chars[i] == 0x2E || chars[i] == 0x29) && (i + 1 == n || chars[i + 1] == 0x20) {
                out.append(contentsOf: chars[..<i])
                out.append(0x5C)
                out.append(chars[i])
                from = i + 1
            }
        }
        for i in from ..< n {
            let c = chars[i]
            // Intraword underscores never open emphasis.
            if c == 0x5F && i > 0 && i + 1 < n && isWordByte(chars[i - 1]) && isWordByte(chars[i + 1]) {
                out.append(c)
                continue
            }
            if special[Int(c)] { out.append(0x5C) }
            out.append(c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `MarkdownText.special` as a byte table.
    static let special: [Bool] = table("\\`*_[]<>|~&")
    /// The characters that end a host in `defanged` (besides a space).
    static let hostStops: [Bool] = table("/?#:\\\"'<>()[]|`*_~")
    static let schemes: [([UInt8], [UInt8])] = [
        (Array("https://".utf8), Array("hxxps://".utf8)), (Array("http://".utf8), Array("hxxp://".utf8)),
        (Array("ftp://".utf8), Array("fxp://".utf8)),
    ]
    static let www = Array("www.".utf8)
    static let bracketedDot = Array("[.]".utf8)

    static func table(_ characters: String) -> [Bool] {
        var t = [Bool](repeating: false, count: 256)
        for b in characters.utf8 { t[Int(b)] = true }
        return t
    }

    /// Whether `b[at...]` starts with `prefix` (lower-case ASCII), ignoring the case of A-Z.
    @inline(__always)
    static func hasPrefix(_ b: [UInt8], at: Int, lowercased prefix: [UInt8]) -> Bool {
        guard at + prefix.count <= b.count else { return false }
        for k in 0 ..< prefix.count {
            let c = b[at + k]
            if (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) != prefix[k] { return false }
        }
        return true
    }

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// `Character.isLetter || isNumber` for an ASCII byte.
    @inline(__always)
    static func isWordByte(_ c: UInt8) -> Bool { isDigit(c) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
}
