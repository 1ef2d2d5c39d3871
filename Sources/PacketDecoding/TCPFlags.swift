/// TCP control bits (RFC 9293, plus ECE/CWR from RFC 3168 and the AE/NS bit).
public struct TCPFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let fin = TCPFlags(rawValue: 0x001), syn = TCPFlags(rawValue: 0x002)
    public static let rst = TCPFlags(rawValue: 0x004), psh = TCPFlags(rawValue: 0x008)
    public static let ack = TCPFlags(rawValue: 0x010), urg = TCPFlags(rawValue: 0x020)
    public static let ece = TCPFlags(rawValue: 0x040), cwr = TCPFlags(rawValue: 0x080)
    public static let ae = TCPFlags(rawValue: 0x100)

    /// The flags that matter for scan classification (PSH/URG/FIN/SYN/RST/ACK).
    public var controlBits: TCPFlags { intersection([.fin, .syn, .rst, .psh, .ack, .urg]) }
    /// Names in Wireshark's order, e.g. `["SYN", "ACK"]`.
    public var names: [String] {
        let table: [(TCPFlags, String)] = [(.ae, "AE"), (.cwr, "CWR"), (.ece, "ECE"), (.urg, "URG"), (.ack, "ACK"),
                                           (.psh, "PSH"), (.rst, "RST"), (.syn, "SYN"), (.fin, "FIN")]
        return table.filter { contains($0.0) }.map(\.1)
    }
}
