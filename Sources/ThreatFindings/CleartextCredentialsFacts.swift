/// The measurements of logins sent in clear text (the login protocol is `Finding.technique`, the
/// port `Finding.targetedPorts`). The secret itself is never kept: only its length.
public struct CleartextCredentialsFacts: Sendable, Equatable {
    /// Logins seen, and how many of them the server accepted and rejected.
    public var logins = 0, accepted = 0, rejected = 0
    /// The distinct user names, in the order they were sent.
    public var users: [String] = []
    /// Characters of the first login's secret (0 when unknown).
    public var secretLength = 0
    public init() {}
}
