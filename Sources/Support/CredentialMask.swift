/// The one credential masker: every output and log line that can carry capture text goes through
/// it, so a report names the user, never the password. Masked values become `********`:
/// the values of `Authorization`, `Proxy-Authorization`, `Cookie`, `Set-Cookie`, `X-API-Key` and
/// `X-Auth-Token` headers (HTTP Basic and others keep their scheme word), FTP/POP `PASS`, POP
/// `APOP user DIGEST`, SMTP/POP/IMAP `AUTH PLAIN|LOGIN|CRAM-MD5` with an inline response, IMAP
/// `tag LOGIN user PASSWORD`, and `password=`/`token=`-style fields in query strings and form
/// bodies. Telnet keystrokes and SMTP `AUTH` responses that follow a prompt are masked by the
/// caller that knows the prompt (`isPasswordPrompt`).
public enum CredentialMask {
    /// What a secret becomes.
    public static let maskText = "********"
    static let mask = Array(maskText.utf8)
    /// Line prefixes (case-insensitive) after which the rest of the line is a secret.
    static let linePrefixes = [
        "authorization:", "proxy-authorization:", "cookie:", "set-cookie:", "pass ", "auth plain ",
        "auth login ", "auth cram-md5 ", "x-api-key:", "x-auth-token:",
    ]
    /// Form and query fields whose value is a secret (up to `&`, `;`, space or line end).
    static let fields = ["password=", "passwd=", "pwd=", "pass=", "token=", "access_token=", "api_key=", "apikey=", "secret="]

    /// `bytes` (protocol text, lines separated by LF) with every secret replaced by `maskText`.
    public static func masked(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var kept = 0
        for secret in secretRanges(in: bytes, from: 0, to: bytes.count) {
            out += bytes[kept ..< secret.lowerBound]
            out += mask
            kept = secret.upperBound
        }
        out += bytes[kept...]
        return out
    }

    /// Overwrites every secret in `bytes[range]` with `*`, one per byte, so offsets stay valid: for
    /// a frame's bytes shown as a hex dump and dissected again (the packet pane).
    /// - Parameters:
    ///   - bytes: the frame's bytes, changed in place.
    ///   - range: the payload (protocol text); clamped to `bytes`.
    public static func maskKeepingLength(_ bytes: inout [UInt8], in range: Range<Int>) {
        let lo = max(0, min(range.lowerBound, bytes.count)), hi = max(lo, min(range.upperBound, bytes.count))
        for secret in secretRanges(in: bytes, from: lo, to: hi) {
            for i in secret { bytes[i] = 0x2A }
        }
    }

    /// The secrets of `bytes[lo..<hi]`, line by line (LF-separated), in order and disjoint. An
    /// empty range marks a secret whose value is missing (`PASS` alone): `masked` still shows the mask.
    static func secretRanges(in bytes: [UInt8], from lo: Int, to hi: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var lineStart = lo
        while lineStart < hi {
            var end = lineStart
            while end < hi && bytes[end] != 0x0A { end += 1 }
            lineSecrets(bytes, lineStart, end, into: &ranges)
            lineStart = end + 1
        }
        return ranges
    }

    static func lower(_ b: UInt8) -> UInt8 { (0x41 ... 0x5A).contains(b) ? b + 32 : b }

    static func hasPrefix(_ line: [UInt8], at i: Int, _ p: String, end: Int? = nil) -> Bool {
        let pb = Array(p.utf8)
        guard i + pb.count <= (end ?? line.count) else { return false }
        for k in 0 ..< pb.count where lower(line[i + k]) != pb[k] { return false }
        return true
    }

    /// The secrets of the line `line[lo..<hi]` (LF excluded) appended to `ranges`.
    static func lineSecrets(_ line: [UInt8], _ lo: Int, _ hi: Int, into ranges: inout [Range<Int>]) {
        // A line's trailing CR stays visible after the mask.
        let valueEnd = hi > lo && line[hi - 1] == 0x0D ? hi - 1 : hi
        var start = lo
        while start < hi && (line[start] == 0x20 || line[start] == 0x09) { start += 1 }
        // IMAP: `tag LOGIN user password`.
        var tagEnd = start
        while tagEnd < hi && line[tagEnd] != 0x20 { tagEnd += 1 }
        if hasPrefix(line, at: tagEnd, " login ", end: hi) {
            let userStart = tagEnd + 7
            var userEnd = userStart
            while userEnd < hi && line[userEnd] != 0x20 { userEnd += 1 }
            if userEnd < hi { ranges.append((userEnd + 1) ..< max(userEnd + 1, valueEnd)); return }
        }
        // POP3: `APOP user digest` (RFC 1939): the MD5 digest answers the server's challenge.
        if hasPrefix(line, at: start, "apop ", end: hi) {
            var userEnd = start + 5
            while userEnd < hi && line[userEnd] == 0x20 { userEnd += 1 }
            while userEnd < hi && line[userEnd] != 0x20 { userEnd += 1 }
            if userEnd < hi { ranges.append((userEnd + 1) ..< max(userEnd + 1, valueEnd)); return }
        }
        for p in linePrefixes where hasPrefix(line, at: start, p, end: hi) {
            var valueStart = start + p.utf8.count
            while valueStart < hi && line[valueStart] == 0x20 { valueStart += 1 }
            // Keep the scheme word of an Authorization header (`Basic`, `Bearer`, …).
            if p.hasSuffix("authorization:") {
                var w = valueStart
                while w < hi && line[w] != 0x20 { w += 1 }
                if w < hi { valueStart = w + 1 }
            }
            let from = min(valueStart, hi)
            ranges.append(from ..< max(from, valueEnd))
            return
        }
        fieldSecrets(line, lo, hi, into: &ranges)
    }

    /// Only the `password=`-style fields of a line masked (query strings, form bodies): for text
    /// that is not protocol lines, such as a file name saved from a URL.
    public static func maskedFields(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var ranges: [Range<Int>] = []
        fieldSecrets(bytes, 0, bytes.count, into: &ranges)
        var out: [UInt8] = []
        var kept = 0
        for secret in ranges {
            out += bytes[kept ..< secret.lowerBound] + mask
            kept = secret.upperBound
        }
        out += bytes[kept...]
        return String(decoding: out, as: UTF8.self)
    }

    /// Bytes before a field name: start of the text, `& ? ; space tab " , { [` (a query string, form
    /// body, header parameter or JSON object), or a URL-encoded `&`/`?` (`%26`, `%3F`).
    static func isFieldBoundary(_ line: [UInt8], _ lo: Int, _ i: Int) -> Bool {
        if i == lo { return true }
        if [0x26, 0x3F, 0x3B, 0x20, 0x09, 0x22, 0x2C, 0x7B].contains(line[i - 1]) { return true }
        return i - lo >= 3 && line[i - 3] == 0x25 && (hasPrefix(line, at: i - 2, "26") || hasPrefix(line, at: i - 2, "3f"))
    }

    /// The values of secret fields in `line[lo..<hi]`: `name=value` pairs of query strings and
    /// form bodies (also URL-encoded inside another value: `%3D`, `%26`) and JSON `"name": "value"`
    /// members, whose name (URL-decoded, any case) `isSecretFieldName` accepts.
    static func fieldSecrets(_ line: [UInt8], _ lo: Int, _ hi: Int, into ranges: inout [Range<Int>]) {
        var i = lo
        while i < hi {
            guard isFieldBoundary(line, lo, i) else { i += 1; continue }
            // The name: up to `=`, `%3D` or a delimiter, at most 64 bytes.
            var j = i
            while j < hi && j - i <= 64 && !fieldNameEnds.contains(line[j]) && !isEncoded(line, j, hi, "3d")
                && !isEncoded(line, j, hi, "26")
            { j += 1 }
            guard j > i, j < hi else { i = max(j, i + 1); continue }
            var valueStart = -1, encoded = false, json = false
            if line[j] == 0x3D {
                valueStart = j + 1
            } else if isEncoded(line, j, hi, "3d") {
                valueStart = j + 3; encoded = true
            } else if line[j] == 0x22, i > lo, line[i - 1] == 0x22 {
                // JSON: `"name" : "value"`.
                var k = j + 1
                while k < hi && line[k] == 0x20 { k += 1 }
                if k < hi && line[k] == 0x3A {
                    k += 1
                    while k < hi && line[k] == 0x20 { k += 1 }
                    if k < hi && line[k] == 0x22 { valueStart = k + 1; json = true }
                }
            }
            guard valueStart >= 0, isSecretFieldName(line, i, j) else { i = j; continue }
            var end = valueStart
            if json {
                while end < hi && line[end] != 0x22 { end += line[end] == 0x5C ? 2 : 1 }
                end = min(end, hi)
            } else {
                while end < hi && !fieldValueEnds.contains(line[end]) && !(encoded && isEncoded(line, end, hi, "26")) { end += 1 }
            }
            if end > valueStart { ranges.append(valueStart ..< end) }
            i = max(end, valueStart)
        }
    }

    /// Bytes that end a field name: `= & ; space tab " , { } ? [CR]` and `( ) < >`.
    static let fieldNameEnds: Set<UInt8> = [0x3D, 0x26, 0x3B, 0x20, 0x09, 0x22, 0x2C, 0x7B, 0x7D, 0x3F, 0x0D, 0x28, 0x29, 0x3C, 0x3E]
    /// Bytes that end a field value: `& ; space " , }` and CR.
    static let fieldValueEnds: Set<UInt8> = [0x26, 0x3B, 0x20, 0x0D, 0x22, 0x2C, 0x7D]

    /// True when `line[i...]` starts with `%` and the two hex digits `hex` (lower case).
    static func isEncoded(_ line: [UInt8], _ i: Int, _ hi: Int, _ hex: String) -> Bool {
        i + 3 <= hi && line[i] == 0x25 && hasPrefix(line, at: i + 1, hex, end: hi)
    }

    /// True when the field name `line[lo..<hi]`, URL-decoded and lower-cased, trailing digits and
    /// brackets dropped, names a secret: it is one of `fields`' names, contains `password`,
    /// `passwd`, `passwort`, `passphrase`, `secret` or `token`, or ends in `pass`, `pwd` or `_pw`
    /// (`Pass`, `pwd2`, `login_password`, `user[password]`, `p%61ssword`, `j_password`).
    static func isSecretFieldName(_ line: [UInt8], _ lo: Int, _ hi: Int) -> Bool {
        var name: [UInt8] = []
        var i = lo
        while i < hi {
            if line[i] == 0x25, i + 2 < hi, let h = hexValue(line[i + 1]), let l = hexValue(line[i + 2]) {
                name.append(lower(h << 4 | l)); i += 3
            } else {
                name.append(lower(line[i])); i += 1
            }
        }
        while let last = name.last, (0x30 ... 0x39).contains(last) || last == 0x5D || last == 0x5B { name.removeLast() }
        let text = String(decoding: name, as: UTF8.self)
        if fields.contains(text + "=") { return true }
        for word in ["password", "passwd", "passwort", "passphrase", "secret", "token"] where text.contains(word) { return true }
        return text.hasSuffix("pass") || text.hasSuffix("pwd") || text.hasSuffix("_pw")
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30 ... 0x39: b - 0x30
        case 0x41 ... 0x46: b - 0x37
        case 0x61 ... 0x66: b - 0x57
        default: nil
        }
    }

    /// `text` with every secret replaced (the same rules on its UTF-8 bytes).
    public static func masked(_ text: String) -> String {
        String(decoding: masked(Array(text.utf8)), as: UTF8.self)
    }

    /// True when `text` (what a server sent last) ends with a prompt whose answer is a secret: a
    /// telnet/rlogin or FTP banner's `Password:`, `Passcode:` or `PIN:`, and an SMTP `AUTH` challenge
    /// (`334 UGFzc3dvcmQ6`, base64 for "Password:", or the empty `334` of `AUTH PLAIN`).
    public static func isPasswordPrompt(_ text: String) -> Bool {
        var t = Substring(text.lowercased())
        // "\r\n" is one Character.
        while let last = t.last, last == " " || last == "\n" || last == "\r" || last == "\r\n" || last == "." { t = t.dropLast() }
        if t.hasSuffix("password:") || t.hasSuffix("passcode:") || t.hasSuffix("pin:") { return true }
        let lastLine = t.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).last.map { $0.trimmingCharacters() } ?? ""
        return lastLine == "334" || lastLine == "334 ugfzc3dvcmq6" || lastLine == "334 cgfzc3dvcmq6"
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\r" { s = s.dropLast() }
        return s
    }
}
