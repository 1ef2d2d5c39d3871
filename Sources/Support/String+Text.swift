extension String {
    /// Every byte but RFC 3986's unreserved characters (`A-Z a-z 0-9 - _ . ~`) as `%XX`: safe as one
    /// URL path segment or query value, and as a Markdown link destination.
    public var percentEncoded: String {
        var out = ""
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"), UInt8(ascii: "0") ... UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 15, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// Every occurrence of `target` replaced, found by comparing UTF-8 bytes (reports are hundreds of
    /// kilobytes; a search by Characters is ten times slower).
    public func replacingOccurrences(of target: String, with replacement: String) -> String {
        let needle = Array(target.utf8), bytes = Array(utf8)
        guard let first = needle.first, bytes.count >= needle.count else { return self }
        var out: [UInt8] = []
        var i = 0, copied = 0
        while i + needle.count <= bytes.count {
            if bytes[i] == first && bytes[i ..< i + needle.count].elementsEqual(needle) {
                if out.isEmpty { out.reserveCapacity(bytes.count) }
                out.append(contentsOf: bytes[copied ..< i])
                out.append(contentsOf: replacement.utf8)
                i += needle.count; copied = i
            } else {
                i += 1
            }
        }
        if copied == 0 { return self }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// The text without trailing spaces.
    public func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

extension String {
    /// The text with every control character written visibly, for log lines: a file name with a
    /// newline cannot split a line, and ESC, OSC or BEL never reach a terminal raw. `\n`, `\r`,
    /// `\t` keep their usual escapes; other C0 controls, DEL, the C1 controls (U+0080–U+009F,
    /// which some terminals obey) and the line and paragraph separators become `\u00XX`/`\u2028`,
    /// which is also a valid escape inside a JSON string, so a JSON log line stays JSON.
    public var escapingControlCharacters: String {
        if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return self }
        var out = String.UnicodeScalarView()
        let hex = Array("0123456789abcdef".unicodeScalars)
        for scalar in unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x0A: out.append(contentsOf: "\\n".unicodeScalars)
            case 0x0D: out.append(contentsOf: "\\r".unicodeScalars)
            case 0x09: out.append(contentsOf: "\\t".unicodeScalars)
            case 0x00 ..< 0x20, 0x7F ... 0x9F, 0x2028, 0x2029:
                out.append(contentsOf: "\\u".unicodeScalars)
                for shift in stride(from: 12, through: 0, by: -4) { out.append(hex[Int(v >> UInt32(shift)) & 15]) }
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
