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
        if let form = x.form { details += formGuessingDetails(form) }
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

extension FindingWording {
    /// The sentences about HTTP form guessing: the login URL, the users and passwords tried
    /// (counted, never shown), and the answer that gave the successful guess away.
    static func formGuessingDetails(_ form: FormGuessingFacts) -> [String] {
        let atLeast = form.capped ? "at least " : ""
        var out = [
            "\(NumberFormat.grouped(form.attempts)) request\(s(form.attempts)) with a password field to "
                + (form.urls > 1 ? "\(form.urls) login URLs, the busiest " : "")
                + "\(quotedText(form.method, limit: 16)) \(quotedText(form.url)), which got \(NumberFormat.grouped(form.busiestAttempts)): "
                + "\(atLeast)\(NumberFormat.grouped(form.distinctUsers)) distinct user name\(s(form.distinctUsers)) and "
                + "\(atLeast)\(NumberFormat.grouped(form.distinctPasswords)) distinct password\(s(form.distinctPasswords)) "
                + "there (counted, never shown). Answers that say the login failed, or 4xx/5xx, are rejections."
        ]
        if let frame = form.successFrame {
            out.append(
                "The answer in frame \(frame) (to the request in frame \(form.successRequestFrame ?? 0)"
                    + (form.successUser.map { ", user \(quotedText($0, limit: 64))" } ?? "") + ") differs from the usual one: "
                    + "\(quotedText(form.successAnswer ?? "")). That guess probably succeeded.")
        }
        return out
    }
}
