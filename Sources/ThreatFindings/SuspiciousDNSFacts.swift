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
    /// Non-standard port: the port the DNS messages used, and their transport ("udp" or "tcp").
    public var port: UInt16 = 53
    public var transport = "udp"
    /// Very long names: how many distinct ones the client asked, and the longest one's length (characters).
    public var longNames = 0, longestName = 0
    /// DGA: how many of the machine-made domains sit under an abused TLD (`AbusedTLD`).
    public var abusedTLDDomains = 0
    /// Some names asked (printable ASCII).
    public var examples: [String] = []
    public init() {}
}
