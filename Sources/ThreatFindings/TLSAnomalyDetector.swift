import PacketDecoding
import TrafficStatistics

/// TLS servers whose handshakes are weaker than a public service's should be: a self-signed or
/// expired (or not yet valid) leaf certificate, SSL 3.0 / TLS 1.0 / TLS 1.1 selected, or clients
/// that sent no server_name or an IP literal in it. One finding per server address and port;
/// severity stays modest (internal services legitimately do some of this).
public struct TLSAnomalyDetector: Sendable {
    public var thresholds: DetectionThresholds
    public init(thresholds: DetectionThresholds) { self.thresholds = thresholds }

    struct Handshake {
        var client: TLSHandshakeMessage?
        var server: TLSHandshakeMessage?
        var chain: TLSCertificateChain?
    }

    struct ServerKey: Hashable {
        var address: IPAddress
        var port: UInt16
    }

    public func detect(_ s: TrafficSummary) -> [Finding] {
        var streams: [Int: Handshake] = [:]
        for m in s.tlsHandshakes.messages {
            if m.isClientHello {
                if streams[m.stream]?.client == nil { streams[m.stream, default: Handshake()].client = m }
            } else if streams[m.stream]?.server == nil {
                streams[m.stream, default: Handshake()].server = m
            }
        }
        for c in s.tlsHandshakes.chains where streams[c.stream]?.chain == nil { streams[c.stream, default: Handshake()].chain = c }
        var servers: [ServerKey: [Handshake]] = [:]
        for stream in streams.keys.sorted() {
            let h = streams[stream]!
            guard h.server != nil || h.chain != nil else { continue }
            let key: ServerKey
            if let m = h.server {
                key = ServerKey(address: m.source, port: m.sourcePort)
            } else if let c = h.chain {
                key = ServerKey(address: c.source, port: c.sourcePort)
            } else {
                continue
            }
            servers[key, default: []].append(h)
        }
        var findings: [Finding] = []
        for key in servers.keys.sorted(by: { ($0.address.high, $0.address.low, $0.port) < ($1.address.high, $1.address.low, $1.port) }) {
            if let f = finding(key, servers[key]!) { findings.append(f) }
        }
        return findings
    }

    private func finding(_ key: ServerKey, _ handshakes: [Handshake]) -> Finding? {
        var x = TLSAnomalyFacts()
        x.handshakes = handshakes.count
        var frames: [Int] = [], evidence: [Int] = []
        var clients: [IPAddress] = []
        var timestamps: [Int64] = []
        var indicators: [Indicator] = []
        var legacy = Set<UInt16>()
        for h in handshakes {
            var anomalous = false
            if let c = h.client {
                if !clients.contains(c.source) { clients.append(c.source) }
                if let name = c.hello.serverName {
                    let text = String(decoding: name, as: UTF8.self)
                    if IPAddress(text) != nil || text.contains(":") && text.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) {
                        x.ipLiteralSNI += 1; anomalous = true
                    } else if x.serverName == nil {
                        x.serverName = text
                    }
                } else {
                    x.missingSNI += 1; anomalous = true
                }
            }
            if let m = h.server, Int(m.hello.effectiveVersion) <= thresholds.tlsHighestLegacyVersion {
                x.legacyVersion += 1; legacy.insert(m.hello.effectiveVersion); anomalous = true
            }
            if let c = h.chain, let leaf = c.certificates.first, leaf.parsed {
                let now = c.timestamp / 1_000_000_000
                let expired = leaf.isExpired(at: now), early = leaf.isNotYetValid(at: now)
                if leaf.selfSigned { x.selfSigned += 1 }
                if expired { x.expired += 1 }
                if early { x.notYetValid += 1 }
                if leaf.selfSigned || expired || early {
                    anomalous = true
                    if x.certificateSHA256 == nil {
                        x.certificateSHA256 = leaf.sha256
                        x.subject = leaf.subjectName
                        x.issuer = leaf.issuerName
                        x.notBefore = leaf.notBefore; x.notAfter = leaf.notAfter
                        indicators.append(Indicator(kind: .certificateSHA256, value: leaf.sha256, role: .infrastructure))
                        indicators.append(Indicator(kind: .certificateSHA1, value: leaf.sha1, role: .infrastructure))
                    }
                }
            }
            let messageFrames = Array(Set([h.client?.frame, h.server?.frame, h.chain?.frame].compactMap { $0 }))
            frames += messageFrames
            timestamps += [h.client?.timestamp, h.server?.timestamp, h.chain?.timestamp].compactMap { $0 }
            if anomalous { evidence += messageFrames }
            if anomalous, let s = h.server {
                let ja3s = Indicator(kind: .ja3s, value: s.hello.ja3s, role: .infrastructure)
                if !indicators.contains(ja3s) { indicators.append(ja3s) }
            }
            if anomalous, let c = h.client {
                let ja3 = Indicator(kind: .ja3, value: c.hello.ja3, role: .attacker)
                if !indicators.contains(ja3) { indicators.append(ja3) }
            }
        }
        x.legacyVersions = legacy.sorted()
        let certificate = x.selfSigned + x.expired + x.notYetValid > 0
        let kinds = [certificate, x.legacyVersion > 0, x.missingSNI + x.ipLiteralSNI > 0].filter { $0 }.count
        guard kinds > 0, let first = frames.min(), let last = frames.max() else { return nil }
        // No server_name alone is common (IP-literal clients, health checks): information only.
        let severity: FindingSeverity =
            kinds >= thresholds.tlsAnomalyKindsForMedium ? .medium : (certificate || x.legacyVersion > 0 ? .low : .info)
        let technique: Technique =
            x.expired + x.notYetValid > 0
            ? .expiredCertificate
            : x.selfSigned > 0 ? .selfSignedCertificate : x.legacyVersion > 0 ? .legacyTLSVersion : .missingSNI
        let host = key.address.isIPv6 ? "ipv6.addr == \(key.address)" : "ip.addr == \(key.address)"
        var attack: [String] = []
        if certificate { attack += ["T1587.003", "T1557"] }
        if x.legacyVersion > 0 { attack.append("T1557") }
        if x.missingSNI + x.ipLiteralSNI > 0 { attack.append("T1071.001") }
        var seen = Set<String>()
        attack = attack.filter { seen.insert($0).inserted }
        let confidence = min(0.9, 0.5 + 0.1 * Double(kinds) + (certificate ? 0.15 : 0))
        return Finding(
            kind: .tlsAnomaly, technique: technique, severity: severity, confidence: PortScanDetector.round(confidence),
            attackers: Array(clients.prefix(20)), targets: [key.address], ports: nil, targetedPorts: [key.port],
            firstFrame: first, lastFrame: last, start: timestamps.min() ?? 0, end: timestamps.max() ?? 0,
            packetCount: frames.count, evidenceFrames: Array(evidence.sorted().prefix(4)),
            displayFilter:
                "\(host) && tcp.port == \(key.port) && (tls.handshake.type == 1 || tls.handshake.type == 2 || tls.handshake.type == 11)",
            attack: attack,
            attackerTotal: clients.count > 20 ? clients.count : nil, facts: .tlsAnomaly(x), indicators: indicators)
    }
}
