import PacketDecoding
import TrafficStatistics

/// DNS tunnelling and exfiltration: one client asking many distinct, long, high-entropy names under
/// one domain (data encoded in the labels), often with TXT or NULL record types to carry answers.
public struct DNSTunnelingDetector: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds) { self.thresholds = thresholds }

    public func detect(_ s: TrafficSummary) -> [Finding] {
        var findings: [Finding] = []
        // Reverse lookups are long and numeric by design (a busy server resolving its peers).
        for d in s.dnsQueries.domains where d.domain != "ip6.arpa" && d.domain != "in-addr.arpa" {
            let unique = d.uniqueNames.count
            let length = d.averageSubdomainLength, entropy = d.averageEntropy
            let records = d.txt + d.null
            let encoded = unique >= thresholds.minimumTunnelNames
                && (length >= thresholds.tunnelAverageSubdomainLength
                    || (entropy >= thresholds.tunnelEntropy && length >= thresholds.minimumEncodedLabelLength))
            let recordChannel = records >= thresholds.minimumTunnelRecordQueries && unique >= thresholds.minimumTunnelRecordQueries
            guard encoded || recordChannel else { continue }
            var facts = DNSTunnelingFacts()
            facts.domain = d.domain; facts.queries = d.queries.count; facts.names = unique
            facts.duration = Double(d.queries.lastTime - d.queries.firstTime) / 1e9
            facts.averageLength = length; facts.longestLabel = d.longestLabel; facts.entropy = entropy
            facts.txt = d.txt; facts.null = d.null; facts.cname = d.cname; facts.mx = d.mx; facts.any = d.any
            facts.examples = d.examples
            let safe = d.domain.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 46 || $0 == 95 }
            let regex = d.domain.split(separator: ".").joined(separator: "\\\\.")
            let filter = safe ? "\(Filter.host(d.client)) && dns.qry.name matches \"(^|\\\\.)\(regex)$\"" : "\(Filter.host(d.client)) && dns"
            let confidence = min(0.97, 0.6 + 0.15 * min(1, Double(unique) / 200) + (length >= thresholds.tunnelAverageSubdomainLength ? 0.12 : 0) + (entropy >= thresholds.tunnelEntropy ? 0.1 : 0))
            findings.append(
                Finding(
                    kind: .dnsTunneling,
                    technique: records >= thresholds.minimumTunnelRecordQueries
                        ? (d.null > d.txt ? .nullRecords : .txtRecords) : .encodedLabels,
                    severity: .high, confidence: PortScanDetector.round(confidence),
                    attackers: [d.client], targets: [d.resolver], ports: nil, targetedPorts: [53],
                    firstFrame: d.queries.firstFrame, lastFrame: d.queries.lastFrame, start: d.queries.firstTime, end: d.queries.lastTime,
                    packetCount: d.queries.count + d.responses, evidenceFrames: Array(d.queries.frames.prefix(3)),
                    displayFilter: filter, attack: ["T1071.004", "T1572", "T1048"],
                    facts: .dnsTunneling(facts)))
        }
        return findings
    }
}
