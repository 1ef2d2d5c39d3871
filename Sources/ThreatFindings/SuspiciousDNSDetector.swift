import PacketDecoding
import TrafficStatistics

/// Suspicious DNS beside tunnelling: one client asking many machine-made domains (a domain
/// generation algorithm looking for its live C2 domain, T1568.002), getting NXDOMAIN for most of
/// what it asks (an NXDOMAIN storm), or speaking DNS on a UDP or TCP port other than 53 (T1071.004).
public struct SuspiciousDNSDetector: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds) { self.thresholds = thresholds }

    public func detect(_ s: TrafficSummary) -> [Finding] {
        dga(s.dnsQueries.evidence) + offPort(s.dnsQueries.offPort) + longNames(s.dnsQueries.evidence)
    }

    /// DGA (per client: distinct machine-made registered domains) and, where there is none, NXDOMAIN storms.
    func dga(_ e: DNSEvidence) -> [Finding] {
        struct Tally {
            var domains: Set<Substring> = [], nx = 0, abused = 0, examples: [String] = [], frames: [Int] = []
            var first = Int.max, last = 0, start = Int64.max, end = Int64.min
        }
        var tallies: [IPAddress: Tally] = [:]
        for name in e.names
        where name.dgaScore >= thresholds.dgaNameScore || (name.rcode == 3 && name.dgaScore >= thresholds.dgaNxdomainNameScore) {
            guard let label = DGAScore.registeredLabel(name.name) else { continue }
            for client in name.clients {
                var t = tallies[client, default: Tally()]
                if t.domains.insert(label).inserted {
                    if t.examples.count < 5 { t.examples.append(name.name) }
                    if AbusedTLD.tld(of: name.name) != nil { t.abused += 1 }
                }
                if name.rcode == 3 { t.nx += 1 }
                if name.queries.count > 0 {
                    if t.frames.count < 3 { t.frames.append(name.queries.firstFrame) }
                    t.first = min(t.first, name.queries.firstFrame); t.last = max(t.last, name.queries.lastFrame)
                    t.start = min(t.start, name.queries.firstTime); t.end = max(t.end, name.queries.lastTime)
                }
                tallies[client] = t
            }
        }
        var findings: [Finding] = []
        for c in e.clients {
            var facts = SuspiciousDNSFacts()
            facts.queries = c.queries; facts.responses = c.responses; facts.nxdomain = c.nxdomain; facts.names = c.distinctNames
            let t = tallies[c.client] ?? Tally()
            facts.dgaDomains = t.domains.count; facts.dgaNXDomain = t.nx; facts.examples = t.examples
            facts.abusedTLDDomains = t.abused
            let isDGA = t.domains.count >= thresholds.minimumDgaDomains
            let storm =
                c.nxdomain >= thresholds.minimumNxdomainAnswers
                && Double(c.nxdomain) >= thresholds.nxdomainStormFraction * Double(max(1, c.responses))
            guard isDGA || storm else { continue }
            let mostlyNX = Double(t.nx) >= thresholds.dgaNxdomainFraction * Double(max(1, t.domains.count))
            let severity: FindingSeverity = isDGA ? (mostlyNX ? .high : .medium) : .low
            let confidence =
                isDGA
                ? min(
                    0.95,
                    0.6 + 0.2 * min(1, Double(t.domains.count) / 50) + (mostlyNX ? 0.15 : 0)
                        + (2 * t.abused >= t.domains.count ? 0.05 : 0))
                : min(0.7, 0.4 + 0.3 * min(1, Double(c.nxdomain) / 500))
            let frames = t.frames.sorted()
            var finding = Finding(
                kind: .suspiciousDNS, technique: isDGA ? .dga : .nxdomainStorm, severity: severity,
                confidence: PortScanDetector.round(confidence), attackers: [c.client], targets: c.servers, ports: nil,
                targetedPorts: [53], firstFrame: t.first == .max ? 0 : t.first, lastFrame: t.last,
                start: t.start == .max ? 0 : t.start, end: t.end == .min ? 0 : t.end,
                packetCount: c.queries + c.responses, evidenceFrames: frames,
                displayFilter: isDGA ? "\(Filter.host(c.client)) && dns" : "\(Filter.host(c.client)) && dns.flags.rcode == 3",
                attack: isDGA ? ["T1568.002", "T1071.004"] : ["T1568.002"], facts: .suspiciousDNS(facts))
            finding.indicators =
                t.examples.map { Indicator(kind: .domain, value: $0, role: .c2) }
                + [Indicator(kind: c.client.isIPv6 ? .ipv6 : .ipv4, value: c.client.description, role: .victim)]
                + c.servers.map { Indicator(kind: $0.isIPv6 ? .ipv6 : .ipv4, value: $0.description, role: .infrastructure) }
            findings.append(finding)
        }
        return findings
    }

    /// DNS on a port that is not DNS's: medium to an external server, low inside the site (a local
    /// forwarder such as Consul's 8600 or dnsmasq on a high port).
    func offPort(_ rows: [OffPortDNS]) -> [Finding] {
        rows.filter { $0.queries.count > 0 }.map { r in
            var facts = SuspiciousDNSFacts()
            facts.queries = r.queries.count; facts.responses = r.responses.count; facts.port = r.port; facts.examples = r.names
            facts.names = r.names.count; facts.transport = r.isTCP ? "tcp" : "udp"
            let external = !r.server.isInternal
            var finding = Finding(
                kind: .suspiciousDNS, technique: .nonStandardPort, severity: external ? .medium : .low,
                confidence: external ? 0.8 : 0.6, attackers: [r.client], targets: [r.server], ports: nil,
                targetedPorts: [r.port], firstFrame: r.queries.firstFrame, lastFrame: max(r.queries.lastFrame, r.responses.lastFrame),
                start: r.queries.firstTime, end: max(r.queries.lastTime, r.responses.lastTime),
                packetCount: r.queries.count + r.responses.count, evidenceFrames: Array(r.queries.frames.prefix(3)),
                // Over TCP only the segments with data: the handshakes and acknowledgements carry no message.
                displayFilter: "\(Filter.between(r.client, r.server)) && \(facts.transport).port == \(r.port)"
                    + (r.isTCP ? " && tcp.len > 0" : ""),
                attack: ["T1071.004", "T1571"], facts: .suspiciousDNS(facts))
            finding.indicators =
                [
                    Indicator(kind: r.server.isIPv6 ? .ipv6 : .ipv4, value: r.server.description, role: .c2),
                    Indicator(kind: r.client.isIPv6 ? .ipv6 : .ipv4, value: r.client.description, role: .victim),
                ]
                + r.names.map { Indicator(kind: .domain, value: $0, role: .c2) }
            return finding
        }
    }
}
