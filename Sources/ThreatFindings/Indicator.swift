/// An indicator of compromise a finding rests on: a value an analyst can block or hunt for
/// elsewhere (an address, a domain, a URL, a file hash, a TLS fingerprint), with the part it played.
/// Findings carry their own; the report's IOC section and the CSV/STIX/MISP exports collect them.
public struct Indicator: Sendable, Hashable {
    /// What the value is, as the JSON contract and the exports spell it.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case ipv4 = "ipv4-addr"
        case ipv6 = "ipv6-addr"
        case mac = "mac-addr"
        case domain = "domain-name"
        case url
        case sha256 = "file-sha256"
        case md5 = "file-md5"
        case sha1 = "file-sha1"
        case fileName = "file-name"
        case ja3, ja3s, ja4
        /// The SHA-1 and SHA-256 of a certificate's DER bytes (as Wireshark shows them).
        case certificateSHA1 = "x509-sha1"
        case certificateSHA256 = "x509-sha256"
        case userAgent = "user-agent"
        case email = "email-addr"
    }

    /// The part the value played in the finding.
    public enum Role: String, Sendable, Hashable, CaseIterable {
        case attacker, victim
        case c2 = "c2"
        case payload, infrastructure, forged
    }

    public var kind: Kind
    /// The value as a report prints it (addresses in their usual text form, hashes in lower-case hex).
    public var value: String
    public var role: Role

    public init(kind: Kind, value: String, role: Role) {
        self.kind = kind; self.value = value; self.role = role
    }
}
