import PacketDecoding

/// A flood's peak rate and the burst it was measured on (see `RateMeter`).
public struct FloodRate: Sendable, Equatable {
    /// The busiest clock second, or the longest burst's rate when higher (packets per second).
    public var perSecond = 0
    /// Packets of the longest burst, and seconds from its first packet to its last.
    public var burstPackets = 0
    public var burstDuration = 0.0
    public init(perSecond: Int = 0, burstPackets: Int = 0, burstDuration: Double = 0) {
        self.perSecond = perSecond; self.burstPackets = burstPackets; self.burstDuration = burstDuration
    }
}

/// The measurements of a SYN flood at one target (the flooded ports are `Finding.targetedPorts`, the
/// busiest sources `Finding.attackers`; `Finding.technique` says whether the sources are spoofed).
public struct SYNFloodFacts: Sendable, Equatable {
    /// SYNs sent to the flooded ports, and their peak rate at the target (`FloodRate.perSecond`).
    public var syns = 0, peakPerSecond = 0
    /// The longest burst of SYNs at the target: packets, and seconds from its first to its last.
    public var burstPackets = 0, burstDuration = 0.0
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
    /// Spoofed sources that nearly all (`oneSenderSpoofedShare`) arrived from one Ethernet source
    /// MAC: that MAC, the one LAN address its other frames carry (the real sender; nil when none or
    /// several, or when the MAC also carried the completing clients: a router), and a sample of the
    /// forged addresses (the busiest, at most 10; `sources` is their count).
    public var sendingMAC: MACAddress?
    public var sendingMACOwner: IPAddress?
    public var forgedSample: [IPAddress] = []
    public init() {}
}

/// The measurements of spoofed SYNs sprayed at many destinations.
public struct ScatteredSYNFloodFacts: Sendable, Equatable {
    /// SYNs (one per connection attempt), their distinct source and destination addresses, and the
    /// attempts that got an answer.
    public var syns = 0, sources = 0, destinations = 0, answered = 0
    /// The peak rate of SYNs in the capture (`FloodRate.perSecond`).
    public var peakPerSecond = 0
    /// The longest burst of SYNs: packets, and seconds from its first to its last.
    public var burstPackets = 0, burstDuration = 0.0
    /// Distinct destination ports, seconds from the first SYN to the last, the most SYNs any one
    /// destination received, and the sources no host can send from (multicast, broadcast, reserved).
    public var ports = 0, duration = 0.0, mostSYNsPerDestination = 0, impossibleSources = 0
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
    /// Datagrams and bytes sent to the target, and their peak rate (`FloodRate.perSecond`).
    public var datagrams = 0, bytes = 0, peakPerSecond = 0
    /// The longest burst of datagrams at the target: packets, and seconds from its first to its last.
    public var burstPackets = 0, burstDuration = 0.0
    /// Seconds from the first datagram to the last.
    public var duration = 0.0
    /// Distinct destination ports, distinct source addresses, and conversations (source ports).
    public var ports = 0, sources = 0, conversations = 0
    /// Datagrams the target sent back, and ICMP port unreachable errors it sent the sources.
    public var replies = 0, portUnreachables = 0
    /// A reflection attack: the amplification service the datagrams came from, else nil.
    public var reflection: ReflectionFacts?
    /// Spoofed sources whose datagrams nearly all arrived from one Ethernet source MAC: as
    /// `SYNFloodFacts.sendingMAC`, `sendingMACOwner` and `forgedSample`.
    public var sendingMAC: MACAddress?
    public var sendingMACOwner: IPAddress?
    public var forgedSample: [IPAddress] = []
    public init() {}
}

/// A UDP flood whose datagrams are a service's answers (`Finding.technique` `reflection`): the
/// attacker sent small requests in the target's name to many servers (the reflectors), whose larger
/// answers flood the target. The reflectors are not the attacker, so `Finding.attackers` is empty.
public struct ReflectionFacts: Sendable, Equatable {
    /// The service's UDP port the datagrams came from (53, 123, 161, 389, 1900, 11211, 19).
    public var servicePort: UInt16 = 0
    /// Datagrams from that port, of all the flood's datagrams.
    public var serviceDatagrams = 0
    /// Distinct reflectors, and the busiest of them (at most `FloodDetector.reflectorsKept`).
    public var reflectors = 0
    public var busiestReflectors: [IPAddress] = []
    /// UDP payload bytes per answer: the average, and the largest average of one reflector.
    public var averageResponseBytes = 0, largestResponseBytes = 0
    public init() {}
}

/// The measurements of an ICMP echo or echo-reply flood (`Finding.technique` says which).
public struct ICMPFloodFacts: Sendable, Equatable {
    /// Echo requests (or replies) that reached the target, and their peak rate (`FloodRate.perSecond`).
    public var packets = 0, peakPerSecond = 0
    /// The longest burst of them: packets, and seconds from its first to its last.
    public var burstPackets = 0, burstDuration = 0.0
    /// Seconds from the first to the last.
    public var duration = 0.0
    /// Distinct source addresses; enough of them to be spoofed or distributed.
    public var sources = 0
    public var spoofedSources = false
    /// Echo replies the target sent.
    public var answered = 0
    /// Multicast or broadcast source addresses the requests carried (forged: rsmurf6), and the MAC
    /// they came from; for spoofed unicast sources (`spoofedSources`) nearly all from one MAC, that MAC.
    public var forgedSources: [IPAddress] = []
    public var sendingMAC: MACAddress?
    /// Spoofed unicast sources from one MAC: the one LAN address that MAC speaks for (the real
    /// sender, as `SYNFloodFacts.sendingMACOwner`), and a sample of the forged addresses (at most 10).
    public var sendingMACOwner: IPAddress?
    public var forgedSample: [IPAddress] = []
    public init() {}
}

/// Echo requests sent to a multicast group or broadcast address in a victim's name (`multicast-echo`,
/// THC-IPv6 smurf6, IPv4 Smurf): every member answers the victim (`Finding.targets`).
public struct AmplifiedEchoFacts: Sendable, Equatable {
    /// The group or broadcast address the requests went to.
    public var group = IPAddress.unspecified
    /// Echo requests to the group in the victim's name, their peak rate and longest burst.
    public var requests = 0
    public var rate = FloodRate()
    /// Seconds from the first request to the last.
    public var duration = 0.0
    /// Hosts that answered the victim, and their echo replies to it.
    public var responders = 0, replies = 0
    /// The MAC the forged requests came from, and the victim's own MAC when seen (they differ: the
    /// victim did not send them).
    public var sendingMAC: MACAddress?
    public var victimMAC: MACAddress?
    public init() {}
}

/// A flood of ICMPv6 router or neighbour advertisements (`ndp-router-advertisement`,
/// `ndp-neighbor-advertisement`: THC-IPv6 flood_router26, flood_advertise6) to the link's nodes.
public struct NDPFloodFacts: Sendable, Equatable {
    /// Advertisements, their peak rate and longest burst.
    public var packets = 0
    public var rate = FloodRate()
    /// Seconds from the first to the last.
    public var duration = 0.0
    /// Distinct source addresses and destination addresses (groups) of the advertisements.
    public var sources = 0, destinations = 0
    public init() {}
}
