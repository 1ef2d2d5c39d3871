import Support
import ThreatFindings

extension FindingWording {
    /// A login service the bytes showed as plain-text lines that no greeting names (`user … pass …`).
    static func isPlaintextLogin(_ t: Technique?) -> Bool { t == .login("plaintext") }

    static func bruteForce(_ x: BruteForceFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let client = f.attackers.first ?? .unspecified, server = f.targets.first ?? .unspecified
        let plaintext = isPlaintextLogin(f.technique)
        let service = plaintext ? "`user`/`pass` lines" : f.technique?.rawValue ?? ""
        let attacked =
            plaintext ? "a plain-text login service on \(server) port \(PortNames.list(f.targetedPorts))" : "\(service) on \(server)"
        let perMinute = x.duration > 0 ? Double(x.attempts) / x.duration * 60 : Double(x.attempts)
        var details = [
            "\(x.attempts) login attempts from \(client) to \(server) port \(PortNames.list(f.targetedPorts)) in "
                + "\(seconds(x.duration)) (about \(NumberFormat.fixed(perMinute, 1)) per minute)."
        ]
        if x.connections > 0 {
            details.append(
                "\(x.connections) separate TCP connections, each short (the client sent \(x.averageClientBytes) bytes on average): "
                    + "one or a few guesses per connection, as hydra, medusa or ncrack work.")
        }
        if x.loginCommands > 0 {
            // Protocols whose login takes two command lines say how a login is counted.
            let twoLines = ["ftp", "pop", "imap", "smtp"].contains(service) || plaintext
            let counted = twoLines ? "; one per USER+PASS pair, APOP, AUTH or LOGIN" : ""
            details.append("\(x.loginCommands) logins read in clear text (\(service)\(counted)).")
        }
        if x.rejected > 0 || x.accepted > 0 {
            details.append("The server rejected \(x.rejected) and accepted \(x.accepted) of them.")
        } else if x.encrypted {
            details.append("The protocol is encrypted, so the answers cannot be read; the repeated short sessions are the evidence.")
        }
        if x.accepted > 0 && x.rejected > 0 {
            details.append(
                "A login succeeded after \(x.rejected) failures: the password was probably guessed. "
                    + "Treat the account as compromised.")
        }
        return FindingWords(
            summary: "Password guessing against \(attacked): "
                + "\(client) made \(x.attempts) login attempts in \(seconds(x.duration))"
                + (x.rejected + x.accepted > 0 ? "; \(x.rejected) rejected, \(x.accepted) accepted." : "."),
            details: details,
            confidenceReason: "\(x.attempts) attempts (threshold \(t.minimumBruteForceAttempts)) against a login service"
                + (x.rejected > 0
                    ? "; \(x.rejected) rejections read from the server's answers."
                    : "; the answers are not readable, so the pattern of short repeated sessions is the evidence."))
    }
}
