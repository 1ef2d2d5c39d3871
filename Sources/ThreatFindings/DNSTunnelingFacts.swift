/// The measurements of a DNS tunnel under one domain (the client is `Finding.attackers`, the
/// resolver `Finding.targets`).
public struct DNSTunnelingFacts: Sendable, Equatable {
    /// The domain the names are under.
    public var domain = ""
    /// Queries sent, and the distinct names they asked.
    public var queries = 0, names = 0
    /// Seconds from the first query to the last.
    public var duration = 0.0
    /// Average length of the names below the domain, and the longest label.
    public var averageLength = 0.0
    public var longestLabel = 0
    /// Average entropy of the names below the domain, in bits per character.
    public var entropy = 0.0
    /// Queries by record type.
    public var txt = 0, null = 0, cname = 0, mx = 0, any = 0
    /// Some of the names asked.
    public var examples: [String] = []
    public init() {}
}
