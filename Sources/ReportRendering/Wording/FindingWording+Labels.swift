import ThreatFindings

extension FindingWording {
    /// A finding kind in words, for the tables ("Port scan"); the JSON keeps the contract's spelling.
    public static func kindName(_ kind: FindingKind) -> String {
        switch kind {
        case .portScan: "Port scan"
        case .portSweep: "Port sweep"
        case .hostSweep: "Host discovery sweep"
        case .synFlood: "SYN flood"
        case .udpFlood: "UDP flood"
        case .icmpFlood: "ICMP flood"
        case .bruteForce: "Password guessing (brute force)"
        case .arpSpoofing: "ARP spoofing"
        case .dnsTunneling: "DNS tunnelling"
        case .cleartextCredentials: "Cleartext credentials"
        case .serviceProbe: "Service probing"
        case .evasion: "Evasion"
        case .tlsAnomaly: "TLS anomaly"
        case .beaconing: "C2 beaconing"
        case .suspiciousDNS: "Suspicious DNS"
        case .exfiltration: "Data exfiltration"
        case .sessionHijacking: "Session hijacking"
        case .webAttack: "Web attack"
        case .suspiciousDownload: "Suspicious download"
        default: kind.rawValue
        }
    }

    /// The verdict's classification in words: a kind's name, or "No attack detected".
    public static func classificationName(_ classification: String) -> String {
        classification == "no-attack-detected" ? "No attack detected" : kindName(FindingKind(rawValue: classification))
    }

    /// A technique in words, for the tables ("SYN (half-open) port scan", "ICMP echo", "FTP").
    public static func techniqueLabel(_ t: Technique?) -> String {
        guard let t else { return "n/a" }
        switch t {
        case .tcpSYN, .tcpConnect, .tcpFIN, .tcpNULL, .tcpXmas, .tcpACK, .tcpWindow, .tcpMaimon, .udp, .ipProtocol:
            return techniqueName(t)
        case .arp, .icmpEcho, .icmpEchoReply, .icmpTimestamp, .icmpAddressMask: return methodName(t)
        case .synFIN, .synRST, .land, .tinyFragments, .overlappingFragments: return evasionName(t)
        case .spoofedSources: return "spoofed sources"
        case .singleSource: return "one source"
        case .reflection: return "reflection (amplification)"
        case .multicastEcho: return "echo requests to a multicast address"
        case .ndpRouterAdvertisement: return "IPv6 router advertisements"
        case .ndpNeighborAdvertisement: return "IPv6 neighbor advertisements"
        case .arpCachePoisoning: return "ARP cache poisoning"
        case .versionProbe: return "service and version detection"
        case .nullRecords: return "DNS NULL records"
        case .txtRecords: return "DNS TXT records"
        case .encodedLabels: return "encoded names"
        case .selfSignedCertificate: return "self-signed certificate"
        case .expiredCertificate: return "expired certificate"
        case .legacyTLSVersion: return "legacy TLS version"
        case .missingSNI: return "no server name (SNI)"
        case .dga: return "generated domain names (DGA)"
        case .nxdomainStorm: return "NXDOMAIN storm"
        case .nonStandardPort: return "DNS on a non-standard port"
        case .sqlInjection, .pathTraversal, .commandInjection, .crossSiteScripting, .vulnerabilityScanner, .contentDiscovery:
            return webAttackName(t)
        case .doubleExtension: return "double file extension"
        case .disguisedFileType: return "file type disguised by its name"
        case .bareIPDownload: return "download from a bare IP address"
        case .executableDownload: return "executable over HTTP"
        case .scriptDownload: return "script over HTTP"
        case .phishingAttachment: return "executable or disguised mail attachment"
        case .longNames: return "very long DNS names"
        case .dnsLookups: return "DNS lookups of one name"
        case .login: return loginProtocolName(t)
        }
    }
}
