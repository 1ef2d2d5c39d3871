import Support
import ThreatFindings

extension FindingWording {
    /// A web attack technique in words ("SQL injection", "vulnerability scanner").
    static func webAttackName(_ t: Technique) -> String {
        switch t {
        case .sqlInjection: "SQL injection"
        case .pathTraversal: "path traversal"
        case .commandInjection: "command injection"
        case .crossSiteScripting: "cross-site scripting (XSS)"
        case .vulnerabilityScanner: "vulnerability scanner"
        case .contentDiscovery: "content discovery (wordlist)"
        default: t.rawValue
        }
    }

    /// Capture text shown in a sentence: backquotes encoded (`%60`), so the text can never open a
    /// code span in a finding's details; the renderer escapes the rest.
    static func quotedText(_ s: String, limit: Int = 200) -> String {
        let cut = s.count > limit ? String(s.prefix(limit)) + "…" : s
        return cut.replacingOccurrences(of: "`", with: "%60")
    }

    /// "the server answered 2xx to 12 of them, 3xx to 1, 4xx to 3, 5xx to 20; 2 unanswered".
    static func answerWords(_ a: WebAttackFacts.Answers, of requests: Int) -> String {
        var parts: [String] = []
        if a.success > 0 { parts.append("2xx (success, e.g. 200) to \(NumberFormat.grouped(a.success)) of them") }
        if a.redirect > 0 { parts.append("3xx (redirect) to \(NumberFormat.grouped(a.redirect))") }
        if a.clientError > 0 { parts.append("4xx (refused or not found) to \(NumberFormat.grouped(a.clientError))") }
        if a.serverError > 0 { parts.append("5xx (server error) to \(NumberFormat.grouped(a.serverError))") }
        var text = parts.isEmpty ? "the server answered none of them" : "the server answered " + parts.joined(separator: ", ")
        if a.unanswered > 0 && !parts.isEmpty { text += "; \(NumberFormat.grouped(a.unanswered)) got no answer in the capture" }
        return text
    }

    /// Both directions of the finding's HTTP: `ip.addr==A && ip.addr==B && http`.
    static func answersFilter(_ f: Finding) -> String {
        let a = f.attackers.first, b = f.targets.first
        let field = a?.isIPv6 ?? false ? "ipv6.addr" : "ip.addr"
        return "\(field)==\(a.map(\.description) ?? "?") && \(field)==\(b.map(\.description) ?? "?") && http"
    }

    /// The words of a web attack finding.
    static func webAttack(_ x: WebAttackFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let client = f.attackers.first.map(\.description) ?? "?", server = f.targets.first.map(\.description) ?? "?"
        let ports = f.targetedPorts.map(String.init).joined(separator: ", ")
        let names = x.classes.map { webAttackName($0.technique) }
        var summary: String
        if x.attackRequests > 0 {
            summary =
                "Web attack on \(server): \(client) sent \(NumberFormat.grouped(x.attackRequests)) request\(s(x.attackRequests)) with "
                + names.joined(separator: ", ") + " payloads"
                + (x.tool.map { " (\($0))" } ?? "")
                + "; the server answered 2xx to \(NumberFormat.grouped(x.attackAnswers.success)) of them."
        } else if let tool = x.tool {
            summary =
                "\(tool) against \(server): \(client) sent \(NumberFormat.grouped(x.toolRequests)) request\(s(x.toolRequests)) with its User-Agent."
        } else {
            summary =
                "Web content discovery on \(server): \(client) asked for \(x.pathsCapped ? "at least " : "")"
                + "\(NumberFormat.grouped(x.distinctPaths)) distinct paths, \(NumberFormat.grouped(x.notFound)) answered 404."
        }
        var details = [
            "\(client) sent \(NumberFormat.grouped(x.requests)) HTTP request\(s(x.requests)) to \(server) port\(f.targetedPorts.count == 1 ? "" : "s") \(ports)"
                + (x.host.map { " (Host \(quotedText($0)))" } ?? "") + " in \(seconds(Double(f.end - f.start) / 1e9)): "
                + "\(x.pathsCapped ? "at least " : "")\(NumberFormat.grouped(x.distinctPaths)) distinct path\(s(x.distinctPaths)), "
                + "\(NumberFormat.grouped(x.notFound)) answered 404; \(answerWords(x.answers, of: x.requests))."
        ]
        for c in x.classes {
            details.append(
                "\(webAttackName(c.technique).prefix(1).uppercased() + webAttackName(c.technique).dropFirst()) in "
                    + "\(NumberFormat.grouped(c.requests)) request\(s(c.requests)): \(answerWords(c.answers, of: c.requests)).")
        }
        if let tool = x.tool {
            details.append(
                "\(NumberFormat.grouped(x.toolRequests)) request\(s(x.toolRequests)) carried the User-Agent of \(tool)"
                    + (x.userAgent.map { " (\(quotedText($0)))" } ?? "") + ", an attack or vulnerability scanning tool.")
        } else if x.genericClientRequests > 0 && (x.contentDiscovery || x.distinctPaths >= t.minimumScannedPaths) {
            details.append(
                "\(NumberFormat.grouped(x.genericClientRequests)) request\(s(x.genericClientRequests)) came from a scripting client"
                    + (x.userAgent.map { " (\(quotedText($0)))" } ?? "") + ", not a browser.")
        }
        if x.contentDiscovery {
            details.append(
                "Many distinct paths, most of them missing: a wordlist run (gobuster, dirb, Nikto) looking for hidden pages, "
                    + "backups and admin panels.")
        }
        for e in x.examples {
            let kinds = e.techniques.isEmpty ? "" : " (" + e.techniques.map(webAttackName).joined(separator: ", ") + ")"
            let answer = e.status.map { "answered \($0)" } ?? "no answer seen"
            details.append("Example, frame \(e.frame)\(kinds), \(answer): \(quotedText(e.method, limit: 16)) \(quotedText(e.target)).")
        }
        if x.attackAnswers.success > 0 {
            details.append(
                "A 2xx answer does not prove the payload worked, but the server processed it: read those answers "
                    + "(`\(answersFilter(f))`) for database errors, file contents or command output.")
        }
        let reason =
            (x.attackRequests > 0
                ? "payload structure matched in \(NumberFormat.grouped(x.attackRequests)) request\(s(x.attackRequests)) "
                    + "(query, form and path values decoded once; quotes with tautologies or comments, UNION SELECT, SQL functions, "
                    + "../ twice or system files, shell separators before commands, script tags and event handlers); " : "")
            + (x.tool != nil ? "the User-Agent names an attack tool; " : "")
            + (x.contentDiscovery ? "\(t.minimumScannedPaths)+ distinct paths with most answers 404; " : "")
            + "medium from \(t.minimumWebAttackRequests) payload requests (or \(t.minimumToolRequests) tool requests), "
            + "high when the server answered 2xx to a payload."
        return FindingWords(summary: summary, details: details, confidenceReason: reason)
    }
}

extension AdviceWriter {
    /// The title of the advice for web attack findings.
    static let webAttackTitle = "Protect the attacked web applications"
    /// Where the advice for web attacks comes from.
    static let webAttackReferences = [
        "OWASP Top 10 A03:2021", "CIS Controls v8 16.1", "CIS Controls v8 13.10", "NIST SP 800-44", "MITRE ATT&CK M1048",
        "MITRE ATT&CK M1051", "MITRE ATT&CK M1050",
    ]

    /// The advice for the web attack findings `web`.
    static func webAttackAdvice(_ web: [Finding]) -> String {
        let servers = Set(web.flatMap(\.targets)).sorted().map(\.description).joined(separator: ", ")
        let attackers = Set(web.flatMap(\.attackers)).sorted().map(\.description).joined(separator: ", ")
        var text = "Check the logs of \(servers) for what the attacked requests returned. "
        let sql = web.contains { f in
            if case .webAttack(let x) = f.facts { x.classes.contains { $0.technique == .sqlInjection } } else { false }
        }
        if sql { text += "Use parameterised queries (prepared statements) for every database access. " }
        text +=
            "Validate input and encode output in the application, put a web application firewall (e.g. ModSecurity with the OWASP Core Rule Set) "
            + "in front of it, patch the application and its framework, and block \(attackers) at the edge."
        return text
    }
}
