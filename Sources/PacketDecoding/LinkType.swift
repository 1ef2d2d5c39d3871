/// A capture's link-layer header type (tcpdump.org LINKTYPE_/DLT_ values; open).
public struct LinkType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let null = LinkType(rawValue: 0)          // BSD loopback, host byte order family
    public static let ethernet = LinkType(rawValue: 1)
    public static let raw = LinkType(rawValue: 101)         // LINKTYPE_RAW
    public static let rawDLT12 = LinkType(rawValue: 12)     // DLT_RAW on some systems
    public static let rawDLT14 = LinkType(rawValue: 14)
    public static let loop = LinkType(rawValue: 108)        // OpenBSD loopback, network byte order
    public static let linuxSLL = LinkType(rawValue: 113)
    public static let ipv4 = LinkType(rawValue: 228)
    public static let ipv6 = LinkType(rawValue: 229)
    public static let linuxSLL2 = LinkType(rawValue: 276)
    public static let ieee80211Radiotap = LinkType(rawValue: 127)
    public static let ppp = LinkType(rawValue: 9)
    /// Not a DLT: a pcapng custom block, which Wireshark shows as a frame of `data`.
    public static let customBlock = LinkType(rawValue: 0xFFFF_FFFF)
}
