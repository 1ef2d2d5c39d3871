/// What one client's DNS showed (the client is `Finding.attackers`, the servers `Finding.targets`).
public struct SuspiciousDNSFacts: Sendable, Equatable {
    /// Queries the client sent and answers it got (on the port of the finding).
    public var queries = 0, responses = 0
    /// Answers with NXDOMAIN.
    public var nxdomain = 0
    /// Distinct names asked.
    public var names = 0
    /// DGA: distinct registered domains that look machine-made, and how many of their names got NXDOMAIN.
    public var dgaDomains = 0, dgaNXDomain = 0
    /// Non-standard port: the UDP port the DNS messages used.
    public var port: UInt16 = 53
    /// Some names asked (printable ASCII).
    public var examples: [String] = []
    public init() {}
}
