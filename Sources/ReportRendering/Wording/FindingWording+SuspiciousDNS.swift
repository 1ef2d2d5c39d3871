import Support
import ThreatFindings

extension FindingWording {
    static func suspiciousDNS(_ x: SuspiciousDNSFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let client = f.attackers.first ?? .unspecified
        // Names are capture bytes: each is its own code span, fenced longer than any backtick run in it.
        let examples = x.examples.map(code).joined(separator: ", ")
        switch f.technique {
        case .dga:
            var details = [
                "\(client) asked for \(x.dgaDomains) distinct registered domains whose names look machine-made "
                    + "(DGA score ≥ \(NumberFormat.fixed(t.dgaNameScore, 1)), or ≥ \(NumberFormat.fixed(t.dgaNxdomainNameScore, 1)) "
                    + "when answered NXDOMAIN); \(x.dgaNXDomain) of those names were answered NXDOMAIN.",
                "In all it sent \(NumberFormat.grouped(x.queries)) queries for \(NumberFormat.grouped(x.names)) names and got "
                    + "\(NumberFormat.grouped(x.nxdomain)) NXDOMAIN answers of \(NumberFormat.grouped(x.responses)).",
                "Malware with a domain generation algorithm tries many such names until one resolves to its C2 server.",
            ]
            if !examples.isEmpty { details.append("Examples: \(examples).") }
            return FindingWords(
                summary: "Domain generation algorithm: \(client) asked for \(x.dgaDomains) machine-made-looking domains, "
                    + "\(x.dgaNXDomain) of them NXDOMAIN.",
                details: details,
                confidenceReason: "\(x.dgaDomains) DGA-like registered domains (threshold \(t.minimumDgaDomains)), "
                    + "\(x.dgaNXDomain) answered NXDOMAIN (high from \(NumberFormat.fixed(100 * t.dgaNxdomainFraction, 0))%).")
        case .nonStandardPort:
            let server = f.targets.first ?? .unspecified
            var details = [
                "\(x.queries) DNS queries from \(client) to \(server) on \(x.transport.uppercased()) port \(x.port), \(x.responses) answers: "
                    + "every message parsed as DNS (one IN question, all records to the end).",
                "Resolvers listen on port 53; DNS elsewhere hides a tunnel or C2 channel from DNS monitoring and filtering.",
            ]
            if !examples.isEmpty { details.append("Names asked: \(examples).") }
            return FindingWords(
                summary: "DNS on a non-standard port: \(client) sent \(x.queries) DNS queries to \(server) "
                    + "on \(x.transport.uppercased()) port \(x.port).",
                details: details,
                confidenceReason: "the messages parse strictly as DNS on port \(x.port); the server is "
                    + "\(f.severity >= .medium ? "external" : "internal (a local forwarder is possible)").")
        case .longNames:
            var details = [
                "\(client) asked \(x.longNames) distinct names of \(t.longDnsNameLength) characters or more "
                    + "(the longest \(x.longestName); DNS allows 253).",
                "Data smuggled out in names makes them long; so do anti-virus reputation look-ups and DNS blocklists, "
                    + "which is why this alone is low.",
            ]
            if !examples.isEmpty { details.append("Examples: \(examples).") }
            return FindingWords(
                summary: "Very long DNS names: \(client) asked \(x.longNames) names of \(t.longDnsNameLength)+ characters.",
                details: details,
                confidenceReason:
                    "\(x.longNames) very long names (threshold \(t.minimumLongDnsNames)); long names alone are weak evidence."
            )
        default:
            return FindingWords(
                summary: "NXDOMAIN storm: \(client) got \(NumberFormat.grouped(x.nxdomain)) NXDOMAIN answers "
                    + "to \(NumberFormat.grouped(x.responses)) answered queries.",
                details: [
                    "\(NumberFormat.grouped(x.queries)) queries for \(NumberFormat.grouped(x.names)) distinct names; "
                        + "\(NumberFormat.fixed(100 * Double(x.nxdomain) / Double(max(1, x.responses)), 0))% of the answers were NXDOMAIN.",
                    "A DGA, a scanner of names, or a misconfigured search domain or stale host list causes this; the names tell which.",
                ],
                confidenceReason: "\(x.nxdomain) NXDOMAIN answers (threshold \(t.minimumNxdomainAnswers)), "
                    + "at least \(NumberFormat.fixed(100 * t.nxdomainStormFraction, 0))% of the answers; few machine-made names.")
        }
    }
}
