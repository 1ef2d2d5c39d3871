import Support
import ThreatFindings

extension FindingWording {
    /// "FTP", "HTTP Basic", … for the login protocol a cleartext finding's technique spells.
    static func loginProtocolName(_ t: Technique?) -> String {
        switch t?.rawValue ?? "" {
        case "ftp": "FTP"
        case "telnet": "Telnet"
        case "pop": "POP3"
        case "imap": "IMAP"
        case "smtp": "SMTP AUTH"
        case "http-basic": "HTTP Basic"
        case "http-form": "HTTP form"
        case "plaintext": "a plain-text protocol"
        case let other: other
        }
    }

    static func cleartextCredentials(_ x: CleartextCredentialsFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let client = f.attackers.first ?? .unspecified, server = f.targets.first ?? .unspecified
        let name = loginProtocolName(f.technique)
        let shownUsers =
            x.users.prefix(5).map { "'\($0)'" }.joined(separator: ", ") + (x.users.count > 5 ? " and \(x.users.count - 5) more" : "")
        let secret = x.secretLength > 0 ? "******** (\(x.secretLength) characters, masked)" : "masked"
        let unseen = x.logins - x.accepted - x.rejected
        var details = [
            "\(x.logins) login\(s(x.logins)) sent in clear text by \(client) to \(server) "
                + "port \(PortNames.list(f.targetedPorts)) over \(name)."
        ]
        if !x.users.isEmpty {
            details.append("User name\(s(x.users.count)): \(shownUsers). Password: \(secret). Anyone on the path can read both.")
        }
        details.append(
            "The server accepted \(x.accepted) and rejected \(x.rejected)\(unseen > 0 ? "; \(unseen) answers were not seen" : "").")
        let outcome =
            x.accepted > 0 ? "the server accepted them" : (x.rejected == x.logins ? "the server rejected them" : "the answer was not seen")
        let plaintext = isPlaintextLogin(f.technique)
        return FindingWords(
            summary: (plaintext ? "Credentials in clear text" : "\(name) credentials in clear text")
                + ": \(client) logged in to \(server)\(plaintext ? " port \(PortNames.list(f.targetedPorts))" : "")"
                + "\(x.users.isEmpty ? "" : " as \(shownUsers)")\(plaintext ? " over \(name)" : "") "
                + "with the password readable on the wire (masked here); \(outcome).",
            details: details,
            confidenceReason:
                "The \(plaintext ? "user/pass" : name) login command\(s(x.logins)) and \(x.users.isEmpty ? "secret" : "user name and secret") "
                + "were read from the payload of the frames listed.")
    }
}
