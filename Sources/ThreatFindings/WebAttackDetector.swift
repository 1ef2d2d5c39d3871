import PacketDecoding
import Support
import TrafficStatistics

/// Web attacks seen in requests: per client and web server, the requests whose target, query
/// string or form body carries SQL injection, path traversal, command injection or XSS payloads
/// (`WebAttackPatterns`), attack and scanning tools named by their User-Agent (sqlmap, Nikto, the
/// Nmap Scripting Engine, Hydra, gobuster, …), and wordlist content discovery (many distinct paths,
/// mostly 404). What decides the severity is the server's answer: payloads answered 2xx are high,
/// payloads the server refused or failed on are medium, a few tool requests are low; one or two
/// payload requests from an ordinary client are not reported.
public struct WebAttackDetector: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds) { self.thresholds = thresholds }

    /// The technique that names each attack class.
    static let techniques: [(WebAttackClass, Technique)] = [
        (.sqlInjection, .sqlInjection), (.pathTraversal, .pathTraversal), (.commandInjection, .commandInjection),
        (.crossSiteScripting, .crossSiteScripting),
    ]

    /// The answers in facts form, with the requests that got none.
    static func answers(_ a: HTTPRequestEvidence.Answers, requests: Int) -> WebAttackFacts.Answers {
        var x = WebAttackFacts.Answers()
        x.success = a.success; x.redirect = a.redirect; x.clientError = a.clientError; x.serverError = a.serverError
        x.unanswered = max(0, requests - a.total)
        return x
    }

    /// An example request in facts form, its target's passwords masked.
    static func example(_ e: HTTPRequestEvidence.Example) -> WebAttackFacts.Example {
        var x = WebAttackFacts.Example()
        x.frame = e.frame
        x.techniques = techniques.filter { e.classes.contains($0.0) }.map(\.1)
        x.method = e.method
        x.target = CredentialMask.maskedFields(e.target)
        x.status = e.status
        return x
    }

    /// One finding per client and web server whose requests carried payloads, a tool or a wordlist run.
    public func detect(_ s: TrafficSummary) -> [Finding] {
        s.httpRequests.pairs.compactMap(finding)
    }

    /// The finding for one client and server; nil when its requests show no attack.
    func finding(_ p: HTTPRequestEvidence.Pair) -> Finding? {
        let answered = p.answers.total
        let discovery =
            p.distinctPaths >= thresholds.minimumScannedPaths
            && Double(p.notFound) >= thresholds.scannedPathsNotFoundFraction * Double(max(1, answered))
        let scripted = p.distinctPaths >= thresholds.minimumScannedPaths && p.genericClientRequests * 2 >= p.requests
        // One or two payload-looking requests alone are not reported: a real probe repeats itself.
        guard p.attackRequests >= thresholds.minimumWebAttackRequests || !p.tool.isEmpty || discovery || scripted else { return nil }
        // Hydra's requests without payloads are password guesses: the brute-force finding reports them.
        if p.tool == "Hydra" && p.attackRequests == 0 && !discovery { return nil }
        var x = WebAttackFacts()
        x.requests = p.requests
        x.answers = Self.answers(p.answers, requests: p.requests)
        x.distinctPaths = p.distinctPaths; x.pathsCapped = p.distinctPaths >= HTTPRequestEvidence.pathsCounted
        x.notFound = p.notFound
        x.attackRequests = p.attackRequests
        x.attackAnswers = Self.answers(p.attackAnswers, requests: p.attackRequests)
        x.tool = p.tool.isEmpty ? nil : p.tool
        x.toolRequests = p.toolRequests
        x.genericClientRequests = p.genericClientRequests
        x.contentDiscovery = discovery
        x.userAgent = p.userAgent.isEmpty ? nil : p.userAgent
        x.host = p.host.isEmpty ? nil : p.host
        var evidence: [Int] = []
        var examples: [HTTPRequestEvidence.Example] = []
        for (c, t) in Self.techniques {
            guard let e = p.classes[c] else { continue }
            var count = WebAttackFacts.ClassCount(technique: t)
            count.requests = e.requests
            count.answers = Self.answers(e.answers, requests: e.requests)
            x.classes.append(count)
            evidence += e.frames.prefix(2)
            // Examples answered 2xx first: they are what the analyst must look at.
            let sorted = e.examples.filter { ($0.status ?? 0) / 100 == 2 } + e.examples.filter { ($0.status ?? 0) / 100 != 2 }
            for ex in sorted.prefix(max(2, 6 / max(1, p.classes.count))) where !examples.contains(where: { $0.frame == ex.frame }) {
                examples.append(ex)
            }
        }
        evidence += p.toolFrames.prefix(2)
        if examples.isEmpty { examples = Array(p.toolExamples.prefix(3)) }
        x.examples = examples.prefix(6).map(Self.example)
        if evidence.isEmpty { evidence = [p.firstFrame] }
        let technique: Technique
        if let top = x.classes.max(by: { $0.requests != $1.requests ? $0.requests < $1.requests : false }), top.requests > 0 {
            technique = top.technique
        } else {
            technique = x.tool != nil ? .vulnerabilityScanner : .contentDiscovery
        }
        let severity: FindingSeverity
        if p.attackRequests >= thresholds.minimumWebAttackRequests {
            severity = x.attackAnswers.success > 0 ? .high : .medium
        } else if p.toolRequests >= thresholds.minimumToolRequests || discovery || (p.attackRequests > 0 && x.tool != nil) {
            severity = .medium
        } else {
            severity = .low
        }
        var attack: [String] = []
        if p.attackRequests > 0 { attack.append("T1190") }
        if x.tool != nil { attack.append("T1595.002") }
        if discovery || scripted { attack.append("T1595.003") }
        let kinds = x.classes.count
        var confidence = 0.45 + 0.1 * Double(min(kinds, 3)) + (x.tool != nil ? 0.15 : 0) + (discovery ? 0.1 : 0)
        if p.attackRequests >= thresholds.minimumWebAttackRequests { confidence += 0.15 }
        let v6 = p.client.isIPv6
        let filter = "\(v6 ? "ipv6" : "ip").src==\(p.client) && \(v6 ? "ipv6" : "ip").dst==\(p.server) && http.request"
        var indicators: [Indicator] = []
        if let tool = x.tool, let ua = x.userAgent, WebAttackPatterns.tool(userAgent: ua) == tool {
            indicators.append(Indicator(kind: .userAgent, value: ua, role: .attacker))
        }
        for e in x.examples where !e.techniques.isEmpty {
            let url = Self.url(host: x.host ?? "\(p.server)", target: e.target, port: p.ports.first ?? 80)
            let i = Indicator(kind: .url, value: url, role: .victim)
            if !indicators.contains(i) && indicators.count < 6 { indicators.append(i) }
        }
        return Finding(
            kind: .webAttack, technique: technique, severity: severity, confidence: PortScanDetector.round(min(0.95, confidence)),
            attackers: [p.client], targets: [p.server], ports: nil, targetedPorts: p.ports,
            firstFrame: p.firstFrame, lastFrame: p.lastFrame, start: p.firstTime, end: p.lastTime, packetCount: p.requests,
            evidenceFrames: Array(Set(evidence)).sorted().prefix(6).map { $0 }, displayFilter: filter, attack: attack,
            facts: .webAttack(x), indicators: indicators)
    }

    /// The attacked URL without its query string (the payload): `http://host/path`.
    static func url(host: String, target: String, port: UInt16) -> String {
        var path = target
        if let q = path.firstIndex(of: "?") { path = String(path[..<q]) }
        if path.hasPrefix("http://") || path.hasPrefix("https://") { return path }
        let scheme = port == 443 || port == 8443 ? "https" : "http"
        return "\(scheme)://\(host)\(path.hasPrefix("/") ? "" : "/")\(path)"
    }
}
