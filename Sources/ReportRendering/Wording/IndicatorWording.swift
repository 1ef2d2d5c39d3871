import ThreatFindings

/// Words for an indicator's kind and role in the report tables. The JSON report and the CSV, STIX
/// and MISP exports keep the contract's labels (`ipv4-addr`, `c2`); people read these.
enum IndicatorWording {
    /// "IPv4 address", "SHA-256 of a file", "JA3 fingerprint of a TLS client".
    static func kind(_ kind: Indicator.Kind) -> String {
        switch kind {
        case .ipv4: "IPv4 address"
        case .ipv6: "IPv6 address"
        case .mac: "MAC address"
        case .domain: "domain name"
        case .url: "URL"
        case .sha256: "SHA-256 of a file"
        case .md5: "MD5 of a file"
        case .sha1: "SHA-1 of a file"
        case .fileName: "file name"
        case .ja3: "JA3 fingerprint of a TLS client"
        case .ja3s: "JA3S fingerprint of a TLS server"
        case .ja4: "JA4 fingerprint of a TLS client"
        case .certificateSHA1: "SHA-1 of a certificate"
        case .certificateSHA256: "SHA-256 of a certificate"
        case .userAgent: "HTTP user agent"
        case .email: "email address"
        }
    }

    /// "attacker", "C2 server", "forged source address".
    static func role(_ role: Indicator.Role) -> String {
        switch role {
        case .attacker: "attacker"
        case .victim: "victim"
        case .c2: "command-and-control (C2) server"
        case .payload: "payload (delivered file or its source)"
        case .infrastructure: "attacker infrastructure"
        case .forged: "forged source address"
        }
    }
}
