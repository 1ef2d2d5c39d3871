/// An IP protocol / IPv6 next-header number (open: unknown values stay representable).
public struct IPProtocol: RawRepresentable, Hashable, Comparable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static func < (l: Self, r: Self) -> Bool { l.rawValue < r.rawValue }
    public static let icmp = IPProtocol(rawValue: 1), igmp = IPProtocol(rawValue: 2)
    public static let tcp = IPProtocol(rawValue: 6), udp = IPProtocol(rawValue: 17)
    public static let icmpv6 = IPProtocol(rawValue: 58), gre = IPProtocol(rawValue: 47)
    public static let hopByHop = IPProtocol(rawValue: 0), routing = IPProtocol(rawValue: 43)
    public static let fragment = IPProtocol(rawValue: 44), destinationOptions = IPProtocol(rawValue: 60)
    public static let noNextHeader = IPProtocol(rawValue: 59)
}
