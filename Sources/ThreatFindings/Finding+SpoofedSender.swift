import PacketDecoding

/// The real sender of a spoofed-source flood (SYN, UDP, ICMP or ICMPv6 echo): the one Ethernet
/// MAC nearly all forged sources arrived from, the LAN address that owns it (nil when none is
/// known, or the MAC is a router's), and a sample of the forged addresses.
public struct SpoofedSender: Sendable, Equatable {
    public var mac: MACAddress
    public var owner: IPAddress?
    public var forgedSample: [IPAddress]
}

extension Finding {
    /// The flood's traced sender, nil when its sources were not traced to one MAC.
    public var spoofedSender: SpoofedSender? {
        switch facts {
        case .synFlood(let x): x.sendingMAC.map { SpoofedSender(mac: $0, owner: x.sendingMACOwner, forgedSample: x.forgedSample) }
        case .udpFlood(let x): x.sendingMAC.map { SpoofedSender(mac: $0, owner: x.sendingMACOwner, forgedSample: x.forgedSample) }
        case .icmpFlood(let x):
            x.spoofedSources ? x.sendingMAC.map { SpoofedSender(mac: $0, owner: x.sendingMACOwner, forgedSample: x.forgedSample) } : nil
        default: nil
        }
    }

    /// The attackers listed are forged source addresses (a spoofed flood whose sender was not named).
    public var attackersAreForged: Bool {
        if spoofedSender?.owner != nil { return false }
        if technique == .spoofedSources { return true }
        if case .icmpFlood(let x) = facts { return x.spoofedSources }
        return false
    }
}
