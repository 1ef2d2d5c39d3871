/// A protocol as Wireshark's protocol hierarchy names it (open; names come from one table).
public struct ProtocolID: RawRepresentable, Hashable, Comparable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static func < (l: Self, r: Self) -> Bool { l.rawValue < r.rawValue }

    public static let none = ProtocolID(rawValue: 0)
    public static let eth = ProtocolID(rawValue: 1), vlan = ProtocolID(rawValue: 2), sll = ProtocolID(rawValue: 3)
    public static let null = ProtocolID(rawValue: 4), raw = ProtocolID(rawValue: 5), arp = ProtocolID(rawValue: 6)
    public static let ip = ProtocolID(rawValue: 7), ipv6 = ProtocolID(rawValue: 8), tcp = ProtocolID(rawValue: 9)
    public static let udp = ProtocolID(rawValue: 10), icmp = ProtocolID(rawValue: 11), icmpv6 = ProtocolID(rawValue: 12)
    public static let data = ProtocolID(rawValue: 13), malformed = ProtocolID(rawValue: 14)
    public static let dns = ProtocolID(rawValue: 20), http = ProtocolID(rawValue: 21), tls = ProtocolID(rawValue: 22)
    public static let ssh = ProtocolID(rawValue: 23), dataTextLines = ProtocolID(rawValue: 24)
    public static let mdns = ProtocolID(rawValue: 25), llmnr = ProtocolID(rawValue: 26), nbns = ProtocolID(rawValue: 27)
    public static let dhcp = ProtocolID(rawValue: 28), dhcpv6 = ProtocolID(rawValue: 29), ntp = ProtocolID(rawValue: 30)
    public static let snmp = ProtocolID(rawValue: 31), syslog = ProtocolID(rawValue: 32), ssdp = ProtocolID(rawValue: 33)
    public static let tftp = ProtocolID(rawValue: 34), ftp = ProtocolID(rawValue: 35), telnet = ProtocolID(rawValue: 36)
    public static let smtp = ProtocolID(rawValue: 37), pop = ProtocolID(rawValue: 38), imap = ProtocolID(rawValue: 39)
    public static let nbss = ProtocolID(rawValue: 40), ethertype = ProtocolID(rawValue: 41)
    public static let ipv6HopOpts = ProtocolID(rawValue: 42), ipv6Routing = ProtocolID(rawValue: 43)
    public static let ipv6Fragment = ProtocolID(rawValue: 44), ipv6DestOpts = ProtocolID(rawValue: 45)
    public static let llc = ProtocolID(rawValue: 46), packetComment = ProtocolID(rawValue: 47)
    public static let mpls = ProtocolID(rawValue: 48), ieee8021ad = ProtocolID(rawValue: 49), stp = ProtocolID(rawValue: 50)
    public static let igmp = ProtocolID(rawValue: 51), gre = ProtocolID(rawValue: 52), ppp = ProtocolID(rawValue: 53)
    public static let lcp = ProtocolID(rawValue: 54), pptp = ProtocolID(rawValue: 55), ldap = ProtocolID(rawValue: 56)
    public static let resp = ProtocolID(rawValue: 57), vnc = ProtocolID(rawValue: 58), whois = ProtocolID(rawValue: 59)
    public static let dbLSPDisc = ProtocolID(rawValue: 60)
    public static let tcpSegments = ProtocolID(rawValue: 61), json = ProtocolID(rawValue: 62), xml = ProtocolID(rawValue: 63)
    public static let png = ProtocolID(rawValue: 64), imageJFIF = ProtocolID(rawValue: 65), imageGIF = ProtocolID(rawValue: 66)
    public static let urlencodedForm = ProtocolID(rawValue: 67), media = ProtocolID(rawValue: 68)
    /// Wireshark's "[Packet size limited during capture]" item: a dissector ran past a snaplen cut.
    public static let short = ProtocolID(rawValue: 69)
    public static let radiotap = ProtocolID(rawValue: 70), wlanRadio = ProtocolID(rawValue: 71), wlan = ProtocolID(rawValue: 72)
    public static let wlanMgt = ProtocolID(rawValue: 73), eapol = ProtocolID(rawValue: 74)
    public static let gryphon = ProtocolID(rawValue: 75), dcerpc = ProtocolID(rawValue: 76), isakmp = ProtocolID(rawValue: 77)
    /// The generated "Current working directory" item packet-ftp.c adds at the top of every FTP frame's
    /// tree: the hierarchy shows it as a node under `ftp`.
    public static let ftpCurrentWorkingDirectory = ProtocolID(rawValue: 78)
    /// Internet Message Format: a mail message POP (RETR/TOP) or SMTP (DATA) carried, in the frame that completes it.
    public static let imf = ProtocolID(rawValue: 79)

    /// Wireshark's display-filter name, as `tshark -z io,phs` prints it.
    public var filterName: String {
        switch self {
        case .eth: "eth"; case .vlan: "vlan"; case .sll: "sll"; case .null: "null"; case .raw: "raw"
        case .arp: "arp"; case .ip: "ip"; case .ipv6: "ipv6"; case .tcp: "tcp"; case .udp: "udp"
        case .icmp: "icmp"; case .icmpv6: "icmpv6"; case .data: "data"; case .malformed: "_ws.malformed"
        case .dns: "dns"; case .http: "http"; case .tls: "tls"; case .ssh: "ssh"; case .dataTextLines: "data-text-lines"
        case .mdns: "mdns"; case .llmnr: "llmnr"; case .nbns: "nbns"; case .dhcp: "dhcp"; case .dhcpv6: "dhcpv6"
        case .ntp: "ntp"; case .snmp: "snmp"; case .syslog: "syslog"; case .ssdp: "ssdp"; case .tftp: "tftp"
        case .ftp: "ftp"; case .telnet: "telnet"; case .smtp: "smtp"; case .pop: "pop"; case .imap: "imap"
        case .nbss: "nbss"; case .ethertype: "ethertype"; case .ipv6HopOpts: "ipv6.hopopts"
        case .ipv6Routing: "ipv6.routing"; case .ipv6Fragment: "ipv6.fraghdr"; case .ipv6DestOpts: "ipv6.dstopts"
        case .llc: "llc"; case .packetComment: "pkt_comment"
        case .mpls: "mpls"; case .ieee8021ad: "ieee8021ad"; case .stp: "stp"; case .igmp: "igmp"; case .gre: "gre"
        case .ppp: "ppp"; case .lcp: "lcp"; case .pptp: "pptp"; case .ldap: "ldap"; case .resp: "resp"; case .vnc: "vnc"
        case .whois: "whois"; case .dbLSPDisc: "db-lsp-disc"
        case .tcpSegments: "tcp.segments"; case .json: "json"; case .xml: "xml"; case .png: "png"
        case .short: "_ws.short"; case .radiotap: "radiotap"; case .wlanRadio: "wlan_radio"; case .wlan: "wlan"
        case .ftpCurrentWorkingDirectory: "ftp.current-working-directory"; case .imf: "imf"
        case .wlanMgt: "wlan.mgt"; case .eapol: "eapol"; case .gryphon: "gryphon"; case .dcerpc: "dcerpc"; case .isakmp: "isakmp"; case .imageJFIF: "image-jfif"; case .imageGIF: "image-gif"; case .urlencodedForm: "urlencoded-form"; case .media: "media"
        default: "proto-\(rawValue)"
        }
    }
}

/// The protocols of one frame from the link layer up, in fixed storage (no per-packet allocation).
public struct ProtocolStack: Hashable, Sendable {
    public private(set) var count: Int = 0
    private var low: UInt64 = 0, high: UInt64 = 0      // 16 one-byte slots: fixed size, hashable
    public static let capacity = 16
    public init() {}

    public mutating func append(_ id: ProtocolID) {
        guard count < Self.capacity else { return }
        let shift = UInt64((count % 8) * 8)
        if count < 8 { low |= UInt64(id.rawValue) << shift } else { high |= UInt64(id.rawValue) << shift }
        count += 1
    }
    public subscript(index: Int) -> ProtocolID {
        guard index >= 0 && index < count else { return .none }
        let word = index < 8 ? low : high
        return ProtocolID(rawValue: UInt8(truncatingIfNeeded: word >> UInt64((index % 8) * 8)))
    }
    public var last: ProtocolID { self[count - 1] }
    /// A slot in `0 ..< slots` (a power of two) for direct-mapped caches keyed by stacks.
    @inline(__always)
    public func cacheSlot(_ slots: Int) -> Int {
        var h = low &* 0x9E37_79B9_7F4A_7C15 ^ high &* 0xC2B2_AE3D_27D4_EB4F ^ UInt64(count)
        h ^= h >> 31
        h = h &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: h >> 40) & (slots - 1)
    }
    public func contains(_ id: ProtocolID) -> Bool {
        for i in 0 ..< count where self[i] == id { return true }
        return false
    }
    public var ids: [ProtocolID] { (0 ..< count).map { self[$0] } }

    /// The stack cut after the first `id` (unchanged when `id` is absent).
    public func prefix(through id: ProtocolID) -> ProtocolStack {
        var out = ProtocolStack()
        for i in 0 ..< count {
            out.append(self[i])
            if self[i] == id { return out }
        }
        return self
    }
}
