import PacketDecoding
import TrafficStatistics

extension SuspiciousDNSDetector {
    /// Very long names: one client asking at least `minimumLongDnsNames` distinct names of
    /// `longDnsNameLength` characters or more. Low: data smuggled in names looks like this, but so do
    /// anti-virus reputation look-ups and DNS blocklists; a real tunnel is the tunnelling detector's
    /// (many names under one domain), and reverse names (`.arpa`) are skipped.
    func longNames(_ e: DNSEvidence) -> [Finding] {
        struct Tally { var names: Set<String> = [], examples: [String] = [], frames: [Int] = [], queries = Sighting() }
        var tallies: [IPAddress: Tally] = [:]
        for n in e.names where n.name.utf8.count >= thresholds.longDnsNameLength && !n.name.hasSuffix(".arpa") && n.queries.count > 0 {
            for client in n.clients {
                var t = tallies[client, default: Tally()]
                if t.names.insert(n.name).inserted {
                    if t.examples.count < 3 { t.examples.append(n.name) }
                    if t.frames.count < 3 { t.frames.append(n.queries.firstFrame) }
                    if t.queries.count == 0 || n.queries.firstFrame < t.queries.firstFrame {
                        t.queries.firstFrame = n.queries.firstFrame; t.queries.firstTime = n.queries.firstTime
                    }
                    if n.queries.lastFrame > t.queries.lastFrame {
                        t.queries.lastFrame = n.queries.lastFrame; t.queries.lastTime = n.queries.lastTime
                    }
                    t.queries.count += n.queries.count
                }
                tallies[client] = t
            }
        }
        return e.clients.compactMap { c in
            guard let t = tallies[c.client], t.names.count >= thresholds.minimumLongDnsNames else { return nil }
            var facts = SuspiciousDNSFacts()
            facts.queries = c.queries; facts.responses = c.responses; facts.nxdomain = c.nxdomain; facts.names = c.distinctNames
            facts.longNames = t.names.count; facts.longestName = t.names.map(\.utf8.count).max() ?? 0
            facts.examples = t.examples
            var finding = Finding(
                kind: .suspiciousDNS, technique: .longNames, severity: .low, confidence: 0.4,
                attackers: [c.client], targets: c.servers, ports: nil, targetedPorts: [53],
                firstFrame: t.queries.firstFrame, lastFrame: t.queries.lastFrame, start: t.queries.firstTime, end: t.queries.lastTime,
                packetCount: t.queries.count, evidenceFrames: t.frames.sorted(),
                displayFilter:
                    "\(Filter.source(c.client)) && dns.flags.response == 0 && len(dns.qry.name) >= \(thresholds.longDnsNameLength)",
                attack: ["T1071.004"], facts: .suspiciousDNS(facts))
            finding.indicators = [Indicator(kind: c.client.isIPv6 ? .ipv6 : .ipv4, value: c.client.description, role: .victim)]
            return finding
        }
    }
}
