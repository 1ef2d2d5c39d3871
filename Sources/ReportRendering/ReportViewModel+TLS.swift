import Support

extension ReportViewModel {
    /// The TLS section's values: every capture-derived name is a `.text` cell, escaped by the block.
    mutating func tls(_ m: ReportModel) -> [String: Any]? {
        guard let d = m.tls else { return nil }
        func more(_ shown: Int, _ total: Int, _ what: String) -> String? {
            total > shown
                ? "First \(shown) of \(NumberFormat.grouped(total)) \(what); \(NumberFormat.grouped(total - shown)) more in the JSON report's totals."
                : nil
        }
        func frames(_ f: [Int]) -> String { f.map(String.init).joined(separator: ", ") }
        var totals = "\(NumberFormat.grouped(d.clientHellos)) ClientHello and \(NumberFormat.grouped(d.serverHellos)) ServerHello messages"
        totals +=
            " in \(NumberFormat.grouped(d.handshakesTotal)) TCP streams; \(NumberFormat.grouped(d.certificateMessages)) Certificate messages read;"
        totals += " \(NumberFormat.grouped(d.encryptedCertificates)) TLS 1.3 handshakes, whose certificates are encrypted and not shown."
        if d.namesRedacted { totals += " Server names, subjects and issuers are withheld (`--redact`)." }
        let handshakes = d.handshakes.map { h -> [ReportBlock.Cell] in
            let certificate = h.leafSHA256.map { String($0.prefix(16)) } ?? (h.certificateEncrypted ? "encrypted (TLS 1.3)" : "")
            return [
                .number(h.stream), .text(h.client), .text(h.server), .text(h.serverName), .label(h.offered), .label(h.selected),
                .label(h.cipher), .text((h.alpnSelected.isEmpty ? h.alpn : [h.alpnSelected]).joined(separator: ", ")),
                .label(certificate), .label(frames(h.frames)), .text(h.filter),
            ]
        }
        let prints = d.handshakes.map { h -> [ReportBlock.Cell] in
            [.number(h.stream), .label(h.ja3), .label(h.ja3s), .label(h.ja4)]
        }
        let certificates = d.certificates.map { c -> [ReportBlock.Cell] in
            var flags: [String] = []
            if c.selfSigned { flags.append("self-signed") }
            if c.expired { flags.append("expired") }
            if c.notYetValid { flags.append("not yet valid") }
            return [
                .text(c.subject), .text(c.issuer), .text(c.dnsNames.prefix(4).joined(separator: ", ")),
                .label(c.notBefore), .label(c.notAfter), .label(flags.joined(separator: ", ")), .label(c.key),
                .label(c.sha256), .text(c.servers.joined(separator: ", ")), .label(frames(c.frames)), .text(c.filter),
            ]
        }
        return [
            "totals": Self.t(totals),
            "handshakes": block(
                .table(
                    ["Stream", "Client", "Server", "SNI", "Offered", "Selected", "Cipher", "ALPN", "Certificate", "Frames", "Filter"],
                    handshakes, numeric: [0], caption: more(d.handshakes.count, d.handshakesTotal, "handshakes"))),
            "fingerprints": block(.table(["Stream", "JA3", "JA3S", "JA4"], prints, numeric: [0])),
            "hasCertificates": !d.certificates.isEmpty,
            "certificates": block(
                .table(
                    ["Subject", "Issuer", "Names", "Not before", "Not after", "Problems", "Key", "SHA-256", "Servers", "Frames", "Filter"],
                    certificates, numeric: [], caption: more(d.certificates.count, d.certificatesTotal, "certificates"))),
        ]
    }
}
