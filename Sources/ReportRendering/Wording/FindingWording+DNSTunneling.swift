import Support
import ThreatFindings

extension FindingWording {
    static func dnsTunneling(_ x: DNSTunnelingFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let client = f.attackers.first ?? .unspecified, resolver = f.targets.first ?? .unspecified
        let records = x.txt + x.null
        var details = [
            "\(x.queries) queries from \(client) for \(x.names) distinct names under \(x.domain) in \(seconds(x.duration)), "
                + "through \(resolver).",
            "Below the domain the names average \(NumberFormat.fixed(x.averageLength, 1)) characters (longest label \(x.longestLabel)) "
                + "with \(NumberFormat.fixed(x.entropy, 2)) bits of entropy per character: encoded data, not host names.",
        ]
        if records > 0 || x.cname + x.mx > 0 {
            details.append(
                "Record types asked: \(x.txt) TXT, \(x.null) NULL, \(x.cname) CNAME, \(x.mx) MX, \(x.any) ANY; "
                    + "tunnels (iodine, dnscat2, DNSExfiltrator) use these to carry data back.")
        }
        if !x.examples.isEmpty { details.append("Examples: \(x.examples.map(code).joined(separator: ", ")).") }
        return FindingWords(
            summary: "DNS tunnelling: \(client) sent \(x.queries) queries with \(x.names) distinct encoded names under \(x.domain) "
                + "(average \(NumberFormat.fixed(x.averageLength, 0)) characters, \(NumberFormat.fixed(x.entropy, 1)) bits/char).",
            details: details,
            confidenceReason: "\(x.names) distinct names under one domain (threshold \(t.minimumTunnelNames)), "
                + "average label length \(NumberFormat.fixed(x.averageLength, 1)) "
                + "(threshold \(NumberFormat.fixed(t.tunnelAverageSubdomainLength, 0))), "
                + "entropy \(NumberFormat.fixed(x.entropy, 2)) bits/char (threshold \(NumberFormat.fixed(t.tunnelEntropy, 1))), "
                + "\(records) TXT/NULL queries.")
    }
}
