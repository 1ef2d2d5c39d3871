/// The web attack classes a request can carry, read from its target, query string and form body.
public enum WebAttackClass: String, CaseIterable, Sendable, Hashable {
    case sqlInjection = "sql-injection"
    case pathTraversal = "path-traversal"
    case commandInjection = "command-injection"
    case crossSiteScripting = "xss"
}

/// The rules that recognise attack payloads, attack tools and login forms in HTTP requests.
///
/// Values are read as a web server reads them: the query string and a form body are split on `&`
/// first, then each name and value is decoded once (`%XX` and `+` as a space) and lower-cased; the
/// path is decoded once without `+`. The rules look for payload structure (a quote followed by a
/// tautology or a comment, `UNION SELECT`, SQL functions attackers call, two `../` in a row or a
/// system file, a shell separator followed by a command, a script tag or event handler), never for
/// single words, so searches with quotes or the word "select" stay quiet.
public enum WebAttackPatterns {
    /// Attack and scanning tools by a fragment of their User-Agent (lower case) and their name.
    static let tools: [(String, String)] = [
        ("sqlmap", "sqlmap"), ("nikto", "Nikto"), ("nmap scripting engine", "Nmap Scripting Engine"), ("hydra", "Hydra"),
        ("gobuster", "gobuster"), ("dirbuster", "DirBuster"), ("wfuzz", "Wfuzz"), ("masscan", "masscan"), ("zgrab", "zgrab"),
        ("nuclei", "Nuclei"), ("ffuf", "ffuf"), ("feroxbuster", "feroxbuster"), ("wpscan", "WPScan"), ("acunetix", "Acunetix"),
        ("netsparker", "Netsparker"), ("openvas", "OpenVAS"), ("nessus", "Nessus"), ("w3af", "w3af"), ("zmeu", "ZmEu"),
        ("commix", "commix"), ("arachni", "Arachni"), ("skipfish", "skipfish"), ("jaeles", "Jaeles"), ("xsstrike", "XSStrike"),
    ]
    /// Generic HTTP clients (scripts, command-line tools): unremarkable alone, a scanner when they
    /// walk many paths of one server.
    static let genericClients = ["curl/", "python-requests/", "python-urllib/", "go-http-client/", "wget/", "libwww-perl/", "python/"]

    /// `tools` and `genericClients` as bytes: every request's User-Agent is matched on its bytes
    /// (String searching per request was a tenth of the whole run on a busy capture).
    static let toolBytes: [([UInt8], String)] = tools.map { (Array($0.0.utf8), $0.1) }
    static let genericClientBytes: [[UInt8]] = genericClients.map { Array($0.utf8) }

    /// The attack or scanning tool a User-Agent names (ASCII case-insensitive), nil for any other.
    public static func tool(userAgent: String) -> String? {
        let ua = asciiLowercased(userAgent)
        return toolBytes.first { contains(ua, $0.0) }?.1
    }

    /// The User-Agent is a generic scripting client (curl, python-requests, Go-http-client, …).
    public static func isGenericClient(userAgent: String) -> Bool {
        let ua = asciiLowercased(userAgent)
        return genericClientBytes.contains { ua.starts(with: $0) }
    }

    /// The UTF-8 bytes of `text` with A–Z lower-cased.
    static func asciiLowercased(_ text: String) -> [UInt8] {
        text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }

    /// `needle` occurs in `haystack` (both non-empty byte strings; naive search, short needles).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    // MARK: decoding

    /// The value of one hex digit; nil for any other byte.
    static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30 ... 0x39: b - 0x30
        case 0x41 ... 0x46: b - 0x41 + 10
        case 0x61 ... 0x66: b - 0x61 + 10
        default: nil
        }
    }

    /// `bytes` decoded once (`%XX`, and `+` as a space when `plus`) and lower-cased (ASCII) unless `keepCase`.
    static func decoded<C: Collection>(_ bytes: C, plus: Bool, keepCase: Bool = false) -> [UInt8] where C.Element == UInt8 {
        let b = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            var c = b[i]
            if c == 0x25, i + 2 < b.count, let h = hex(b[i + 1]), let l = hex(b[i + 2]) {
                c = h << 4 | l; i += 3
            } else {
                if plus && c == 0x2B { c = 0x20 }
                i += 1
            }
            out.append(!keepCase && (0x41 ... 0x5A).contains(c) ? c + 32 : c)
        }
        return out
    }

    /// Name/value pairs of a query string or form body, each decoded once and lower-cased.
    /// Values keep their case when `keepCase` (names are always lower case).
    static func parameters<C: Collection>(_ bytes: C, keepCase: Bool = false) -> [(name: [UInt8], value: [UInt8])]
    where C.Element == UInt8 {
        Array(bytes).split(separator: 0x26, omittingEmptySubsequences: true).map { field in
            if let eq = field.firstIndex(of: 0x3D) {
                return (decoded(field[field.startIndex ..< eq], plus: true), decoded(field[(eq + 1)...], plus: true, keepCase: keepCase))
            }
            return (decoded(field, plus: true), [])
        }
    }

    /// The attack classes of a request: its target (path and query) and a form body (nil: none).
    public static func classes(target: String, body: [UInt8]?) -> Set<WebAttackClass> {
        let raw = Array(target.utf8)
        var found = Set<WebAttackClass>()
        let question = raw.firstIndex(of: 0x3F)
        let path = decoded(raw[..<(question ?? raw.count)], plus: false)
        if isTraversal(path) { found.insert(.pathTraversal) }
        if isScript(path) { found.insert(.crossSiteScripting) }
        if isCommand(path) { found.insert(.commandInjection) }
        var values: [[UInt8]] = []
        if let question { values += parameters(raw[(question + 1)...]).flatMap { [$0.name, $0.value] } }
        if let body { values += parameters(body).flatMap { [$0.name, $0.value] } }
        for v in values where !v.isEmpty {
            if !found.contains(.sqlInjection) && isSQL(v) { found.insert(.sqlInjection) }
            if !found.contains(.pathTraversal) && isTraversal(v) { found.insert(.pathTraversal) }
            if !found.contains(.commandInjection) && isCommand(v) { found.insert(.commandInjection) }
            if !found.contains(.crossSiteScripting) && isScript(v) { found.insert(.crossSiteScripting) }
        }
        return found
    }

    // MARK: byte helpers

    /// A letter (lower case), digit or `_`.
    static func isWordByte(_ b: UInt8) -> Bool { (0x61 ... 0x7A).contains(b) || (0x30 ... 0x39).contains(b) || b == 0x5F }
    /// ASCII white space.
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C }

    /// The first index at or after `from` where `needle` starts in `s`.
    static func find(_ s: [UInt8], _ needle: String, from: Int = 0) -> Int? {
        // The rules' needles are literals: their UTF-8 is read in place (no array per search).
        needle.utf8.withContiguousStorageIfAvailable { find(s, $0, from: from) } ?? find(s, Array(needle.utf8), from: from)
    }

    /// `find` for a needle of bytes.
    static func find<N: Collection>(_ s: [UInt8], _ n: N, from: Int) -> Int? where N.Element == UInt8, N.Index == Int {
        guard let first = n.first, s.count >= n.count, from <= s.count - n.count else { return nil }
        var i = from
        while i <= s.count - n.count {
            if s[i] == first && s[i ..< i + n.count].elementsEqual(n) { return i }
            i += 1
        }
        return nil
    }

    /// Any of `needles` occurs in `s`.
    static func contains(_ s: [UInt8], _ needles: [String]) -> Bool { needles.contains { find(s, $0) != nil } }

    /// Every start of `word` in `s` with no word character before it or after it.
    static func wordStarts(_ s: [UInt8], _ word: String) -> [Int] {
        var out: [Int] = []
        var from = 0
        let count = word.utf8.count
        while let i = find(s, word, from: from) {
            let before = i == 0 || !isWordByte(s[i - 1]), after = i + count >= s.count || !isWordByte(s[i + count])
            if before && after { out.append(i) }
            from = i + 1
        }
        return out
    }

    /// SQL comments `/* … */` turned into a space and runs of white space into one space.
    static func sqlNormalized(_ v: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < v.count {
            if v[i] == 0x2F, i + 1 < v.count, v[i + 1] == 0x2A {
                var j = i + 2
                while j + 1 < v.count && !(v[j] == 0x2A && v[j + 1] == 0x2F) { j += 1 }
                i = min(v.count, j + 2)
                if out.last != 0x20 { out.append(0x20) }
                continue
            }
            if isSpace(v[i]) {
                if out.last != 0x20 { out.append(0x20) }
            } else {
                out.append(v[i])
            }
            i += 1
        }
        return out
    }

    // MARK: the classes

    /// SQL functions and objects only an injection asks a web parameter for.
    static let sqlCalls = [
        "sleep(", "benchmark(", "pg_sleep(", "waitfor delay", "information_schema", "@@version", "load_file(", "into outfile",
        "into dumpfile", "extractvalue(", "updatexml(", "utl_inaddr", "dbms_pipe", "xp_cmdshell", "sysobjects", "concat(0x",
        "concat_ws(0x", "group_concat(", "sqlite_master", "pg_catalog", "randomblob(",
    ]

    /// SQL injection: `UNION SELECT`, a numeric or quoted tautology after OR/AND, a quote closed by a
    /// comment, stacked queries, or a SQL function an injection calls.
    static func isSQL(_ value: [UInt8]) -> Bool {
        let v = sqlNormalized(value)
        if contains(v, sqlCalls) { return true }
        for u in wordStarts(v, "union") {
            var j = u + 5
            while j < v.count && (v[j] == 0x20 || v[j] == 0x28) { j += 1 }
            for w in ["all ", "distinct "] where find(v, w, from: j) == j { j += w.utf8.count }
            if find(v, "select", from: j) == j, isSelectList(v, from: j + 6) { return true }
        }
        for op in ["or", "and", "xor", "having"] {
            for start in wordStarts(v, op) where tautology(v, from: start + op.utf8.count) { return true }
        }
        // A quote (and closing parentheses) ended by a comment: `1')-- -`, `admin'#`.
        for (i, b) in v.enumerated() where b == 0x27 || b == 0x22 {
            var j = i + 1
            while j < v.count && (v[j] == 0x29 || v[j] == 0x20) { j += 1 }
            if j < v.count && (find(v, "--", from: j) == j || v[j] == 0x23 || find(v, "/*", from: j) == j) { return true }
            if j < v.count && v[j] == 0x3B {
                var k = j + 1
                while k < v.count && v[k] == 0x20 { k += 1 }
                if ["drop ", "select ", "insert ", "update ", "delete ", "exec", "declare ", "shutdown", "waitfor "].contains(where: {
                    find(v, $0, from: k) == k
                }) {
                    return true
                }
            }
        }
        // `ORDER BY 7-- -`: column counting.
        for o in wordStarts(v, "order") {
            guard let by = find(v, " by ", from: o + 5), by == o + 5 else { continue }
            var j = by + 4
            var digits = 0
            while j < v.count && (0x30 ... 0x39).contains(v[j]) { j += 1; digits += 1 }
            while j < v.count && v[j] == 0x20 { j += 1 }
            if digits > 0 && j < v.count && (find(v, "--", from: j) == j || v[j] == 0x23) { return true }
        }
        return false
    }

    /// What follows `SELECT` in an injection: NULL, a number, a quote, `*`, a function, or a list
    /// (a comma, or FROM, in the next words): "union select committee report" is no query.
    static func isSelectList(_ v: [UInt8], from i: Int) -> Bool {
        var j = i
        while j < v.count && (v[j] == 0x20 || v[j] == 0x28) { j += 1 }
        guard j < v.count else { return false }
        if (0x30 ... 0x39).contains(v[j]) || [0x27, 0x22, 0x2A, 0x40, 0x2D].contains(v[j]) { return true }
        for w in ["null", "concat", "char", "group_concat", "version", "user(", "database(", "schema", "table_name", "column_name"]
        where find(v, w, from: j) == j {
            return true
        }
        let rest = Array(v[j ..< min(v.count, j + 80)])
        return rest.contains(0x2C) || find(rest, " from ") != nil
    }

    /// After OR/AND at `i`: `1=1`, `1234=1234`, `'a'='a`, `"x"="x"`, `2>1` (both sides numbers or both quoted).
    static func tautology(_ v: [UInt8], from i: Int) -> Bool {
        var j = i
        while j < v.count && (v[j] == 0x20 || v[j] == 0x28) { j += 1 }
        guard let (left, afterLeft) = operand(v, j) else { return false }
        j = afterLeft
        while j < v.count && v[j] == 0x20 { j += 1 }
        guard j < v.count, v[j] == 0x3D || v[j] == 0x3C || v[j] == 0x3E else { return false }
        j += 1
        while j < v.count && (v[j] == 0x20 || v[j] == 0x3D) { j += 1 }
        guard let (right, _) = operand(v, j) else { return false }
        return left == right
    }

    /// A number or a quoted string at `i`, as a kind (0 number, 1 quoted) and where it ends. A quoted
    /// operand may lack its closing quote (`' or 'a'='a` leaves the last quote to the query).
    static func operand(_ v: [UInt8], _ i: Int) -> (Int, Int)? {
        guard i < v.count else { return nil }
        if (0x30 ... 0x39).contains(v[i]) {
            var j = i
            while j < v.count && (0x30 ... 0x39).contains(v[j]) { j += 1 }
            if j < v.count && isWordByte(v[j]) { return nil }
            return (0, j)
        }
        if v[i] == 0x27 || v[i] == 0x22 {
            var j = i + 1
            while j < v.count && v[j] != v[i] && j - i < 40 { j += 1 }
            return (1, min(v.count, j + 1))
        }
        return nil
    }

    /// System files a traversal reaches for.
    static let systemFiles = [
        "/etc/passwd", "/etc/shadow", "/etc/group", "/etc/issue", "/proc/self/", "win.ini", "boot.ini", "system32",
        "c:\\windows", "c:/windows", "web-inf/web.xml", "/.htpasswd", "/.env", "file:///",
    ]
    /// Encoded dot-dot-slash that survives one decoding (double encoding, overlong UTF-8).
    static let encodedTraversal = [
        "%2e%2e/", "%2e%2e%2f", "%2e%2e\\", "%2e%2e%5c", "..%2f", "..%5c", "..%c0%af", "..%c1%9c", "%c0%ae%c0%ae",
    ]

    /// Path traversal: `../` (or `..\`) twice, encoded dot-dot-slash, or a system file; overlong
    /// UTF-8 dots and slashes (`..%c0%af`, `%c0%ae%c0%ae/`, which old IIS and Tomcat decoded) read as
    /// the characters they spell.
    static func isTraversal(_ v: [UInt8]) -> Bool {
        if let plain = overlongDecoded(v) { return isTraversal(plain) }
        var dots = 0, from = 0
        while let i = find(v, "..", from: from) {
            if i + 2 < v.count && (v[i + 2] == 0x2F || v[i + 2] == 0x5C) { dots += 1 }
            if dots >= 2 { return true }
            from = i + 2
        }
        return contains(v, systemFiles) || contains(v, encodedTraversal)
    }

    /// `v` with overlong UTF-8 encodings of `.`, `/` and `\` (C0 AE, C0 AF, C1 9C, E0 80 AE, E0 80 AF)
    /// replaced by the character; nil when it has none.
    static func overlongDecoded(_ v: [UInt8]) -> [UInt8]? {
        guard v.contains(where: { $0 == 0xC0 || $0 == 0xC1 || $0 == 0xE0 }) else { return nil }
        var out: [UInt8] = [], i = 0, changed = false
        out.reserveCapacity(v.count)
        while i < v.count {
            if i + 1 < v.count, v[i] == 0xC0 || v[i] == 0xC1, let c = overlong(v[i], v[i + 1]) {
                out.append(c); i += 2; changed = true
            } else if i + 2 < v.count, v[i] == 0xE0, v[i + 1] == 0x80, let c = overlong(0xC0, v[i + 2]) {
                out.append(c); i += 3; changed = true
            } else {
                out.append(v[i]); i += 1
            }
        }
        return changed ? out : nil
    }

    /// The ASCII character a two-byte overlong sequence spells when it is `.`, `/` or `\`.
    static func overlong(_ lead: UInt8, _ trail: UInt8) -> UInt8? {
        guard trail & 0xC0 == 0x80 else { return nil }
        let c = (lead & 0x1F) << 6 | trail & 0x3F
        return c == 0x2E || c == 0x2F || c == 0x5C ? c : nil
    }

    /// Commands that are an injection on their own (when they end the value or a command).
    static let bareCommands = ["id", "whoami", "uname", "ifconfig", "ipconfig", "pwd", "hostname", "netstat"]
    /// Commands that are an injection with the argument that follows them.
    static let commandsWithArgument = [
        "uname -", "cat /", "cat ../", "ls -", "ls /", "wget http", "wget ftp", "curl http", "curl -", "nc -", "ncat ", "netcat ",
        "bash -", "sh -", "/bin/sh", "/bin/bash", "ping -c", "ping -n", "nslookup ", "powershell", "cmd /c", "cmd.exe", "sleep ",
        "echo ", "type c:", "net user", "chmod ", "rm -", "python -c", "perl -e", "php -r",
    ]

    /// Command injection: a shell separator (`;`, `|`, `&&`, a backquote, `$(`, a newline) followed
    /// by a command; or the Shellshock function prefix `() {`.
    static func isCommand(_ v: [UInt8]) -> Bool {
        if find(v, "() {") != nil || find(v, "(){") != nil { return true }
        // `click|scroll|id` is a list, not a pipe: plain words between `|`, none at either end or empty (`x||whoami`).
        let list =
            v.filter { $0 == 0x7C }.count >= 2 && v.first != 0x7C && v.last != 0x7C && find(v, "||") == nil
            && v.allSatisfy { isWordByte($0) || [0x7C, 0x2E, 0x2D, 0x2C].contains($0) }
        for (i, b) in v.enumerated() {
            var j: Int
            switch b {
            case 0x7C where list: continue
            case 0x3B, 0x7C, 0x60, 0x0A: j = i + 1
            case 0x26 where i + 1 < v.count && v[i + 1] == 0x26: j = i + 2
            case 0x24 where i + 1 < v.count && v[i + 1] == 0x28: j = i + 2
            default: continue
            }
            while j < v.count && (v[j] == 0x20 || v[j] == 0x7C || v[j] == 0x26) { j += 1 }
            if commandsWithArgument.contains(where: { find(v, $0, from: j) == j }) { return true }
            for c in bareCommands where find(v, c, from: j) == j {
                let end = j + c.utf8.count
                if end == v.count || [0x3B, 0x7C, 0x26, 0x60, 0x29, 0x27, 0x22, 0x0A, 0x23].contains(v[end])
                    || (v[end] == 0x20 && (end + 1 == v.count || v[end + 1] == 0x2D || v[end + 1] == 0x3B))
                {
                    return true
                }
            }
        }
        return false
    }

    /// Tags and script entries a reflected-XSS probe sends.
    static let scriptMarkers = [
        "<script", "</script", "javascript:", "vbscript:", "<svg", "<iframe", "<img ", "<img/", "<body ", "<object", "<embed",
        "document.cookie", "alert(", "prompt(", "string.fromcharcode", "expression(", "<details", "<marquee",
    ]
    static let eventHandlers = ["onerror", "onload", "onmouseover", "onfocus", "onclick", "onmouseenter", "ontoggle", "onanimationstart"]

    /// Cross-site scripting probes: a script-capable tag, a `javascript:` URL, `alert(`, or an event
    /// handler attribute (`onerror=`).
    static func isScript(_ v: [UInt8]) -> Bool {
        if contains(v, scriptMarkers) { return true }
        for h in eventHandlers {
            var from = 0
            while let i = find(v, h, from: from) {
                var j = i + h.utf8.count
                while j < v.count && v[j] == 0x20 { j += 1 }
                let before = i == 0 || !isWordByte(v[i - 1])
                if before && j < v.count && v[j] == 0x3D { return true }
                from = i + 1
            }
        }
        return false
    }

    // MARK: login forms

    /// The field holding a password: its name (decoded, lower case) says so.
    static func isPasswordField(_ name: [UInt8]) -> Bool {
        let n = String(decoding: name, as: UTF8.self)
        return n.contains("pass") || n == "pwd" || n == "pw" || n.hasPrefix("pwd") || n.hasSuffix("pwd") || n == "secret"
    }

    /// The field holding a user name.
    static func isUserField(_ name: [UInt8]) -> Bool {
        let n = String(decoding: name, as: UTF8.self)
        guard !isPasswordField(name) else { return false }
        return n.contains("user") || n.contains("login") || n.contains("email") || n.contains("mail") || n.contains("account")
            || ["log", "uid", "usr", "name", "uname"].contains(n)
    }

    /// The user and password of a login form's parameters (query string or form body); nil without
    /// a password field. The user is "" when no field names one.
    public static func login(query: String?, body: [UInt8]?) -> (user: String, password: [UInt8])? {
        var fields: [(name: [UInt8], value: [UInt8])] = []
        if let query { fields += parameters(Array(query.utf8), keepCase: true) }
        if let body { fields += parameters(body, keepCase: true) }
        guard let password = fields.first(where: { isPasswordField($0.name) }) else { return nil }
        let user = fields.first { isUserField($0.name) }.map { String(decoding: $0.value.prefix(64), as: UTF8.self) } ?? ""
        return (user, password.value)
    }

    /// The answer page says the login failed.
    public static func saysRejected(_ body: [UInt8]) -> Bool {
        let text = decoded(body, plus: false)
        return contains(
            text, ["incorrect", "invalid", "failed", "denied", "wrong", "try again", "not match", "bad credentials", "unauthorized"])
    }
}
