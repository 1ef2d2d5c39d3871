import PacketDecoding

/// The measurements of a SYN flood at one target (the flooded ports are `Finding.targetedPorts`, the
/// busiest sources `Finding.attackers`; `Finding.technique` says whether the sources are spoofed).
public struct SYNFloodFacts: Sendable, Equatable {
    /// SYNs sent to the flooded ports, and the busiest one-second bucket of SYNs at the target.
    public var syns = 0, peakPerSecond = 0
    /// Seconds from the first SYN to the last.
    public var duration = 0.0
    /// Connection attempts, and those whose client completed the handshake.
    public var attempts = 0, completedHandshakes = 0
    /// Distinct source addresses of the flood (the clients that completed a handshake left out).
    public var sources = 0
    /// SYN+ACKs the target sent, how many of them were retransmissions, and the half-open
    /// connections they went to.
    public var synAcks = 0, retransmittedSYNACKs = 0, halfOpenConnections = 0
    /// RSTs the target sent, and connection attempts it never answered.
    public var resets = 0, unansweredAttempts = 0
    /// The clients whose handshakes completed, sorted.
    public var completingClients: [IPAddress] = []
    public init() {}
}

/// The measurements of spoofed SYNs sprayed at many destinations.
public struct ScatteredSYNFloodFacts: Sendable, Equatable {
    /// SYNs (one per connection attempt), their distinct source and destination addresses, and the
    /// attempts that got an answer.
    public var syns = 0, sources = 0, destinations = 0, answered = 0
    /// The busiest one-second bucket of SYNs in the capture.
    public var peakPerSecond = 0
    public init(syns: Int, sources: Int, destinations: Int, answered: Int, peakPerSecond: Int) {
        self.syns = syns
        self.sources = sources
        self.destinations = destinations
        self.answered = answered
        self.peakPerSecond = peakPerSecond
    }
}

/// The measurements of a UDP flood (the busiest ports are `Finding.targetedPorts`, the busiest sources
/// `Finding.attackers`; `Finding.technique` says whether the sources are spoofed).
public struct UDPFloodFacts: Sendable, Equatable {
    /// Datagrams and bytes sent to the target, and the busiest one-second bucket of them.
    public var datagrams = 0, bytes = 0, peakPerSecond = 0
    /// Seconds from the first datagram to the last.
    public var duration = 0.0
    /// Distinct destination ports, distinct source addresses, and conversations (source ports).
    public var ports = 0, sources = 0, conversations = 0
    /// Datagrams the target sent back, and ICMP port unreachable errors it sent the sources.
    public var replies = 0, portUnreachables = 0
    public init() {}
}

/// The measurements of an ICMP echo or echo-reply flood (`Finding.technique` says which).
public struct ICMPFloodFacts: Sendable, Equatable {
    /// Echo requests (or replies) that reached the target, and the busiest one-second bucket of them.
    public var packets = 0, peakPerSecond = 0
    /// Seconds from the first to the last.
    public var duration = 0.0
    /// Distinct source addresses; enough of them to be spoofed or distributed.
    public var sources = 0
    public var spoofedSources = false
    /// Echo replies the target sent.
    public var answered = 0
    public init() {}
}
