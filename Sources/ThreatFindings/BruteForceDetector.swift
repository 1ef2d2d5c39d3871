import PacketDecoding
import TrafficStatistics

/// Password guessing: many short connections (or many login commands) from one source to one login
/// service, with the attempt count, the rate and what the server answered.
///
/// Login ports (ssh, telnet, ftp, rdp, smb, databases, mail, vnc, …) need only the connection
/// pattern; web ports need login evidence (Authorization headers, login form posts, 401 answers);
/// any other port needs rejected logins read from the server's answers. The service is named by the
/// bytes first (an SSH banner, a TLS record, HTTP, a mail or FTP greeting, plain-text lines), the port
/// table only when they name nothing else. nmap's version-detection probe set is no guessing.
public struct BruteForceDetector: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds) { self.thresholds = thresholds }

    static let loginServices: [UInt16: String] = [
        21: "ftp", 22: "ssh", 23: "telnet", 25: "smtp", 110: "pop3", 139: "smb", 143: "imap", 389: "ldap", 445: "smb",
        465: "smtps", 587: "submission", 636: "ldaps", 993: "imaps", 995: "pop3s", 1433: "mssql", 1521: "oracle",
        2222: "ssh", 2323: "telnet", 3306: "mysql", 3389: "rdp", 5432: "postgresql", 5900: "vnc", 5901: "vnc",
        5985: "winrm", 5986: "winrm", 6379: "redis", 8291: "winbox", 27017: "mongodb",
    ]
    static let webPorts: Set<UInt16> = [80, 443, 8000, 8008, 8080, 8443, 8888]
    /// Services a client rarely reconnects to over and over (interactive logins): the connection
    /// pattern alone is evidence. Databases, directories and mail are reached by applications and
    /// relays many times a minute, so they also need small, uniform sessions and twice the count.
    static let interactive: Set<String> = ["ftp", "ssh", "telnet", "smb", "rdp", "vnc", "winrm", "winbox"]
    /// Services that never speak plain-text lines: printable lines there mean another service.
    static let binaryServices: Set<String> = [
        "ssh", "smb", "rdp", "mysql", "mssql", "oracle", "postgresql", "mongodb", "winbox", "ldap", "ldaps", "smtps", "imaps", "pop3s",
    ]

    /// The service the connections' bytes show, most of them agreeing (ties: the first seen).
    static func content(_ streams: [Int], _ s: TrafficSummary) -> ContentService {
        var counts: [ContentService: Int] = [:]
        var order: [ContentService] = []
        for stream in streams {
            let c = s.streamContent.service(ofStream: stream)
            guard c != .unknown else { continue }
            if counts[c] == nil { order.append(c) }
            counts[c, default: 0] += 1
        }
        var best = ContentService.unknown, most = 0
        for c in order where counts[c, default: 0] > most { best = c; most = counts[c, default: 0] }
        return best
    }

    /// The login service on `port` as its bytes show it (nil for plain-text lines no greeting names),
    /// whether it is a web service, and whether it is encrypted.
    static func service(port: UInt16, content: ContentService) -> (name: String?, web: Bool, encrypted: Bool) {
        let byPort = loginServices[port]
        let web = webPorts.contains(port)
        switch content {
        case .ssh: return ("ssh", false, true)
        case .ftp: return ("ftp", false, false)
        case .smtp: return ("smtp", false, false)
        case .pop: return ("pop3", false, false)
        case .imap: return ("imap", false, false)
        case .vnc: return ("vnc", false, false)
        case .http: return (nil, true, false)
        case .tls: return (byPort, web, true)
        case .text where byPort.map(binaryServices.contains) ?? false: return (nil, false, false)
        default: return (byPort, web, byPort == "ssh" || byPort == "rdp" || port == 443)
        }
    }

    struct Key: Hashable { var client: IPAddress; var server: IPAddress; var port: UInt16 }

    /// The most events inside any window of `seconds` (times in nanoseconds).
    static func densest(_ times: [Int64], _ seconds: Double) -> Int {
        let sorted = times.sorted()
        let window = Int64(seconds * 1e9)
        var best = 0, lo = 0
        for hi in sorted.indices {
            while sorted[hi] - sorted[lo] > window { lo += 1 }
            best = max(best, hi - lo + 1)
        }
        return best
    }

    public func detect(_ s: TrafficSummary) -> [Finding] {
        let rows = s.conversations.tcp.rows
        var groups: [Key: [Int]] = [:]
        var order: [Key] = []
        for (i, r) in rows.enumerated() where r.aToB.firstFlags.controlBits == .syn && r.bToA.synAck > 0
            && (r.aToB.pureAck > 0 || r.aToB.payloadFrames > 0) && r.aToB.payloadBytes <= thresholds.maximumAttemptPayload {
            let key = Key(client: r.a.address, server: r.b.address, port: r.b.port)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(i)
        }
        for (k, _) in s.credentials.auth.sorted(by: { "\($0.key.client)\($0.key.port)" < "\($1.key.client)\($1.key.port)" }) {
            let key = Key(client: k.client, server: k.server, port: k.port)
            if groups[key] == nil { groups[key] = []; order.append(key) }
        }
        var forms: [Key: [HTTPRequestEvidence.FormLogin]] = [:]
        for f in s.httpRequests.forms { forms[Key(client: f.client, server: f.server, port: f.port), default: []].append(f) }
        for f in s.httpRequests.forms where !order.contains(Key(client: f.client, server: f.server, port: f.port)) {
            order.append(Key(client: f.client, server: f.server, port: f.port))
        }
        var findings: [Finding] = []
        for key in order {
            let members = (groups[key] ?? []).filter { rows[$0].aToB.payloadFrames > 0 || rows[$0].bToA.payloadFrames > 0 }
            let auth = s.credentials.auth[CredentialActivity.AuthKey(client: key.client, server: key.server, port: key.port)]
            var logins = auth?.attempts.count ?? 0, failures = auth?.failures.count ?? 0, successes = auth?.successes.count ?? 0
            // Form logins read from every request (GET and POST forms): their counts replace the per-packet ones.
            let form = Self.formGuessing(forms[key] ?? [])
            if let form { logins = max(logins, form.attempts); failures = form.rejected; successes = form.accepted }
            // Fewer connections than any pattern needs, and too few logins and rejections: no finding
            // can follow (the densest window holds at most every connection), so the group's content,
            // timing and byte averages are not worked out (most groups of a busy capture).
            let patternFloor = min(
                thresholds.minimumBruteForceAttempts, thresholds.minimumBruteForceAttempts * thresholds.quietServiceAttemptFactor)
            if members.count < patternFloor && logins < thresholds.minimumBruteForceAttempts
                && failures < thresholds.minimumRejectedLogins
            {
                continue
            }
            let (service, web, encrypted) = Self.service(port: key.port, content: Self.content(members.map { rows[$0].stream }, s))
            let attempts = max(members.count, logins)
            let dense = Self.densest(members.map { rows[$0].firstTimestamp }, thresholds.bruteForceWindowSeconds)
            let clientBytes = members.isEmpty ? 0 : members.reduce(0) { $0 + rows[$1].aToB.payloadBytes } / members.count
            let serverBytes = members.isEmpty ? 0 : members.reduce(0) { $0 + rows[$1].bToA.payloadBytes } / members.count
            let byPattern = service != nil && !web && (Self.interactive.contains(service ?? "")
                ? dense >= thresholds.minimumBruteForceAttempts
                    : dense >= thresholds.minimumBruteForceAttempts * thresholds.quietServiceAttemptFactor
                        && clientBytes <= thresholds.maximumQuietAttemptClientBytes
                        && serverBytes <= thresholds.maximumQuietAttemptServerBytes)
            // A client that keeps logging in successfully (mail polling, a script) is not guessing.
            if successes > 0 && failures == 0 { continue }
            let byLogins = logins >= thresholds.minimumBruteForceAttempts && (service != nil || web || failures > 0)
            let byFailures = failures >= thresholds.minimumRejectedLogins
            guard byPattern || byLogins || byFailures else { continue }
            // nmap -sV: a connection per probe of its set (the NULL probe sends nothing), each different,
            // and no login read: a service/version scan of the port, not password guessing.
            let probes = members.compactMap { s.streamContent.versionProbe(ofStream: rows[$0].stream) }
            let probeConnections = probes.count + members.filter { rows[$0].aToB.payloadFrames == 0 }.count
            if Set(probes).count >= thresholds.minimumVersionProbeKinds && probeConnections * 2 >= members.count
                && logins < thresholds.minimumBruteForceAttempts
            {
                continue
            }
            let mr = members.map { rows[$0] }
            var first = mr.map(\.firstFrame).min() ?? Int.max, last = mr.map(\.lastFrame).max() ?? 0
            var start = mr.map(\.firstTimestamp).min() ?? Int64.max, end = mr.map(\.lastTimestamp).max() ?? 0
            if let a = auth?.attempts, a.count > 0 {
                if a.firstFrame < first { first = a.firstFrame; start = a.firstTime }
                if a.lastFrame > last { last = a.lastFrame; end = a.lastTime }
            }
            for f in forms[key] ?? [] where f.attempts > 0 {
                if f.firstFrame < first { first = f.firstFrame; start = f.firstTime }
                if f.lastFrame > last { last = f.lastFrame; end = f.lastTime }
            }
            if first == Int.max { first = 0; start = 0 }
            var facts = BruteForceFacts()
            facts.attempts = attempts; facts.duration = Double(end - start) / 1e9
            facts.connections = mr.count
            facts.averageClientBytes = mr.isEmpty ? 0 : mr.reduce(0) { $0 + $1.aToB.payloadBytes } / mr.count
            facts.loginCommands = logins; facts.rejected = failures; facts.accepted = successes
            facts.encrypted = encrypted
            facts.form = form
            let protoName = form != nil ? "http-form" : auth?.loginProtocol?.rawValue ?? service ?? "tcp/\(key.port)"
            let streams = mr.map(\.stream)
            var frameCount = mr.reduce(0) { $0 + $1.frames }
            var shownFilter = PortScanDetector.streamFilter("tcp", streams, fallback: "\(Filter.between(key.client, key.server)) && tcp.port==\(key.port)")
            if streams.isEmpty {
                shownFilter = "\(Filter.between(key.client, key.server)) && tcp.port==\(key.port)"
                frameCount = logins + failures + successes
            }
            let evidence = Array(
                Set([first, auth?.failures.firstFrame ?? 0, auth?.successes.firstFrame ?? 0, form?.successFrame ?? 0].filter { $0 > 0 })
            ).sorted()
            let confidence = min(0.97, 0.55 + 0.2 * min(1, Double(attempts) / 50) + (failures > 0 ? 0.2 : 0.05))
            findings.append(Finding(
                    kind: .bruteForce, technique: .login(protoName), severity: successes > 0 && failures > 0 ? .critical : .high,
                    confidence: PortScanDetector.round(confidence),
                attackers: [key.client], targets: [key.server], ports: nil, targetedPorts: [key.port],
                firstFrame: first, lastFrame: last, start: start, end: end, packetCount: frameCount,
                evidenceFrames: evidence, displayFilter: shownFilter, attack: ["T1110.001", "T1110"],
                    streams: Array(streams.prefix(3)), facts: .bruteForce(facts)))
        }
        return findings
    }
}
