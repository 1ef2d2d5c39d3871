/// Masks secrets in cleartext protocol text before a report shows it (stream excerpts): the report
/// names the user, never the password. Works on Follow-Stream text (lines separated by `\n`).
public enum SecretMask {
    public static let mask = "********"

    /// True when `text` ends with a password prompt (telnet, rlogin, some FTP banners).
    public static func isPasswordPrompt(_ text: String) -> Bool {
        var t = Substring(text.lowercased())
        while let last = t.last, last == " " || last == "\n" || last == "." { t = t.dropLast() }
        return t.hasSuffix("password:") || t.hasSuffix("passcode:") || t.hasSuffix("pin:")
    }

    /// `text` with every secret replaced by `********`: `PASS x`, `<tag> LOGIN user x`, `AUTH PLAIN x`,
    /// `APOP user x`, `Authorization: Basic x`, form fields `password=x`; after a password prompt, the
    /// whole first line (telnet keystrokes).
    public static func masked(_ text: String, afterPasswordPrompt: Bool = false) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for i in lines.indices {
            if i == 0 && afterPasswordPrompt && !lines[i].isEmpty { lines[i] = mask; continue }
            lines[i] = maskLine(lines[i])
        }
        return lines.joined(separator: "\n")
    }

    static func maskLine(_ line: String) -> String {
        let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let upper = words.map { $0.uppercased() }
        if upper.first == "PASS" && words.count >= 2 { return words[0] + " " + mask }
        if upper.first == "APOP" && words.count >= 3 { return words[0] + " " + words[1] + " " + mask }
        if upper.count >= 3 && upper[0] == "AUTH" && (upper[1] == "PLAIN" || upper[1] == "LOGIN") { return words[0] + " " + words[1] + " " + mask }
        if upper.count >= 4 && upper[1] == "LOGIN" { return words[0...2].joined(separator: " ") + " " + mask }
        let lower = line.lowercased()
        if lower.hasPrefix("authorization:") || lower.hasPrefix("proxy-authorization:") {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            return parts.count >= 2 ? parts[0] + " " + parts[1] + " " + mask : line
        }
        for key in ["password=", "passwd=", "pass=", "pwd="] where lower.contains(key) {
            var out = ""
            for field in line.split(separator: "&", omittingEmptySubsequences: false) {
                if !out.isEmpty { out += "&" }
                let f = field.lowercased()
                if let eq = field.firstIndex(of: "="), ["password", "passwd", "pass", "pwd"].contains(where: { f.hasPrefix($0 + "=") || f.hasSuffix("_" + $0 + "=") || f.contains($0 + "=") }) {
                    out += field[...eq] + mask
                } else { out += field }
            }
            return out
        }
        return line
    }
}
