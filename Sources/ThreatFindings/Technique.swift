/// How an attack was carried out, as the JSON contract spells it (`technique`): the nmap scan type,
/// the sweep's probe, the flood's sources, the evasion trick, or the login service that was attacked.
/// Its English name is chosen by the renderer.
public enum Technique: Sendable, Hashable {
    // Port scans (nmap -sS, -sT, -sF, -sN, -sX, -sA, -sW, -sM, -sU, -sO)
    case tcpSYN, tcpConnect, tcpFIN, tcpNULL, tcpXmas, tcpACK, tcpWindow, tcpMaimon, udp, ipProtocol
    // Host discovery probes
    case arp, icmpEcho, icmpEchoReply, icmpTimestamp, icmpAddressMask
    // Floods
    case spoofedSources, singleSource, reflection, multicastEcho, ndpRouterAdvertisement, ndpNeighborAdvertisement
    // Evasion
    case synFIN, synRST, land, tinyFragments, overlappingFragments
    // ARP spoofing, service probing, DNS tunnelling
    case arpCachePoisoning, versionProbe, nullRecords, txtRecords, encodedLabels
    // TLS anomalies
    case selfSignedCertificate, expiredCertificate, legacyTLSVersion, missingSNI
    // Suspicious DNS
    case dga, nxdomainStorm, nonStandardPort, longNames
    // Beaconing by DNS lookups of one name
    case dnsLookups
    // Web attacks
    case sqlInjection, pathTraversal, commandInjection, crossSiteScripting, vulnerabilityScanner, contentDiscovery
    // Suspicious downloads
    case doubleExtension, disguisedFileType, bareIPDownload, executableDownload, scriptDownload
    /// An executable, script or disguised file attached to mail (SMTP/POP3): spearphishing attachment.
    case phishingAttachment
    /// Brute force and cleartext logins: the login protocol or service (`ftp`, `http-basic`, `ssh`,
    /// `tcp/3306`); an open set, since any service can be attacked.
    case login(String)

    static let named: [(Technique, String)] = [
        (.tcpSYN, "tcp-syn"), (.tcpConnect, "tcp-connect"), (.tcpFIN, "tcp-fin"), (.tcpNULL, "tcp-null"),
        (.tcpXmas, "tcp-xmas"), (.tcpACK, "tcp-ack"), (.tcpWindow, "tcp-window"), (.tcpMaimon, "tcp-maimon"),
        (.udp, "udp"), (.ipProtocol, "ip-protocol"), (.arp, "arp"), (.icmpEcho, "icmp-echo"),
        (.icmpEchoReply, "icmp-echo-reply"), (.icmpTimestamp, "icmp-timestamp"), (.icmpAddressMask, "icmp-address-mask"),
        (.spoofedSources, "spoofed-sources"), (.singleSource, "single-source"), (.reflection, "reflection"),
        (.multicastEcho, "multicast-echo"), (.ndpRouterAdvertisement, "ndp-router-advertisement"),
        (.ndpNeighborAdvertisement, "ndp-neighbor-advertisement"),
        (.synFIN, "syn-fin"), (.synRST, "syn-rst"),
        (.land, "land"), (.tinyFragments, "tiny-fragments"), (.overlappingFragments, "overlapping-fragments"),
        (.arpCachePoisoning, "arp-cache-poisoning"), (.versionProbe, "version-probe"), (.nullRecords, "null-records"),
        (.txtRecords, "txt-records"), (.encodedLabels, "encoded-labels"),
        (.selfSignedCertificate, "self-signed-certificate"), (.expiredCertificate, "expired-certificate"),
        (.legacyTLSVersion, "legacy-tls-version"), (.missingSNI, "missing-sni"),
        (.dga, "dga"), (.nxdomainStorm, "nxdomain-storm"), (.nonStandardPort, "non-standard-port"),
        (.sqlInjection, "sql-injection"), (.pathTraversal, "path-traversal"), (.commandInjection, "command-injection"),
        (.crossSiteScripting, "xss"), (.vulnerabilityScanner, "vulnerability-scanner"), (.contentDiscovery, "content-discovery"),
        (.doubleExtension, "double-extension"), (.disguisedFileType, "disguised-file-type"), (.bareIPDownload, "bare-ip-download"),
        (.executableDownload, "executable-download"), (.scriptDownload, "script-download"),
        (.phishingAttachment, "phishing-attachment"),
        (.longNames, "long-names"), (.dnsLookups, "dns-lookups"),
    ]

    /// The contract's spelling (`tcp-syn`, `spoofed-sources`, `ftp`).
    public var rawValue: String {
        if case let .login(service) = self { return service }
        return Self.named.first { $0.0 == self }?.1 ?? ""
    }

    /// The technique a contract spelling names; any other text is a login service.
    public init(rawValue: String) {
        self = Self.named.first { $0.1 == rawValue }?.0 ?? .login(rawValue)
    }

    /// A TCP scan whose probes have no SYN (FIN, NULL, Xmas, Maimon) or only ACK: firewall mapping
    /// and stateless-filter evasion.
    public var isStealthTCPScan: Bool { [.tcpFIN, .tcpNULL, .tcpXmas, .tcpMaimon, .tcpACK, .tcpWindow].contains(self) }
}
