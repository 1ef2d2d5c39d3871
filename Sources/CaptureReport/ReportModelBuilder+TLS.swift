import PacketDecoding
import ReportRendering
import ThreatFindings
import TrafficStatistics

extension ReportModelBuilder {
    /// Cipher suite names as IANA and Wireshark (`tls.handshake.ciphersuite`) spell them, the common ones.
    static let cipherNames: [UInt16: String] = [
        0x0004: "TLS_RSA_WITH_RC4_128_MD5", 0x0005: "TLS_RSA_WITH_RC4_128_SHA", 0x000a: "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
        0x002f: "TLS_RSA_WITH_AES_128_CBC_SHA", 0x0033: "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
        0x0035: "TLS_RSA_WITH_AES_256_CBC_SHA", 0x0039: "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
        0x003c: "TLS_RSA_WITH_AES_128_CBC_SHA256", 0x003d: "TLS_RSA_WITH_AES_256_CBC_SHA256",
        0x009c: "TLS_RSA_WITH_AES_128_GCM_SHA256", 0x009d: "TLS_RSA_WITH_AES_256_GCM_SHA384",
        0x009e: "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", 0x009f: "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
        0x1301: "TLS_AES_128_GCM_SHA256", 0x1302: "TLS_AES_256_GCM_SHA384", 0x1303: "TLS_CHACHA20_POLY1305_SHA256",
        0xc009: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", 0xc00a: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
        0xc011: "TLS_ECDHE_RSA_WITH_RC4_128_SHA", 0xc013: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
        0xc014: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", 0xc023: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
        0xc024: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", 0xc027: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
        0xc028: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", 0xc02b: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        0xc02c: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", 0xc02f: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        0xc030: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", 0xcca8: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        0xcca9: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", 0xccaa: "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    ]

    /// A cipher suite's name, or `0x1301`-style hex when it is not in the table.
    static func cipherName(_ suite: UInt16) -> String {
        let hex = String(suite, radix: 16)
        return cipherNames[suite] ?? "0x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Capture bytes as report text: UTF-8 with invalid sequences replaced (escaped where rendered).
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Under `--redact payload`/`all`, a TLS anomaly's server name, subject and issuer are withheld
    /// like DNS names (fingerprints and validity stay: they name no one).
    static func redactTLSNames(_ findings: [Finding]) -> [Finding] {
        findings.map { f in
            guard case var .tlsAnomaly(x) = f.facts else { return f }
            var f = f
            x.serverName = x.serverName.map { _ in "[redacted]" }
            x.subject = x.subject.map { _ in "[redacted]" }
            x.issuer = x.issuer.map { _ in "[redacted]" }
            f.facts = .tlsAnomaly(x)
            return f
        }
    }

    /// The TLS section; nil when the capture has no TLS hello or certificate.
    static func tlsSection(_ s: TrafficSummary, redactNames: Bool) -> ReportModel.TLSSection? {
        let t = s.tlsHandshakes
        guard t.clientHellos + t.serverHellos + t.certificateMessages > 0 else { return nil }
        var d = ReportModel.TLSSection()
        d.clientHellos = t.clientHellos; d.serverHellos = t.serverHellos; d.certificateMessages = t.certificateMessages
        d.namesRedacted = redactNames
        let withheld = "[redacted]"
        var clientHello: [Int: TLSHandshakeMessage] = [:], serverHello: [Int: TLSHandshakeMessage] = [:]
        var chain: [Int: TLSCertificateChain] = [:]
        for m in t.messages {
            if m.isClientHello {
                clientHello[m.stream] = clientHello[m.stream] ?? m
            } else {
                serverHello[m.stream] = serverHello[m.stream] ?? m
            }
        }
        for c in t.chains { chain[c.stream] = chain[c.stream] ?? c }
        let streams = Set(clientHello.keys).union(serverHello.keys).union(chain.keys).sorted()
        d.handshakesTotal = streams.count
        d.encryptedCertificates = serverHello.values.filter { $0.hello.effectiveVersion == 0x0304 }.count
        func endpoint(_ a: IPAddress, _ port: UInt16) -> String { a.isIPv6 ? "[\(a)]:\(port)" : "\(a):\(port)" }
        for stream in streams.prefix(ReportModel.TLSSection.rowsShown) {
            let c = clientHello[stream], h = serverHello[stream], cert = chain[stream]
            let client = c.map { endpoint($0.source, $0.sourcePort) } ?? h.map { endpoint($0.destination, $0.destinationPort) } ?? ""
            let server = c.map { endpoint($0.destination, $0.destinationPort) } ?? h.map { endpoint($0.source, $0.sourcePort) } ?? ""
            let name = c?.hello.serverName.map(text) ?? ""
            let encrypted = h?.hello.effectiveVersion == 0x0304
            d.handshakes.append(
                .init(
                    stream: stream, client: client, server: server, serverName: redactNames && !name.isEmpty ? withheld : name,
                    offered: c.map { FindingWording.tlsVersionName($0.hello.effectiveVersion) } ?? "",
                    selected: h.map { FindingWording.tlsVersionName($0.hello.effectiveVersion) } ?? "",
                    cipher: h?.hello.ciphers.first.map(cipherName) ?? "",
                    alpn: redactNames ? [] : (c?.hello.alpn.map(text) ?? []),
                    alpnSelected: redactNames ? "" : (h?.hello.alpn.first.map(text) ?? ""),
                    ja3: c?.hello.ja3 ?? "", ja3s: h?.hello.ja3s ?? "", ja4: c?.hello.ja4 ?? "",
                    leafSHA256: cert?.certificates.first?.sha256, certificateEncrypted: encrypted && cert == nil,
                    frames: Array(Set([c?.frame, h?.frame, cert?.frame].compactMap { $0 })).sorted(),
                    filter: "tcp.stream == \(stream) && tls.handshake"))
        }
        // Distinct certificates, in the order first seen.
        var order: [String] = []
        var rows: [String: ReportModel.TLSSection.CertificateRow] = [:]
        for c in t.chains {
            let server = endpoint(c.source, c.sourcePort)
            let now = c.timestamp / 1_000_000_000
            for (position, x) in c.certificates.enumerated() {
                if var row = rows[x.sha256] {
                    if !row.servers.contains(server), row.servers.count < 8 { row.servers.append(server) }
                    if row.frames.count < 8 { row.frames.append(c.frame) }
                    rows[x.sha256] = row
                    continue
                }
                order.append(x.sha256)
                let subject = x.subjectName ?? ""
                let issuer = x.issuerName ?? ""
                let names = x.dnsNames.map(text) + x.ipAddresses.map(\.description)
                let key = x.publicKeyAlgorithm + (x.curve.map { " " + $0 } ?? x.publicKeyBits.map { " \($0)" } ?? "")
                rows[x.sha256] = .init(
                    subject: redactNames && !subject.isEmpty ? withheld : subject,
                    issuer: redactNames && !issuer.isEmpty ? withheld : issuer,
                    dnsNames: redactNames ? [] : names,
                    notBefore: x.notBefore.map { TimeFormat.iso8601($0 * 1_000_000_000, digits: 0) } ?? "",
                    notAfter: x.notAfter.map { TimeFormat.iso8601($0 * 1_000_000_000, digits: 0) } ?? "",
                    selfSigned: x.selfSigned, expired: x.isExpired(at: now), notYetValid: x.isNotYetValid(at: now),
                    key: x.parsed ? key : "unparsed", sha1: x.sha1, sha256: x.sha256, chainPosition: position,
                    servers: [server], frames: [c.frame], filter: "tls.handshake.type == 11 && tcp.stream == \(c.stream)")
            }
        }
        d.certificatesTotal = order.count
        d.certificates = order.prefix(ReportModel.TLSSection.rowsShown).compactMap { rows[$0] }
        return d
    }
}
