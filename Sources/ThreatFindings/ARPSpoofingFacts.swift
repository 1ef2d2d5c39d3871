import PacketDecoding

/// One address a MAC claimed without owning it.
public struct ARPSpoofedClaim: Sendable, Equatable {
    /// The address claimed.
    public var ip: IPAddress
    /// ARP frames carrying the claim, and the first of them.
    public var frames = 0, firstFrame = 0
    /// The MAC that held the address before, when another one did.
    public var previousOwner: MACAddress?
    /// Replies nobody asked for, and gratuitous announcements.
    public var unsolicitedReplies = 0, gratuitous = 0
    public init(ip: IPAddress) { self.ip = ip }
}

/// The measurements of ARP cache poisoning by one MAC (its own addresses are `Finding.attackers`).
public struct ARPSpoofingFacts: Sendable, Equatable {
    /// The MAC that claimed the addresses of others.
    public var mac: MACAddress
    /// The addresses it claimed, in the order of the claims.
    public var claims: [ARPSpoofedClaim] = []
    /// Hosts told the forged mapping, sorted.
    public var victims: [IPAddress] = []
    /// IPv4 frames addressed to other hosts delivered to the MAC, and frames it sent with other hosts' addresses.
    public var relayedFrames = 0, forwardedFrames = 0
    /// Some address of the capture was claimed by two MACs (by this one or another).
    public var conflictSeen = false
    public init(mac: MACAddress) { self.mac = mac }
}
