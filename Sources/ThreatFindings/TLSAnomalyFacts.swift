/// What the TLS anomaly detector measured for one server (`Finding.targets`, port in
/// `Finding.targetedPorts`; its clients are `Finding.attackers`).
public struct TLSAnomalyFacts: Sendable, Equatable {
    /// TLS handshakes (ServerHello or Certificate seen) to the server.
    public var handshakes = 0
    /// Handshakes whose server certificate was self-signed, expired at capture time, not yet valid.
    public var selfSigned = 0, expired = 0, notYetValid = 0
    /// Handshakes where the server selected SSL 3.0, TLS 1.0 or TLS 1.1, and the versions selected.
    public var legacyVersion = 0
    public var legacyVersions: [UInt16] = []
    /// ClientHellos without server_name, and with an IP address literal as server_name.
    public var missingSNI = 0, ipLiteralSNI = 0
    /// A server_name the clients asked for (nil when none did); withheld under `--redact payload`.
    public var serverName: String?
    /// The leaf certificate's subject and issuer (CN, else O), withheld under `--redact payload`.
    public var subject: String?
    public var issuer: String?
    /// The leaf's validity, seconds since the epoch.
    public var notBefore: Int64?
    public var notAfter: Int64?
    /// The leaf's SHA-256 fingerprint (hex).
    public var certificateSHA256: String?
    public init() {}
}
