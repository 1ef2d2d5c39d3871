/// Reads one Internet message (RFC 5322 with MIME, RFC 2045/2046) line by line as it streams by and
/// hands out the decoded bytes of its attachments: the entity headers (unfolded, capped), multipart
/// boundaries (nested up to `depthKept`), and each leaf part's Content-Transfer-Encoding (base64,
/// quoted-printable, 7bit, 8bit, binary). A leaf is an attachment when it has a file name
/// (Content-Disposition `filename`, else Content-Type `name`; RFC 2231 and RFC 2047 encodings
/// decoded) or a Content-Disposition of `attachment`. State is bounded: the boundary stack, one
/// header field and a few values, and up to three pending base64 characters; no body is kept.
///
/// Decoded bytes follow what Python's `email` package gives for `get_payload(decode=True)`: the
/// line break before a boundary belongs to the boundary (RFC 2046 section 5.1.1), a base64 body
/// is its characters decoded (others skipped), a quoted-printable hard line break stays CRLF.
struct MIMEStreamParser {
    static let depthKept = 8
    static let fieldKept = 4096
    static let headerBytesKept = 65_536
    /// Characters kept of a file name and of a Content-Type.
    static let nameKept = 255

    /// What a line did to the message.
    enum Event: Equatable {
        /// An attachment starts (its name, Content-Type and transfer encoding).
        case start(name: String, contentType: String)
        /// Decoded bytes of the open attachment.
        case data([UInt8])
        /// The open attachment ended at a boundary or the message's end.
        case end
    }

    enum Encoding { case identity, base64, quotedPrintable }

    enum Mode {
        /// Reading an entity's header fields.
        case headers
        /// A leaf's body; `attachment` when its bytes are handed out.
        case leaf(attachment: Bool)
        /// Between a multipart's header and its first boundary, or after its closing one.
        case skip
    }

    var boundaries: [[UInt8]] = []
    var mode = Mode.headers
    var field: [UInt8] = []
    var headerBytes = 0
    var contentType: [UInt8] = [], disposition: [UInt8] = [], transferEncoding: [UInt8] = []
    var encoding = Encoding.identity
    /// A line break is owed before the next body bytes (7bit/8bit, quoted-printable hard breaks).
    var pendingBreak: [UInt8] = []
    var base64 = Base64Decoder()
    /// The last line handed in had no line end yet (an over-long line in pieces).
    var continued = false

    /// Feeds one line of the message, without its CRLF (`partial`: the line goes on in the next call).
    mutating func line(_ bytes: ArraySlice<UInt8>, partial: Bool, into events: inout [Event]) {
        let startsLine = !continued
        continued = partial
        if startsLine, !boundaries.isEmpty, bytes.starts(with: [0x2D, 0x2D]), let (depth, closing) = boundary(bytes) {
            endLeaf(into: &events)
            boundaries.removeSubrange((depth + 1)...)
            if closing {
                boundaries.removeLast()
                mode = .skip
            } else {
                startEntity()
            }
            return
        }
        switch mode {
        case .skip: return
        case .headers:
            header(bytes, startsLine: startsLine, partial: partial, into: &events)
        case .leaf(let attachment):
            guard attachment else { return }
            body(bytes, partial: partial, into: &events)
        }
    }

    /// The message ended (the SMTP/POP end line): an open attachment ends with it.
    mutating func finish(into events: inout [Event]) {
        endLeaf(into: &events)
        self = MIMEStreamParser()
    }

    /// Which open boundary `line` is (innermost first) and whether it closes its multipart.
    private func boundary(_ line: ArraySlice<UInt8>) -> (Int, Bool)? {
        var text = line.dropFirst(2)
        while let last = text.last, last == 0x20 || last == 0x09 { text = text.dropLast() }
        for depth in boundaries.indices.reversed() {
            let b = boundaries[depth]
            guard text.starts(with: b) else { continue }
            let rest = text.dropFirst(b.count)
            if rest.isEmpty { return (depth, false) }
            if rest.elementsEqual([0x2D, 0x2D]) { return (depth, true) }
        }
        return nil
    }

    private mutating func startEntity() {
        mode = .headers
        field = []; headerBytes = 0
        contentType = []; disposition = []; transferEncoding = []
    }

    private mutating func endLeaf(into events: inout [Event]) {
        if case .leaf(true) = mode {
            if encoding == .base64 { let tail = base64.finish(); if !tail.isEmpty { events.append(.data(tail)) } }
            events.append(.end)
        }
        mode = .skip
        pendingBreak = []
        base64 = Base64Decoder()
    }

    private mutating func header(_ bytes: ArraySlice<UInt8>, startsLine: Bool, partial: Bool, into events: inout [Event]) {
        headerBytes += bytes.count
        if startsLine && bytes.isEmpty && !partial {
            storeField()
            headersDone(into: &events)
            return
        }
        if startsLine, let first = bytes.first, first != 0x20 && first != 0x09 { storeField() }  // a new field
        if headerBytes <= Self.headerBytesKept && field.count < Self.fieldKept {
            field.append(contentsOf: bytes.prefix(Self.fieldKept - field.count))
        }
    }

    /// Keeps the field just read when it is one of the three that matter.
    private mutating func storeField() {
        defer { field = [] }
        guard let colon = field.firstIndex(of: 0x3A) else { return }
        let name = field[..<colon].map { $0 | 0x20 }.filter { $0 != 0x20 && $0 != 0x09 }
        let value = Array(Self.trimmed(field[(colon + 1)...]))
        switch String(decoding: name, as: UTF8.self) {
        case "content-type": contentType = value
        case "content-disposition": disposition = value
        case "content-transfer-encoding": transferEncoding = value
        default: break
        }
    }

    private mutating func headersDone(into events: inout [Event]) {
        let type = Self.parameters(contentType)
        let media = type.value.lowercased()
        if media.hasPrefix("multipart/") {
            if let b = type.parameter("boundary"), !b.isEmpty, boundaries.count < Self.depthKept {
                boundaries.append(Array(b.utf8.prefix(200)))
                mode = .skip
                return
            }
        }
        let d = Self.parameters(disposition)
        var name = d.parameter("filename") ?? type.parameter("name") ?? ""
        name = Self.safeFileName(EncodedWords.decode(name))
        let attachment = !name.isEmpty || d.value.lowercased() == "attachment"
        mode = .leaf(attachment: attachment)
        let cte = String(decoding: transferEncoding, as: UTF8.self).lowercased()
        encoding = cte == "base64" ? .base64 : cte == "quoted-printable" ? .quotedPrintable : .identity
        pendingBreak = []
        continued = false
        if attachment {
            events.append(.start(name: name, contentType: String(media.prefix(Self.nameKept))))
        }
    }

    private mutating func body(_ bytes: ArraySlice<UInt8>, partial: Bool, into events: inout [Event]) {
        switch encoding {
        case .base64:
            let out = base64.add(bytes)
            if !out.isEmpty { events.append(.data(out)) }
        case .identity:
            var out = pendingBreak
            out.append(contentsOf: bytes)
            pendingBreak = partial ? [] : [13, 10]
            if !out.isEmpty { events.append(.data(out)) }
        case .quotedPrintable:
            var out = pendingBreak
            pendingBreak = []
            var text = bytes
            if !partial { while let last = text.last, last == 0x20 || last == 0x09 || last == 13 { text = text.dropLast() } }
            var soft = false
            if !partial, text.last == 0x3D { soft = true; text = text.dropLast() }
            out.append(contentsOf: Self.quotedPrintable(text))
            if !partial && !soft { pendingBreak = [13, 10] }
            if !out.isEmpty { events.append(.data(out)) }
        }
    }

    // MARK: helpers

    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var b = bytes
        while let f = b.first, f == 0x20 || f == 0x09 { b = b.dropFirst() }
        while let l = b.last, l == 0x20 || l == 0x09 || l == 13 { b = b.dropLast() }
        return b
    }

    /// `=XX` escapes decoded; a malformed escape stays as it is.
    static func quotedPrintable(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == 0x3D, i + 2 < bytes.endIndex, let h = hexValue(bytes[i + 1]), let l = hexValue(bytes[i + 2]) {
                out.append(h << 4 | l); i += 3
            } else {
                out.append(b); i += 1
            }
        }
        return out
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30 ... 0x39: return b - 0x30
        case 0x41 ... 0x46: return b - 0x41 + 10
        case 0x61 ... 0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// A header value's first token and its `; name=value` parameters (RFC 2045 section 5.1),
    /// with RFC 2231 continuations (`name*0`, `name*1*`) joined and `name*=charset'lang'%XX` decoded.
    struct Parameters {
        var value = ""
        var plain: [String: String] = [:]
        /// RFC 2231 pieces: name -> (section -> (text, percent-encoded)).
        var sections: [String: [Int: (String, Bool)]] = [:]

        func parameter(_ name: String) -> String? {
            if let pieces = sections[name], !pieces.isEmpty {
                var bytes: [UInt8] = []
                var charset = ""
                for key in pieces.keys.sorted() {
                    guard let (text, encoded) = pieces[key] else { continue }
                    var t = Substring(text)
                    if key == 0 && encoded {
                        // charset'language'value
                        let parts = t.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                        if parts.count == 3 { charset = parts[0].lowercased(); t = parts[2] }
                    }
                    bytes += encoded ? HTTPTransactionPass.percentDecoded(Array(t.utf8)) : Array(t.utf8)
                }
                return EncodedWords.text(bytes, charset: charset)
            }
            return plain[name]
        }
    }

    static func parameters(_ value: [UInt8]) -> Parameters {
        var p = Parameters()
        let text = String(decoding: value, as: UTF8.self)
        var items: [String] = []
        var current = "", quoted = false, escaped = false
        for c in text {
            if escaped { current.append(c); escaped = false; continue }
            if quoted && c == "\\" { escaped = true; continue }
            if c == "\"" { quoted.toggle(); continue }
            if c == ";" && !quoted { items.append(current); current = ""; continue }
            current.append(c)
        }
        items.append(current)
        p.value = items[0].trimmingSpaces
        for item in items.dropFirst() {
            guard let eq = item.firstIndex(of: "=") else { continue }
            var name = item[..<eq].trimmingSpaces.lowercased()
            let v = String(item[item.index(after: eq)...]).trimmingSpaces
            guard !name.isEmpty, name.count <= 64 else { continue }
            if let star = name.firstIndex(of: "*") {
                let rest = name[name.index(after: star)...]
                let encoded = rest.hasSuffix("*") || rest.isEmpty
                let number = Int(rest.hasSuffix("*") ? rest.dropLast() : rest) ?? 0
                name = String(name[..<star])
                if number >= 0 && number < 64 && (p.sections[name]?.count ?? 0) < 64 {
                    p.sections[name, default: [:]][number] = (v, encoded)
                }
            } else if p.plain[name] == nil {
                p.plain[name] = v
            }
        }
        return p
    }

    /// The last path component of a decoded name, control characters replaced by `_`, at most `nameKept` characters.
    static func safeFileName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(
            String.UnicodeScalarView(
                last.unicodeScalars.map { s in s.value < 0x20 || s.value == 0x7F || (0x80 ..< 0xA0).contains(s.value) ? "_" : s }))
        return String(cleaned.trimmingSpaces.prefix(nameKept))
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}

/// A streaming base64 decoder (RFC 2045 section 6.8): characters outside the alphabet are skipped,
/// decoding stops at the first `=`.
struct Base64Decoder {
    var quantum: UInt32 = 0
    var count = 0
    var ended = false

    static func value(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x41 ... 0x5A: return UInt32(c - 0x41)
        case 0x61 ... 0x7A: return UInt32(c - 0x61 + 26)
        case 0x30 ... 0x39: return UInt32(c - 0x30 + 52)
        case 0x2B: return 62
        case 0x2F: return 63
        default: return nil
        }
    }

    mutating func add(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3 / 4 + 3)
        for c in bytes {
            if ended { break }
            if c == 0x3D { ended = true; break }
            guard let v = Self.value(c) else { continue }
            quantum = quantum << 6 | v
            count += 1
            if count == 4 {
                out.append(UInt8(truncatingIfNeeded: quantum >> 16)); out.append(UInt8(truncatingIfNeeded: quantum >> 8))
                out.append(UInt8(truncatingIfNeeded: quantum))
                quantum = 0; count = 0
            }
        }
        if ended { return out + finish() }
        return out
    }

    /// The bytes a partial last quantum holds (2 or 3 characters: 1 or 2 bytes).
    mutating func finish() -> [UInt8] {
        defer { quantum = 0; count = 0 }
        switch count {
        case 2: return [UInt8(truncatingIfNeeded: quantum >> 4)]
        case 3: return [UInt8(truncatingIfNeeded: quantum >> 10), UInt8(truncatingIfNeeded: quantum >> 2)]
        default: return []
        }
    }
}

/// RFC 2047 encoded words (`=?charset?B?...?=`, `=?charset?Q?...?=`) in a header value, decoded for
/// UTF-8, US-ASCII and ISO-8859-1/Windows-1252 (as Latin-1); other charsets are read as UTF-8, and
/// invalid bytes become U+FFFD.
enum EncodedWords {
    static func decode(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        var out = ""
        var rest = Substring(value)
        var lastWasWord = false
        while let start = rest.firstRange(of: "=?") {
            let before = rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            let parts = after.split(separator: "?", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, let end = parts[2].firstRange(of: "?=") else { out += rest; return out }
            let charset = parts[0].split(separator: "*").first.map { $0.lowercased() } ?? ""
            let kind = parts[1].uppercased()
            let payload = parts[2][..<end.lowerBound]
            var bytes: [UInt8]
            if kind == "B" {
                var d = Base64Decoder()
                bytes = d.add(ArraySlice(payload.utf8)); bytes += d.finish()
            } else if kind == "Q" {
                bytes = MIMEStreamParser.quotedPrintable(ArraySlice(payload.utf8.map { $0 == 0x5F ? 0x20 : $0 }))
            } else {
                out += rest; return out
            }
            // White space between two encoded words is dropped (RFC 2047 section 6.2).
            if !(lastWasWord && before.allSatisfy({ $0 == " " || $0 == "\t" })) { out += before }
            out += text(bytes, charset: charset)
            lastWasWord = true
            rest = parts[2][end.upperBound...]
        }
        return out + rest
    }

    /// Bytes in `charset` as text.
    static func text(_ bytes: [UInt8], charset: String) -> String {
        switch charset {
        case "iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "iso-8859-15":
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        default:
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
