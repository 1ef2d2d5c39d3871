import PacketDecoding

/// Builds Wireshark display filters from values (addresses, ports, streams, frames: no capture strings).
enum Filter {
    static func host(_ a: IPAddress) -> String { "\(a.isIPv6 ? "ipv6" : "ip").addr==\(a)" }
    static func source(_ a: IPAddress) -> String { "\(a.isIPv6 ? "ipv6" : "ip").src==\(a)" }
    static func destination(_ a: IPAddress) -> String { "\(a.isIPv6 ? "ipv6" : "ip").dst==\(a)" }
    /// Both directions between two hosts.
    static func between(_ a: IPAddress, _ b: IPAddress) -> String { "\(host(a)) && \(host(b))" }

    /// `{1..4 7 9..12}`: a Wireshark set of integers with runs folded into ranges.
    static func set(_ values: [Int]) -> String {
        let sorted = Array(Set(values)).sorted()
        var parts: [String] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count && sorted[j + 1] == sorted[j] + 1 { j += 1 }
            parts.append(j > i ? "\(sorted[i])..\(sorted[j])" : "\(sorted[i])")
            i = j + 1
        }
        return "{" + parts.joined(separator: ",") + "}"
    }

    /// Number of ranges `set` would write (to keep filters short enough to paste).
    static func rangeCount(_ values: [Int]) -> Int {
        let sorted = Array(Set(values)).sorted()
        var n = 0
        for (i, v) in sorted.enumerated() where i == 0 || sorted[i - 1] != v - 1 { n += 1 }
        return n
    }

    /// `tcp.stream in {…}` (or udp): every frame of those conversations, ICMP errors quoting them included.
    static func streams(_ transport: String, _ streams: [Int]) -> String { "\(transport).stream in \(set(streams))" }

    /// `frame.number in {…}`: exactly these frames.
    static func frames(_ frames: [Int]) -> String { "frame.number in \(set(frames))" }
}
