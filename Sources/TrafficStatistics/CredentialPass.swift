import PacketDecoding

/// Logins seen in clear text and what servers answered to login attempts.
public struct CredentialActivity: Sendable {
    /// Cleartext login protocols recognised.
    public enum LoginProtocol: String, Sendable {
        case ftp, telnet, pop, imap, smtp
        case httpBasic = "http-basic"
        case httpForm = "http-form"
        /// `user … pass …` lines of a service no greeting names, on any port.
        case plaintext
    }
    /// What the server answered to a login: accepted, rejected, or nothing recognisable.
    public enum Outcome: String, Sendable { case unknown, accepted, rejected }
    /// One credential seen in clear text. The secret itself is never kept: only its length.
    public struct Credential: Sendable {
        public var loginProtocol: LoginProtocol
        public var client: IPAddress
        public var server: IPAddress
        public var serverPort: UInt16
        /// Printable ASCII, cut to 32 characters ("" when the protocol sends none).
        public var username: String
        public var secretLength: Int
        /// The frames that carried the user name and the secret.
        public var frames: [Int]
        public var timestamp: Int64
        public var outcome = Outcome.unknown
        public var outcomeFrame = 0
    }
    /// Login attempts and answers per client, server and port.
    public struct AuthKey: Hashable, Sendable {
        public var client: IPAddress; public var server: IPAddress; public var port: UInt16
        public init(client: IPAddress, server: IPAddress, port: UInt16) { self.client = client; self.server = server; self.port = port }
    }
    /// Login attempts, failures and successes of one client at one login service.
    public struct AuthCounts: Sendable {
        public var attempts = Sighting()
        public var failures = Sighting()
        public var successes = Sighting()
        public var loginProtocol: LoginProtocol?
    }
    public var credentials: [Credential] = []
    public var credentialsNotKept = 0
    public var auth: [AuthKey: AuthCounts] = [:]
    public init() {}
}

/// Parses the first line of client payloads on login ports (FTP, telnet, POP3, IMAP, SMTP AUTH) and
/// HTTP requests (Basic authorization, login form posts), and the server's answer that follows.
/// On other ports the stream's bytes name the protocol (`StreamContentPass`): an FTP, SMTP, POP or
/// IMAP greeting is parsed as that protocol, and plain-text lines as `user`/`pass` logins.
/// Only those few packets are read; state is per open login connection and per client/server/port.
public struct CredentialPass {
    public static let credentialsKept = 1000
    /// Login ports (FTP, telnet, POP3, IMAP, SMTP and their alternates). A switch, not a Set: every
    /// TCP segment with payload asks, and hashing a port costs more than comparing it.
    @inline(__always)
    static func isAuthPort(_ port: UInt16) -> Bool {
        switch port { case 21, 23, 110, 143, 25, 587, 2121, 2323: true; default: false }
    }
    /// Login services whose rejections are read from the server's answer text (databases, VNC, …).
    @inline(__always)
    static func isAnswerPort(_ port: UInt16) -> Bool {
        switch port { case 3306, 5432, 1433, 1521, 6379, 27017, 389, 5900, 5901: true; default: false }
    }
    static let rejections: [[UInt8]] = ["access denied", "authentication failed", "login failed", "password authentication failed",
                                        "invalid password", "wrongpass", "invalid credentials", "auth failed"].map { Array($0.utf8) }
    var activity = CredentialActivity()
    struct Pending { var credential: Int; var key: CredentialActivity.AuthKey }
    /// Per connection (client endpoint, server endpoint): a login awaiting the server's answer.
    var pending: [ConversationKey: Pending] = [:]
    /// FTP/POP USER names awaiting their PASS, per connection.
    var users: [ConversationKey: (String, Int)] = [:]
    struct TelnetState { var phase = 0; var user: [UInt8] = []; var secret = 0; var frames: [Int] = [] }
    var telnet: [ConversationKey: TelnetState] = [:]
    static let connectionsKept = 10_000
    public init() {}

    /// The login protocol the stream's bytes name, when they name one.
    static func loginProtocol(_ content: ContentService) -> CredentialActivity.LoginProtocol? {
        switch content {
        case .ftp: .ftp
        case .pop: .pop
        case .imap: .imap
        case .smtp: .smtp
        default: nil
        }
    }

    /// - Parameter content: the service the packet's TCP stream has shown so far (`StreamContentPass`).
    public mutating func observe(_ p: DecodedPacket, bytes: UnsafeRawBufferPointer, content: ContentService = .unknown) {
        guard p.isTCP, p.payloadLength > 0 else { return }
        let payload = bytes.bytes(from: p.payloadOffset).bytes(upTo: min(p.payloadLength, 1024))
        let toServer = Self.isAuthPort(p.destinationPort) || (!Self.isAuthPort(p.sourcePort) && p.destinationPort < p.sourcePort)
        let serverPort = toServer ? p.destinationPort : p.sourcePort
        let connection = ConversationKey(Endpoint(p.ipSource, p.sourcePort), Endpoint(p.ipDestination, p.destinationPort))
        let isHTTPRequest = toServer && ApplicationClassifier.startsWithHTTP(payload) && !Self.hasPrefix(payload, "HTTP/")
        let isHTTPResponse = !toServer && Self.hasPrefix(payload, "HTTP/1.")
        if !toServer && Self.isAnswerPort(serverPort) && p.payloadLength <= 512 && Self.containsRejection(payload) {
            activity.auth[CredentialActivity.AuthKey(client: p.ipDestination, server: p.ipSource, port: serverPort), default: .init()].failures.note(p)
            return
        }
        // Off the login ports, the bytes name the protocol: a greeting, or plain-text lines.
        let named = Self.loginProtocol(content) ?? (content == .text && !Self.isAuthPort(serverPort) ? .plaintext : nil)
        if named == .plaintext && toServer && !Self.startsWithLoginWord(payload) { return }
        guard
            Self.isAuthPort(serverPort) || named != nil || isHTTPRequest || isHTTPResponse
                || (!pending.isEmpty && pending[connection] != nil)
        else { return }
        if toServer {
            let key = CredentialActivity.AuthKey(client: p.ipSource, server: p.ipDestination, port: serverPort)
            if isHTTPRequest { observeHTTPRequest(p, payload, key, connection); return }
            switch serverPort {
            case 23,
                2323 where named == nil:
                observeTelnetClient(p, payload, key, connection)
            default:
                let byPort: CredentialActivity.LoginProtocol = key.port == 110 ? .pop : (key.port == 25 || key.port == 587 ? .smtp : .ftp)
                observeCommand(p, payload, key, connection, proto: named ?? byPort)
            }
        } else {
            if serverPort == 23 || serverPort == 2323 { observeTelnetServer(p, payload, connection) }
            observeAnswer(p, payload, connection)
        }
    }

    // MARK: client side

    /// Every command line of the segment (a client may pipeline `USER` and `PASS` in one segment):
    /// one guess is one `USER`+`PASS` pair, `APOP`, `AUTH PLAIN` or IMAP `LOGIN`, however the
    /// lines are split into segments. At most `commandLinesRead` lines of the first 1024 bytes.
    mutating func observeCommand(_ p: DecodedPacket, _ payload: UnsafeRawBufferPointer, _ key: CredentialActivity.AuthKey,
        _ connection: ConversationKey, proto: CredentialActivity.LoginProtocol
    ) {
        var start = 0, lines = 0
        while start < payload.count && lines < Self.commandLinesRead {
            var end = start
            while end < payload.count && payload.byte(end) != 10 { end += 1 }
            let line = Self.firstLine(payload.bytes(from: start).bytes(upTo: end - start))
            if !line.isEmpty { observeCommandLine(p, line, key, connection, proto: proto) }
            start = end + 1
            lines += 1
        }
    }

    /// Lines of one client segment read for login commands: a pipelined login is a few lines.
    static let commandLinesRead = 8

    /// One client command line (CR/LF removed): `USER` waits for its `PASS`, a complete login is recorded.
    mutating func observeCommandLine(
        _ p: DecodedPacket, _ line: String, _ key: CredentialActivity.AuthKey, _ connection: ConversationKey,
        proto: CredentialActivity.LoginProtocol
    ) {
        let words = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true).map(String.init)
        guard let first = words.first else { return }
        let verb = first.uppercased()
        if proto == .plaintext {
            observePlaintextLogin(p, line, key, connection)
            return
        }
        switch verb {
        case "USER" where words.count >= 2:
            if users.count < Self.connectionsKept { users[connection] = (Self.clean(words[1]), p.frameNumber) }
        case "PASS":
            let secret = line.count > 5 ? line.count - 5 : 0
            let (user, userFrame) = users[connection] ?? ("", 0)
            users[connection] = nil
            record(proto, p, key, connection, user: user, secretLength: secret, frames: [userFrame, p.frameNumber].filter { $0 > 0 })
        case "APOP" where words.count >= 3:
            record(.pop, p, key, connection, user: Self.clean(words[1]), secretLength: words[2].count, frames: [p.frameNumber])
        case "AUTH" where words.count >= 3 && words[1].uppercased() == "PLAIN":
            let decoded = Self.base64(words[2]).split(separator: 0, omittingEmptySubsequences: false)
            let user = decoded.count >= 2 ? Self.clean(String(decoding: decoded[1], as: UTF8.self)) : ""
            let secret = decoded.count >= 3 ? decoded[2].count : 0
            record(.smtp, p, key, connection, user: user, secretLength: secret, frames: [p.frameNumber])
        default:
            // IMAP: "<tag> LOGIN user secret"
            if words.count >= 4 && words[1].uppercased() == "LOGIN" {
                record(.imap, p, key, connection, user: Self.clean(Self.unquote(words[2])), secretLength: Self.unquote(words[3]).count,
                       frames: [p.frameNumber])
            }
        }
    }

    /// `user NAME pass SECRET` on one line, or `user NAME` then `pass SECRET` (any case).
    mutating func observePlaintextLogin(
        _ p: DecodedPacket, _ line: String, _ key: CredentialActivity.AuthKey, _ connection: ConversationKey
    ) {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard let verb = words.first?.lowercased(), verb == "user" || verb == "pass" else { return }
        if verb == "user" && words.count >= 2 {
            if words.count >= 4 && words[2].lowercased() == "pass" {
                let secret = words[3...].joined(separator: " ").count
                record(.plaintext, p, key, connection, user: Self.clean(String(words[1])), secretLength: secret, frames: [p.frameNumber])
            } else if users.count < Self.connectionsKept {
                users[connection] = (Self.clean(String(words[1])), p.frameNumber)
            }
        } else if verb == "pass" {
            let (user, userFrame) = users[connection] ?? ("", 0)
            users[connection] = nil
            record(
                .plaintext, p, key, connection, user: user, secretLength: words.dropFirst().joined(separator: " ").count,
                frames: [userFrame, p.frameNumber].filter { $0 > 0 })
        }
    }

    mutating func observeHTTPRequest(_ p: DecodedPacket, _ payload: UnsafeRawBufferPointer, _ key: CredentialActivity.AuthKey,
                                     _ connection: ConversationKey) {
        // Most requests are neither a POST nor carry an Authorization header: settled on the bytes,
        // without building and splitting the text.
        guard Self.mayCarryHTTPCredentials(payload) else { return }
        let text = String(decoding: payload, as: UTF8.self)
        let lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        for line in lines.dropFirst() {
            if line.isEmpty { break }
            let lower = line.lowercased()
            if lower.hasPrefix("authorization:") {
                let value = line.dropFirst("authorization:".count).trimmingCharacters(in: " \t")
                let parts = value.split(separator: " ", maxSplits: 1).map(String.init)
                if parts.count == 2 && parts[0].lowercased() == "basic" {
                    let decoded = Self.base64(parts[1])
                    let colon = decoded.firstIndex(of: 58) ?? decoded.count
                    let user = Self.clean(String(decoding: decoded[..<colon], as: UTF8.self))
                    record(.httpBasic, p, key, connection, user: user, secretLength: max(0, decoded.count - colon - 1), frames: [p.frameNumber])
                    return
                }
            }
        }
        // A form login: POST to a login-looking path with a password-looking field.
        if let request = lines.first, request.hasPrefix("POST ") {
            let path = request.lowercased()
            let lower = text.lowercased()
            if ["login", "signin", "logon", "auth", "session"].contains(where: path.contains)
                && ["pass", "pwd"].contains(where: lower.contains) {
                var user = ""
                if let blank = lines.firstIndex(where: { $0.isEmpty }), blank + 1 < lines.count {
                    // A field holding an SQL, traversal, command or script payload (sqlmap's injected user
                    // names) is an attack on the form, which the web-attack finding reports, not a login.
                    guard WebAttackPatterns.classes(target: "", body: Array(lines[blank + 1].utf8)).isEmpty else { return }
                    for field in lines[blank + 1].lowercased().split(separator: "&") {
                        let kv = field.split(separator: "=", maxSplits: 1)
                        if kv.count == 2 && ["user", "username", "login", "email", "log", "name"].contains(String(kv[0])) {
                            user = Self.clean(String(kv[1])); break
                        }
                    }
                }
                record(.httpForm, p, key, connection, user: user, secretLength: 0, frames: [p.frameNumber])
            }
        }
    }

    /// Whether an HTTP request's bytes could hold a login `observeHTTPRequest` reads: they start
    /// with `POST ` or hold `authorization:` in any case somewhere. A necessary condition only (the
    /// text checks decide); no other character lower-cases to these ASCII letters.
    static func mayCarryHTTPCredentials(_ payload: UnsafeRawBufferPointer) -> Bool {
        let n = payload.count
        if n >= 5 && payload[0] == 0x50 && payload[1] == 0x4F && payload[2] == 0x53 && payload[3] == 0x54 && payload[4] == 0x20 {
            return true
        }
        let name = authorizationName
        guard n >= name.count else { return false }
        for i in 0 ... n - name.count where payload[i] | 0x20 == 0x61 {
            var k = 1
            while k < name.count {
                let c = payload[i + k]
                if (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) != name[k] { break }
                k += 1
            }
            if k == name.count { return true }
        }
        return false
    }

    static let authorizationName = Array("authorization:".utf8)

    mutating func observeTelnetClient(_ p: DecodedPacket, _ payload: UnsafeRawBufferPointer, _ key: CredentialActivity.AuthKey,
                                      _ connection: ConversationKey) {
        guard var state = telnet[connection], state.phase > 0 else { return }
        var i = 0
        while i < payload.count {
            let b = payload.byte(i)
            if b == 255 { i += payload.count > i + 1 && payload.byte(i + 1) == 250 ? Self.subnegotiationLength(payload, i) : 3; continue }
            if b == 13 || b == 10 {
                if state.phase == 1 && !state.user.isEmpty { state.phase = 3; state.frames.append(p.frameNumber) }
                else if state.phase == 2 {
                    state.frames.append(p.frameNumber)
                    let user = Self.clean(String(decoding: state.user, as: UTF8.self))
                    record(.telnet, p, key, connection, user: user, secretLength: state.secret, frames: Array(state.frames.prefix(4)))
                    state = TelnetState()
                }
                i += 1; continue
            }
            if b >= 32 && b < 127 {
                if state.phase == 1 && state.user.count < 32 { state.user.append(b) }
                if state.phase == 1 && state.frames.isEmpty { state.frames.append(p.frameNumber) }
                if state.phase == 2 { state.secret += 1 }
            }
            i += 1
        }
        telnet[connection] = state
    }

    static func subnegotiationLength(_ payload: UnsafeRawBufferPointer, _ start: Int) -> Int {
        var j = start + 2
        while j + 1 < payload.count { if payload.byte(j) == 255 && payload.byte(j + 1) == 240 { return j + 2 - start }; j += 1 }
        return payload.count - start
    }

    // MARK: server side

    mutating func observeTelnetServer(_ p: DecodedPacket, _ payload: UnsafeRawBufferPointer, _ connection: ConversationKey) {
        let text = Self.lowerASCII(payload)
        if text.hasSuffix("login: ") || text.hasSuffix("login:") || text.hasSuffix("username: ") || text.hasSuffix("username:") {
            if telnet[connection] != nil || telnet.count < Self.connectionsKept { var s = TelnetState(); s.phase = 1; telnet[connection] = s }
        } else if text.hasSuffix("password: ") || text.hasSuffix("password:") {
            if var s = telnet[connection] { s.phase = 2; telnet[connection] = s } else if telnet.count < Self.connectionsKept {
                var s = TelnetState(); s.phase = 2; telnet[connection] = s
            }
        }
    }

    mutating func observeAnswer(_ p: DecodedPacket, _ payload: UnsafeRawBufferPointer, _ connection: ConversationKey) {
        guard let waiting = pending[connection] else { return }
        let text = Self.lowerASCII(payload.bytes(upTo: 256))
        var outcome = CredentialActivity.Outcome.unknown
        let proto = activity.credentials.indices.contains(waiting.credential) ? activity.credentials[waiting.credential].loginProtocol : nil
        switch proto {
        // A pipelined login is answered in one segment too (`331 …` then `530 …`): any line counts.
        case .ftp?: if Self.hasLine(text, "530") { outcome = .rejected } else if Self.hasLine(text, "230") { outcome = .accepted }
        case .pop?:
            // `+OK` to the USER line of a pipelined pair comes before the PASS answer: the last line decides.
            let last = text.split(whereSeparator: \.isNewline).last.map(String.init) ?? text
            if last.hasPrefix("-err") { outcome = .rejected } else if last.hasPrefix("+ok") { outcome = .accepted }
        case .imap?: if text.contains(" no ") || text.contains(" bad ") { outcome = .rejected } else if text.contains(" ok ") { outcome = .accepted }
        case .smtp?: if text.hasPrefix("535") || text.hasPrefix("5") { outcome = .rejected } else if text.hasPrefix("235") { outcome = .accepted }
        case .httpBasic?, .httpForm?:
            if text.hasPrefix("http/1.") && text.count >= 12 {
                let code = text.dropFirst(9).prefix(3)
                if code == "401" || code == "403" { outcome = .rejected }
                else if code.hasPrefix("2") || code.hasPrefix("3") {
                    // A form post answered 200 with the login form again is a failure; keep it unknown unless it says so.
                    outcome = text.contains("invalid") || text.contains("incorrect") || text.contains("failed") ? .rejected : .accepted
                }
            }
        case .telnet?:
            if text.contains("incorrect") || text.contains("failed") || text.contains("denied") || text.contains("invalid") { outcome = .rejected }
            else if text.contains("last login") || text.contains("welcome") || text.hasSuffix("$ ") || text.hasSuffix("# ") { outcome = .accepted }
            else if text.hasSuffix("login: ") || text.hasSuffix("login:") { outcome = .rejected }
        case .plaintext?:
            if ["denied", "incorrect", "invalid", "fail", "wrong", "error", "-err"].contains(where: text.contains) {
                outcome = .rejected
            } else if text.hasPrefix("ok") || ["welcome", "success", "granted", "logged in"].contains(where: text.contains) {
                outcome = .accepted
            }
        case nil: break
        }
        guard outcome != .unknown else { return }
        pending[connection] = nil
        activity.credentials[waiting.credential].outcome = outcome
        activity.credentials[waiting.credential].outcomeFrame = p.frameNumber
        if outcome == .rejected { activity.auth[waiting.key, default: .init()].failures.note(p) } else {
            activity.auth[waiting.key, default: .init()].successes.note(p)
        }
    }

    // MARK: helpers

    mutating func record(_ proto: CredentialActivity.LoginProtocol, _ p: DecodedPacket, _ key: CredentialActivity.AuthKey,
                         _ connection: ConversationKey, user: String, secretLength: Int, frames: [Int]) {
        activity.auth[key, default: .init()].attempts.note(p)
        activity.auth[key, default: .init()].loginProtocol = proto
        guard activity.credentials.count < Self.credentialsKept else { activity.credentialsNotKept += 1; return }
        activity.credentials.append(.init(loginProtocol: proto, client: key.client, server: key.server, serverPort: key.port,
                                          username: user, secretLength: secretLength, frames: frames, timestamp: p.timestamp))
        if pending.count < Self.connectionsKept || pending[connection] != nil {
            pending[connection] = Pending(credential: activity.credentials.count - 1, key: key)
        }
    }

    /// `user ` or `pass ` in any case: the only lines a plain-text login is read from.
    static func startsWithLoginWord(_ payload: UnsafeRawBufferPointer) -> Bool {
        guard payload.count >= 5, payload.byte(4) == 32 else { return false }
        var word: [UInt8] = []
        for i in 0 ..< 4 { let c = payload.byte(i); word.append(c >= 65 && c <= 90 ? c + 32 : c) }
        return word == Array("user".utf8) || word == Array("pass".utf8)
    }

    static func hasPrefix(_ payload: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard payload.count >= n else { return false }
        let s = prefix.utf8Start
        for i in 0 ..< n where payload.byte(i) != s[i] { return false }
        return true
    }

    /// A rejection phrase anywhere in the answer, ASCII case-insensitive, without copying it.
    static func containsRejection(_ payload: UnsafeRawBufferPointer) -> Bool {
        for phrase in rejections where payload.count >= phrase.count {
            var i = 0
            while i + phrase.count <= payload.count {
                var k = 0
                while k < phrase.count {
                    var c = payload.byte(i + k)
                    if c >= 65 && c <= 90 { c += 32 }
                    if c != phrase[k] { break }
                    k += 1
                }
                if k == phrase.count { return true }
                i += 1
            }
        }
        return false
    }

    static func firstLine(_ payload: UnsafeRawBufferPointer) -> String {
        var end = 0
        while end < payload.count && end < 512 && payload.byte(end) != 13 && payload.byte(end) != 10 { end += 1 }
        return String(decoding: payload.bytes(upTo: end), as: UTF8.self)
    }

    /// True when a line of `text` starts with `prefix` (compared as UTF-8 bytes: `"\r\n"` is one
    /// `Character`, so a `Character` search for `"\n530"` would miss it).
    static func hasLine(_ text: String, _ prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        return text.utf8.split(separator: 10).contains { line in
            let l = line.drop { $0 == 13 }
            return l.count >= p.count && l.prefix(p.count).elementsEqual(p)
        }
    }

    static func lowerASCII(_ payload: UnsafeRawBufferPointer) -> String {
        String(decoding: payload.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// Printable ASCII only, at most 32 characters.
    static func clean(_ s: String) -> String {
        String(decoding: s.utf8.filter { $0 > 32 && $0 < 127 }.prefix(32), as: UTF8.self)
    }

    static func unquote(_ s: String) -> String {
        s.count >= 2 && s.hasPrefix("\"") && s.hasSuffix("\"") ? String(s.dropFirst().dropLast()) : s
    }

    /// Standard base64 (padding optional); invalid characters end the value.
    static func base64(_ s: String) -> [UInt8] {
        var out = [UInt8](), buffer: UInt32 = 0, bits = 0
        for c in s.utf8 {
            let v: UInt8
            switch c {
            case 65 ... 90: v = c - 65
            case 97 ... 122: v = c - 71
            case 48 ... 57: v = c + 4
            case 43: v = 62
            case 47: v = 63
            default: return out
            }
            buffer = buffer << 6 | UInt32(v); bits += 6
            if bits >= 8 { bits -= 8; out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits))) }
            if out.count > 256 { break }
        }
        return out
    }

    public func finish() -> CredentialActivity { activity }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var s = self[...]
        while let f = s.first, chars.contains(f) { s = s.dropFirst() }
        while let l = s.last, chars.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
