import PacketDecoding

/// Builds Wireshark display filters from values (addresses and ports only: no capture strings).
enum Filter {
    static func host(_ a: IPAddress) -> String { "\(a.isIPv6 ? "ipv6" : "ip").addr==\(a)" }
    static func source(_ a: IPAddress) -> String { "\(a.isIPv6 ? "ipv6" : "ip").src==\(a)" }
    static func destination(_ a: IPAddress) -> String { "\(a.isIPv6 ? "ipv6" : "ip").dst==\(a)" }
    /// Both directions between two hosts.
    static func between(_ a: IPAddress, _ b: IPAddress) -> String { "\(host(a)) && \(host(b))" }
}
