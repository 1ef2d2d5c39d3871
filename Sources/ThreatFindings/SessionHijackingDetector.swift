import PacketDecoding
import TrafficStatistics

/// Session hijacking (ATT&CK T1539, T1550.004): the same web session cookie, sent to one server by
/// a second client address while the first client still uses it (or within
/// `sessionHandoverWindowSeconds` of its last use). Read from `TrafficSummary.httpSessions`. A
/// client the server itself handed the value to (`Set-Cookie` before its first use) holds it
/// legitimately; one address (NAT) reusing its cookie is one client.
public struct SessionHijackingDetector: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds) { self.thresholds = thresholds }

    /// Characters of a value's SHA-256 shown (never the value).
    public static let digestShown = 12

    public func detect(_ s: TrafficSummary) -> [Finding] {
        // Per server and victim, the sessions taken over (several cookies of one login merge).
        struct Key: Hashable { var server: IPAddress; var port: UInt16; var victim: IPAddress }
        var order: [Key] = []
        var merged: [Key: SessionHijackingFacts] = [:]
        for session in s.httpSessions.sessions {
            guard let (victim, intruders, issued) = hijack(session) else { continue }
            let key = Key(server: session.server, port: session.serverPort, victim: victim.client)
            var x = merged[key] ?? SessionHijackingFacts()
            if merged[key] == nil {
                order.append(key)
                x.server = session.server; x.serverPort = session.serverPort
                x.victim = Self.use(victim); x.victimIssuedFrame = issued
            }
            x.cookieNames.append(session.cookieName)
            x.valueDigests.append(String(session.valueDigest.prefix(Self.digestShown)))
            x.otherClientRequests += session.otherClientRequests
            for intruder in intruders {
                if let i = x.intruders.firstIndex(where: { $0.client == intruder.client }) {
                    x.intruders[i].requests = max(x.intruders[i].requests, intruder.requests)
                } else {
                    var use = Self.use(intruder)
                    use.ownSessionFrame = Self.ownSession(of: intruder, before: session, in: s.httpSessions)
                    x.intruders.append(use)
                }
                let concurrent = victim.lastTime >= intruder.firstTime
                x.concurrent = x.concurrent || concurrent
            }
            x.intruders.sort { $0.firstTime != $1.firstTime ? $0.firstTime < $1.firstTime : $0.firstFrame < $1.firstFrame }
            merged[key] = x
        }
        return order.compactMap { key in merged[key].map { finding($0, requests: Self.filteredRequests($0, s.httpSessions)) } }
    }

    /// The session's victim (the first client to send the cookie), the other clients that sent it
    /// while the victim was active (or within the window after), and the frame that set it for the
    /// victim; nil when no one else did.
    func hijack(_ session: HTTPSessionEvidence.Session) -> (HTTPSessionEvidence.ClientUse, [HTTPSessionEvidence.ClientUse], Int?)? {
        guard
            HTTPSessionEvidence.isWellKnownSessionCookieName(session.cookieName)
                || session.valueLength >= thresholds.minimumSessionCookieLength
        else { return nil }
        let users = session.clients.filter { $0.requests > 0 }
            .sorted { $0.firstTime != $1.firstTime ? $0.firstTime < $1.firstTime : $0.firstFrame < $1.firstFrame }
        guard let victim = users.first, users.count > 1 else { return nil }
        let window = Int64(thresholds.sessionHandoverWindowSeconds * 1e9)
        let intruders = users.dropFirst().filter { other in
            // The server handed this client the value itself: it is its own session (a reissued id).
            if let issued = other.issuedTime, issued <= other.firstTime { return false }
            return other.firstTime <= victim.lastTime + window
        }
        guard !intruders.isEmpty else { return nil }
        return (victim, Array(intruders), victim.issuedFrame)
    }

    /// The first frame in which `intruder` sent the same server another value of the same cookie,
    /// before its first use of `session`'s value (nil when it did not).
    static func ownSession(
        of intruder: HTTPSessionEvidence.ClientUse, before session: HTTPSessionEvidence.Session, in evidence: HTTPSessionEvidence
    ) -> Int? {
        var first: Int?
        for other in evidence.sessions
        where other.server == session.server && other.serverPort == session.serverPort && other.cookieName == session.cookieName
            && other.valueDigest != session.valueDigest
        {
            guard let own = other.clients.first(where: { $0.client == intruder.client && $0.requests > 0 }),
                own.firstTime < intruder.firstTime
            else { continue }
            first = min(first ?? own.firstFrame, own.firstFrame)
        }
        return first
    }

    static func use(_ u: HTTPSessionEvidence.ClientUse) -> SessionCookieUse {
        var x = SessionCookieUse(client: u.client)
        x.requests = u.requests
        x.firstFrame = u.firstFrame; x.lastFrame = u.lastFrame
        x.firstTime = u.firstTime; x.lastTime = u.lastTime
        return x
    }

    /// The requests the display filter shows: every request of the victim and the intruders to the
    /// server with a cookie of those names, whatever its value (their own sessions too).
    static func filteredRequests(_ x: SessionHijackingFacts, _ evidence: HTTPSessionEvidence) -> Int {
        let clients = Set([x.victim.client] + x.intruders.map(\.client)), names = Set(x.cookieNames)
        var n = 0
        for session in evidence.sessions
        where session.server == x.server && session.serverPort == x.serverPort && names.contains(session.cookieName) {
            n += session.clients.filter { clients.contains($0.client) }.reduce(0) { $0 + $1.requests }
        }
        return n
    }

    /// A display filter for requests carrying a cookie of one of `names` (letters, digits and `._-`,
    /// as `HTTPSessionEvidence` keeps them): the name must start a pair of the `Cookie` header, case
    /// sensitive as RFC 6265 names are, so `sid` does not match `connect.sid=` or `SID=`. A dot is
    /// escaped for the regular expression (`\\.` in the filter's string literal).
    static func cookieFilter(_ names: [String]) -> String {
        let alternatives = names.map { $0.replacingOccurrences(of: ".", with: "\\\\.") }
        let group = alternatives.count == 1 ? alternatives[0] : "(" + alternatives.joined(separator: "|") + ")"
        return "http.cookie matches \"(?-i)(^|;)\\\\s*\(group)=\""
    }

    func finding(_ facts: SessionHijackingFacts, requests: Int) -> Finding {
        var x = facts
        let first = x.intruders.first ?? SessionCookieUse(client: .unspecified)
        x.gapSeconds = Double(first.firstTime - x.victim.lastTime) / 1e9
        let attackers = x.intruders.map(\.client)
        // The victim's first use, each intruder's first, and the victim's last (after the intruder's when concurrent).
        var frames = Set([x.victim.firstFrame, x.victim.lastFrame])
        if let issued = x.victimIssuedFrame { frames.insert(issued) }
        for i in x.intruders { frames.insert(i.firstFrame) }
        let names = Array(Set(x.cookieNames)).sorted()
        let cookieTest = Self.cookieFilter(names)
        let ip = x.server.isIPv6 ? "ipv6" : "ip"
        let clients = ([x.victim.client] + attackers).map(\.description).joined(separator: ",")
        let filter = "\(cookieTest) && \(Filter.destination(x.server)) && tcp.dstport==\(x.serverPort) && \(ip).src in {\(clients)}"
        let start = min(x.victim.firstTime, first.firstTime)
        let end = max(x.victim.lastTime, x.intruders.map(\.lastTime).max() ?? 0)
        var f = Finding(
            kind: .sessionHijacking, technique: nil, severity: x.concurrent || x.switchedSession ? .high : .medium,
            confidence: x.concurrent ? (x.victimIssuedFrame != nil ? 0.9 : 0.85) : x.switchedSession ? 0.85 : 0.6,
            attackers: attackers, targets: [x.victim.client, x.server], ports: nil, targetedPorts: [x.serverPort],
            firstFrame: min(x.victim.firstFrame, first.firstFrame),
            lastFrame: max(x.victim.lastFrame, x.intruders.map(\.lastFrame).max() ?? 0),
            start: start, end: end, packetCount: requests, evidenceFrames: frames.filter { $0 > 0 }.sorted(),
            displayFilter: filter, attack: ["T1539", "T1550.004"], facts: .sessionHijacking(x))
        f.indicators =
            attackers.map { Indicator(kind: $0.isIPv6 ? .ipv6 : .ipv4, value: $0.description, role: .attacker) }
            + [Indicator(kind: x.victim.client.isIPv6 ? .ipv6 : .ipv4, value: x.victim.client.description, role: .victim)]
        return f
    }
}
