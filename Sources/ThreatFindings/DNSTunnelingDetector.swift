import PacketDecoding
import Support
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
                && (length >= thresholds.tunnelAverageSubdomainLength || (entropy >= thresholds.tunnelEntropy && length >= 16))
            let recordChannel = records >= thresholds.minimumTunnelRecordQueries && unique >= thresholds.minimumTunnelRecordQueries
            guard encoded || recordChannel else { continue }
            var details = ["\(d.queries.count) queries from \(d.client) for \(unique) distinct names under \(d.domain) in \(PortScanDetector.seconds(Double(d.queries.lastTime - d.queries.firstTime) / 1e9)), through \(d.resolver)."]
            details.append("Below the domain the names average \(NumberFormat.fixed(length, 1)) characters (longest label \(d.longestLabel)) with \(NumberFormat.fixed(entropy, 2)) bits of entropy per character: encoded data, not host names.")
            if records > 0 || d.cname + d.mx > 0 {
                details.append("Record types asked: \(d.txt) TXT, \(d.null) NULL, \(d.cname) CNAME, \(d.mx) MX, \(d.any) ANY; tunnels (iodine, dnscat2, DNSExfiltrator) use these to carry data back.")
            }
            if !d.examples.isEmpty { details.append("Examples: \(d.examples.map { "`\($0)`" }.joined(separator: ", ")).") }
            let safe = d.domain.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 46 || $0 == 95 }
            let regex = d.domain.split(separator: ".").joined(separator: "\\\\.")
            let filter = safe ? "\(Filter.host(d.client)) && dns.qry.name matches \"(^|\\\\.)\(regex)$\"" : "\(Filter.host(d.client)) && dns"
            let confidence = min(0.97, 0.6 + 0.15 * min(1, Double(unique) / 200) + (length >= thresholds.tunnelAverageSubdomainLength ? 0.12 : 0) + (entropy >= thresholds.tunnelEntropy ? 0.1 : 0))
            findings.append(Finding(
                kind: .dnsTunneling, technique: records >= thresholds.minimumTunnelRecordQueries ? (d.null > d.txt ? .nullRecords : .txtRecords) : .encodedLabels,
                severity: .high, confidence: PortScanDetector.round(confidence),
                confidenceReason: "\(unique) distinct names under one domain (threshold \(thresholds.minimumTunnelNames)), average label length \(NumberFormat.fixed(length, 1)) (threshold \(NumberFormat.fixed(thresholds.tunnelAverageSubdomainLength, 0))), entropy \(NumberFormat.fixed(entropy, 2)) bits/char (threshold \(NumberFormat.fixed(thresholds.tunnelEntropy, 1))), \(records) TXT/NULL queries.",
                attackers: [d.client], targets: [d.resolver], ports: nil, targetedPorts: [53],
                firstFrame: d.queries.firstFrame, lastFrame: d.queries.lastFrame, start: d.queries.firstTime, end: d.queries.lastTime,
                packetCount: d.queries.count + d.responses, evidenceFrames: Array(d.queries.frames.prefix(3)),
                displayFilter: filter, attack: ["T1071.004", "T1572", "T1048"],
                summary: "DNS tunnelling: \(d.client) sent \(d.queries.count) queries with \(unique) distinct encoded names under \(d.domain) (average \(NumberFormat.fixed(length, 0)) characters, \(NumberFormat.fixed(entropy, 1)) bits/char).",
                details: details))
        }
        return findings
    }
}
