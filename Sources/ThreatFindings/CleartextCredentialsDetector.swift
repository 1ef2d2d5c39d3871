import PacketDecoding
import TrafficStatistics

/// Logins sent in clear text (telnet, FTP USER/PASS, HTTP Basic, POP/IMAP LOGIN, SMTP AUTH PLAIN),
/// reported with the user name and the secret masked: the report never repeats a password.
public struct CleartextCredentialsDetector: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds) { self.thresholds = thresholds }

    struct Key: Hashable { var client: IPAddress; var server: IPAddress; var port: UInt16; var proto: String }

    public func detect(_ s: TrafficSummary) -> [Finding] {
        var groups: [Key: [CredentialActivity.Credential]] = [:]
        var order: [Key] = []
        for c in s.credentials.credentials where c.loginProtocol != .httpForm || c.secretLength > 0 || !c.username.isEmpty {
            let key = Key(client: c.client, server: c.server, port: c.serverPort, proto: c.loginProtocol.rawValue)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(c)
        }
        var findings: [Finding] = []
        for key in order {
            guard let creds = groups[key], let firstCred = creds.first else { continue }
            var users: [String] = []
            for c in creds where !users.contains(c.username) && !c.username.isEmpty { users.append(c.username) }
            let accepted = creds.filter { $0.outcome == .accepted }.count
            let rejected = creds.filter { $0.outcome == .rejected }.count
            let frames = Array(Set(creds.flatMap(\.frames))).sorted()
            var facts = CleartextCredentialsFacts()
            facts.logins = creds.count; facts.accepted = accepted; facts.rejected = rejected
            facts.users = users; facts.secretLength = firstCred.secretLength
            let lastTime = creds.map(\.timestamp).max() ?? firstCred.timestamp
            findings.append(
                Finding(
                    kind: .cleartextCredentials, technique: .login(firstCred.loginProtocol.rawValue),
                    severity: accepted > 0 ? .high : .medium,
                    confidence: 0.95,
                    attackers: [key.client], targets: [key.server], ports: nil, targetedPorts: [key.port],
                    firstFrame: frames.first ?? 0, lastFrame: frames.last ?? 0, start: firstCred.timestamp, end: lastTime,
                    packetCount: frames.count, evidenceFrames: Array(frames.prefix(4)),
                    displayFilter: Filter.frames(frames), attack: ["T1040", "T1552"],
                    facts: .cleartextCredentials(facts)))
        }
        return findings
    }
}
