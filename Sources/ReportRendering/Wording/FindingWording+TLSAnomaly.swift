import Support
import ThreatFindings

extension FindingWording {
    /// "TLS 1.0", "SSL 3.0", or the hex value of an unknown version.
    public static func tlsVersionName(_ v: UInt16) -> String {
        switch v {
        case 0x0304: "TLS 1.3"
        case 0x0303: "TLS 1.2"
        case 0x0302: "TLS 1.1"
        case 0x0301: "TLS 1.0"
        case 0x0300: "SSL 3.0"
        case 0x0002: "SSL 2.0"
        default: "0x" + String(v, radix: 16)
        }
    }

    static func tlsAnomaly(_ x: TLSAnomalyFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let server = f.targets.first ?? .unspecified
        let port = f.targetedPorts.first.map(String.init) ?? "?"
        var problems: [String] = []
        if x.expired > 0 { problems.append("an expired certificate") }
        if x.notYetValid > 0 { problems.append("a certificate not yet valid") }
        if x.selfSigned > 0 { problems.append("a self-signed certificate") }
        if x.legacyVersion > 0 { problems.append(x.legacyVersions.map(tlsVersionName).joined(separator: "/")) }
        if x.missingSNI + x.ipLiteralSNI > 0 { problems.append("clients without a server name (SNI)") }
        var details = [
            "\(x.handshakes) TLS handshake\(s(x.handshakes)) with \(server) port \(port)"
                + (x.serverName.map { " (server name \($0))" } ?? "") + "."
        ]
        if x.selfSigned + x.expired + x.notYetValid > 0 {
            let validity = [x.notBefore, x.notAfter].map { $0.map { TimeFormat.iso8601($0 * 1_000_000_000, digits: 0) } ?? "?" }
            details.append(
                "Leaf certificate: subject \(x.subject ?? "(none)"), issuer \(x.issuer ?? "(none)"), valid \(validity[0]) to \(validity[1]); "
                    + "self-signed in \(x.selfSigned), expired in \(x.expired), not yet valid in \(x.notYetValid) handshake\(s(x.handshakes)). "
                    + "Clients that accept it cannot tell the server from an interceptor.")
            if let sha = x.certificateSHA256 { details.append("Certificate SHA-256 \(sha).") }
        }
        if x.legacyVersion > 0 {
            details.append(
                "The server selected \(x.legacyVersions.map(tlsVersionName).joined(separator: ", ")) in \(x.legacyVersion) handshake\(s(x.legacyVersion)): "
                    + "deprecated by RFC 8996, open to downgrade and known cipher attacks.")
        }
        if x.missingSNI + x.ipLiteralSNI > 0 {
            details.append(
                "\(x.missingSNI) ClientHello\(s(x.missingSNI)) without server_name and \(x.ipLiteralSNI) with an IP address in it: "
                    + "scripts, malware and scanners often connect to a bare address; browsers send the host name.")
        }
        return FindingWords(
            summary: "TLS anomaly on \(server):\(port): " + problems.joined(separator: ", ") + ".",
            details: details,
            confidenceReason: "\(x.handshakes) handshake\(s(x.handshakes)) read; certificate checked against the capture time, "
                + "legacy means the server selected \(tlsVersionName(UInt16(clamping: t.tlsHighestLegacyVersion))) or older; "
                + "medium when \(t.tlsAnomalyKindsForMedium) kinds of anomaly meet on one server.")
    }
}
