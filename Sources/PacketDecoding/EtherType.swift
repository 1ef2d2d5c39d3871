/// An Ethernet type field (open: unknown values stay representable).
public struct EtherType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let ipv4 = EtherType(rawValue: 0x0800), arp = EtherType(rawValue: 0x0806)
    public static let vlan = EtherType(rawValue: 0x8100), qinq = EtherType(rawValue: 0x88A8)
    public static let ipv6 = EtherType(rawValue: 0x86DD)
    public static let vlan9100 = EtherType(rawValue: 0x9100)
    public static let mplsUnicast = EtherType(rawValue: 0x8847), mplsMulticast = EtherType(rawValue: 0x8848)
    public static let ppp = EtherType(rawValue: 0x880B)
    /// Reverse ARP (RFC 903): same packet format as ARP; Wireshark names it `arp` too.
    public static let rarp = EtherType(rawValue: 0x8035)
    public static let eapol = EtherType(rawValue: 0x888E)
}
