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

    /// `bytes` (protocol text, lines separated by LF) with every secret replaced.
    public static func masked(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var lineStart = 0
        while lineStart < bytes.count {
            var end = lineStart
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            let line = Array(bytes[lineStart ..< end])
            out += maskLine(line)
            if end < bytes.count { out.append(0x0A) }
            lineStart = end + 1
        }
        return out
    }

    static func lower(_ b: UInt8) -> UInt8 { (0x41 ... 0x5A).contains(b) ? b + 32 : b }

    static func hasPrefix(_ line: [UInt8], at i: Int, _ p: String) -> Bool {
        let pb = Array(p.utf8)
        guard i + pb.count <= line.count else { return false }
        for k in 0 ..< pb.count where lower(line[i + k]) != pb[k] { return false }
        return true
    }

    static func maskLine(_ line: [UInt8]) -> [UInt8] {
        var start = 0
        while start < line.count && (line[start] == 0x20 || line[start] == 0x09) { start += 1 }
        // IMAP: `tag LOGIN user password`.
        var tagEnd = start
        while tagEnd < line.count && line[tagEnd] != 0x20 { tagEnd += 1 }
        if hasPrefix(line, at: tagEnd, " login ") {
            let userStart = tagEnd + 7
            var userEnd = userStart
            while userEnd < line.count && line[userEnd] != 0x20 { userEnd += 1 }
            if userEnd < line.count { return Array(line[..<(userEnd + 1)]) + mask + (line.last == 0x0D ? [0x0D] : []) }
        }
        // POP3: `APOP user digest` (RFC 1939): the MD5 digest answers the server's challenge.
        if hasPrefix(line, at: start, "apop ") {
            var userEnd = start + 5
            while userEnd < line.count && line[userEnd] == 0x20 { userEnd += 1 }
            while userEnd < line.count && line[userEnd] != 0x20 { userEnd += 1 }
            if userEnd < line.count { return Array(line[..<(userEnd + 1)]) + mask + (line.last == 0x0D ? [0x0D] : []) }
        }
        for p in linePrefixes where hasPrefix(line, at: start, p) {
            var valueStart = start + p.utf8.count
            while valueStart < line.count && line[valueStart] == 0x20 { valueStart += 1 }
            // Keep the scheme word of an Authorization header (`Basic`, `Bearer`, …).
            if p.hasSuffix("authorization:") {
                var w = valueStart
                while w < line.count && line[w] != 0x20 { w += 1 }
                if w < line.count { valueStart = w + 1 }
            }
            return Array(line[..<min(valueStart, line.count)]) + mask + (line.last == 0x0D ? [0x0D] : [])
        }
        return maskFields(line)
    }

    /// Only the `password=`-style fields of a line masked (query strings, form bodies): for text
    /// that is not protocol lines, such as a file name saved from a URL.
    public static func maskedFields(_ text: String) -> String {
        String(decoding: maskFields(Array(text.utf8)), as: UTF8.self)
    }

    static func maskFields(_ line: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < line.count {
            let boundary = i == 0 || [0x26, 0x3F, 0x3B, 0x20, 0x22, 0x2C, 0x7B].contains(line[i - 1])
            if boundary, let field = fields.first(where: { hasPrefix(line, at: i, $0) }) {
                let n = field.utf8.count
                out += line[i ..< i + n]
                var j = i + n
                while j < line.count && ![0x26, 0x3B, 0x20, 0x0D, 0x22, 0x2C, 0x7D].contains(line[j]) { j += 1 }
                if j > i + n { out += mask }
                i = j
                continue
            }
            out.append(line[i]); i += 1
        }
        return out
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
