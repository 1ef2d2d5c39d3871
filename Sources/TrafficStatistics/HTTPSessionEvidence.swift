import PacketDecoding
import Support

/// Who used which HTTP session cookie: per web server (address and port), cookie name and value
/// digest, the clients that sent it in a `Cookie` header (first and last time, frames) and the
/// clients the server handed it to in `Set-Cookie`. Fed from `HTTPTransactionPass` with every
/// message head it reads. Cookie values are never kept, only a SHA-256 prefix of them; only
/// session-like cookies are followed (`isSessionCookieName`, values of at least
/// `minimumValueLength` characters). Bounded: `sessionsKept` sessions, `clientsKept` clients each;
/// what falls past a cap is counted.
public struct HTTPSessionEvidence: Sendable {
    /// Sessions followed, clients kept per session, frames kept per client.
    public static let sessionsKept = 4096, clientsKept = 8, framesKept = 4
    /// Characters a cookie value needs, at least, to be followed (`sid=1` is no session).
    public static let minimumValueLength = 8
    /// Hex digits of the value's SHA-256 kept (the report shows them instead of the value).
    public static let digestLength = 16

    /// One client's use of a session cookie.
    public struct ClientUse: Sendable, Equatable {
        public var client: IPAddress
        /// Requests that carried the cookie, the first and last of them (frame and nanoseconds since
        /// the epoch; 0 while none), and the first `framesKept` frames.
        public var requests = 0
        public var firstFrame = 0, lastFrame = 0
        public var firstTime: Int64 = 0, lastTime: Int64 = 0
        public var frames: [Int] = []
        /// The first response that set the cookie to this value for this client (`Set-Cookie`): its
        /// frame and time, nil when the server never did.
        public var issuedFrame: Int?
        public var issuedTime: Int64?
        /// A use of the cookie with no request yet.
        public init(client: IPAddress) { self.client = client }
    }

    /// One session cookie value at one server.
    public struct Session: Sendable {
        public var server: IPAddress
        public var serverPort: UInt16
        /// The cookie's name as sent (letters, digits and `._-` only; other names are not followed).
        public var cookieName: String
        /// The first `digestLength` hex digits of the value's SHA-256, and the value's length.
        public var valueDigest: String
        public var valueLength: Int
        /// The clients in the order they first used or received the cookie (at most `clientsKept`).
        public var clients: [ClientUse] = []
        /// Requests with the cookie from clients past `clientsKept` (exact; the clients are not kept).
        public var otherClientRequests = 0
    }

    struct Key: Hashable {
        var server: IPAddress
        var port: UInt16
        var name: String
        var digest: String
    }

    public var sessions: [Session] = []
    /// Requests that carried at least one followed session cookie (exact).
    public var cookieRequests = 0
    /// Cookie uses and `Set-Cookie`s of sessions past `sessionsKept` (counted, not kept).
    public var sessionsDropped = 0
    var index: [Key: Int] = [:]

    /// An empty table.
    public init() {}

    /// Reads the `Cookie` (request) or `Set-Cookie` (response) lines of one message head.
    /// - Parameters:
    ///   - head: the head's bytes, start line to the empty line.
    ///   - isResponse: a response (its destination is the client) or a request (its source is).
    ///   - packet: the packet that completed the head (addresses and ports).
    ///   - frame: the frame Wireshark shows the message in; `time` its time in nanoseconds.
    mutating func observe(_ head: [UInt8], isResponse: Bool, _ packet: DecodedPacket, frame: Int, time: Int64) {
        let client = isResponse ? packet.ipDestination : packet.ipSource
        let server = isResponse ? packet.ipSource : packet.ipDestination
        let port = isResponse ? packet.sourcePort : packet.destinationPort
        var counted = false
        for (name, value) in Self.cookies(in: head, setCookie: isResponse) {
            let key = Key(server: server, port: port, name: name, digest: Self.digest(value))
            guard let i = session(key, valueLength: value.count) else { sessionsDropped += 1; continue }
            if isResponse {
                let c = clientIndex(i, client, creating: true)
                if let c, sessions[i].clients[c].issuedFrame == nil {
                    sessions[i].clients[c].issuedFrame = frame
                    sessions[i].clients[c].issuedTime = time
                }
                continue
            }
            if !counted { cookieRequests += 1; counted = true }
            guard let c = clientIndex(i, client, creating: true) else {
                sessions[i].otherClientRequests += 1
                continue
            }
            var use = sessions[i].clients[c]
            if use.requests == 0 { use.firstFrame = frame; use.firstTime = time }
            use.requests += 1
            use.lastFrame = frame; use.lastTime = time
            if use.frames.count < Self.framesKept { use.frames.append(frame) }
            sessions[i].clients[c] = use
        }
    }

    private mutating func session(_ key: Key, valueLength: Int) -> Int? {
        if let i = index[key] { return i }
        guard sessions.count < Self.sessionsKept else { return nil }
        sessions.append(
            Session(server: key.server, serverPort: key.port, cookieName: key.name, valueDigest: key.digest, valueLength: valueLength))
        index[key] = sessions.count - 1
        return sessions.count - 1
    }

    private mutating func clientIndex(_ i: Int, _ client: IPAddress, creating: Bool) -> Int? {
        if let c = sessions[i].clients.firstIndex(where: { $0.client == client }) { return c }
        guard creating, sessions[i].clients.count < Self.clientsKept else { return nil }
        sessions[i].clients.append(ClientUse(client: client))
        return sessions[i].clients.count - 1
    }

    /// The value's SHA-256, first `digestLength` hex digits.
    static func digest(_ value: [UInt8]) -> String { String(Digest.sha256(bytes: value).prefix(digestLength)) }

    /// Session cookie names: the well-known ones of PHP, Java, ASP.NET, Express, Laravel, Flask and
    /// Django (`session`, `sid`, `sessionid`) and any name containing `sess`, `token` or `auth`
    /// (case-insensitive).
    public static func isSessionCookieName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return knownNames.contains(lower) || lower.contains("sess") || lower.contains("token") || lower.contains("auth")
    }

    /// Whether `name` is one of the well-known session cookie names (not only a name that contains a word).
    public static func isWellKnownSessionCookieName(_ name: String) -> Bool { knownNames.contains(name.lowercased()) }

    /// The well-known session cookie names, lower case.
    static let knownNames: Set<String> = [
        "phpsessid", "jsessionid", "asp.net_sessionid", "session", "sid", "connect.sid", "laravel_session", "sessionid",
    ]

    /// The session-like cookies (name, value bytes) of the head's `Cookie` lines (every pair) or
    /// `Set-Cookie` lines (the first pair of each). Names must be 1…64 characters of letters,
    /// digits and `._-`; values of `minimumValueLength` characters or more (quotes removed), and not
    /// `deleted`.
    static func cookies(in head: [UInt8], setCookie: Bool) -> [(String, [UInt8])] {
        let prefix = Array((setCookie ? "set-cookie:" : "cookie:").utf8)
        var found: [(String, [UInt8])] = []
        var start = 0
        while start < head.count {
            var end = start
            while end < head.count && head[end] != 10 { end += 1 }
            var line = head[start ..< end]
            start = end + 1
            if line.last == 13 { line = line.dropLast() }
            guard line.count > prefix.count,
                zip(line.prefix(prefix.count), prefix).allSatisfy({ ($0 | 0x20) == $1 })
            else { continue }
            let value = line.dropFirst(prefix.count)
            let pairs = value.split(separator: 0x3B, omittingEmptySubsequences: true)
            for pair in setCookie ? Array(pairs.prefix(1)) : pairs {
                guard let eq = pair.firstIndex(of: 0x3D) else { continue }
                let rawName = pair[pair.startIndex ..< eq].drop { $0 == 0x20 || $0 == 0x09 }
                var v = pair[(eq + 1)...]
                while let last = v.last, last == 0x20 || last == 0x09 { v = v.dropLast() }
                if v.count >= 2, v.first == 0x22, v.last == 0x22 { v = v.dropFirst().dropLast() }
                guard (1 ... 64).contains(rawName.count), rawName.allSatisfy(Self.isNameByte),
                    v.count >= minimumValueLength, !v.elementsEqual("deleted".utf8)
                else { continue }
                let name = String(decoding: rawName, as: UTF8.self)
                guard isSessionCookieName(name) else { continue }
                found.append((name, Array(v)))
            }
        }
        return found
    }

    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E || b == 0x5F || b == 0x2D
    }
}
