import PacketDecoding
import Support
import TrafficStatistics

/// Logins sent in clear text (telnet, FTP USER/PASS, HTTP Basic, POP/IMAP LOGIN, SMTP AUTH PLAIN),
/// reported with the user name and the secret masked: the report never repeats a password.
public struct CleartextCredentialsDetector: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds) { self.thresholds = thresholds }

    struct Key: Hashable { var client: IPAddress; var server: IPAddress; var port: UInt16; var proto: String }

    static func protocolName(_ p: CredentialActivity.LoginProtocol) -> String {
        switch p {
        case .ftp: "FTP"; case .telnet: "Telnet"; case .pop: "POP3"; case .imap: "IMAP"; case .smtp: "SMTP AUTH"
        case .httpBasic: "HTTP Basic"; case .httpForm: "HTTP form"
        }
    }

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
            let name = Self.protocolName(firstCred.loginProtocol)
            var users: [String] = []
            for c in creds where !users.contains(c.username) && !c.username.isEmpty { users.append(c.username) }
            let accepted = creds.filter { $0.outcome == .accepted }.count
            let rejected = creds.filter { $0.outcome == .rejected }.count
            let frames = Array(Set(creds.flatMap(\.frames))).sorted()
            let shownUsers = users.prefix(5).map { "'\($0)'" }.joined(separator: ", ") + (users.count > 5 ? " and \(users.count - 5) more" : "")
            let secret = firstCred.secretLength > 0 ? "******** (\(firstCred.secretLength) characters, masked)" : "masked"
            let portName = PortNames.list([key.port])
            let logins = "\(creds.count) login\(creds.count == 1 ? "" : "s")"
            var details = ["\(logins) sent in clear text by \(key.client) to \(key.server) port \(portName) over \(name)."]
            if !users.isEmpty { details.append("User name\(users.count == 1 ? "" : "s"): \(shownUsers). Password: \(secret). Anyone on the path can read both.") }
            details.append("The server accepted \(accepted) and rejected \(rejected)\(creds.count - accepted - rejected > 0 ? "; \(creds.count - accepted - rejected) answers were not seen" : "").")
            let outcome = accepted > 0 ? "the server accepted them" : (rejected == creds.count ? "the server rejected them" : "the answer was not seen")
            let lastTime = creds.map(\.timestamp).max() ?? firstCred.timestamp
            findings.append(Finding(
                kind: .cleartextCredentials, technique: .login(firstCred.loginProtocol.rawValue), severity: accepted > 0 ? .high : .medium,
                confidence: 0.95,
                confidenceReason: "The \(name) login command\(creds.count == 1 ? "" : "s") and \(users.isEmpty ? "secret" : "user name and secret") were read from the payload of the frames listed.",
                attackers: [key.client], targets: [key.server], ports: nil, targetedPorts: [key.port],
                firstFrame: frames.first ?? 0, lastFrame: frames.last ?? 0, start: firstCred.timestamp, end: lastTime,
                packetCount: frames.count, evidenceFrames: Array(frames.prefix(4)),
                displayFilter: Filter.frames(frames), attack: ["T1040", "T1552"],
                summary: "\(name) credentials in clear text: \(key.client) logged in to \(key.server)\(users.isEmpty ? "" : " as \(shownUsers)") with the password readable on the wire (masked here); \(outcome).",
                details: details))
        }
        return findings
    }
}
