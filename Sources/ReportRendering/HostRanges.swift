import Support

/// Long host lists as a count and address ranges, so a sweep of 245 addresses reads
/// "245 hosts: 10.77.1.1–10.77.1.245" in the verdict, the finding's facts, the summary and the
/// ticket instead of 245 addresses. Short lists stay a plain list.
enum HostRanges {
    /// Lists of at most this many hosts are shown in full.
    static let listedHosts = 10
    /// At most this many ranges are named; more are summarised as the span they cover.
    static let rangesShown = 4

    /// `hosts` (their text forms) as a count and ranges, or nil when the list is short enough to
    /// show in full. IPv4 addresses collapse into runs of consecutive addresses; a list with other
    /// addresses shows its first `listedHosts` and the count of the rest.
    static func compact(_ hosts: [String]) -> String? {
        guard hosts.count > listedHosts else { return nil }
        let count = NumberFormat.grouped(hosts.count)
        let values = hosts.compactMap(ipv4)
        guard values.count == hosts.count else {
            return "\(count) hosts: " + hosts.prefix(listedHosts).joined(separator: ", ")
                + " and \(NumberFormat.grouped(hosts.count - listedHosts)) more"
        }
        let sorted = Set(values).sorted()
        var runs: [(UInt32, UInt32)] = []
        for v in sorted {
            if let last = runs.last, last.1 < UInt32.max, last.1 + 1 == v { runs[runs.count - 1].1 = v } else { runs.append((v, v)) }
        }
        func text(_ v: UInt32) -> String { "\(v >> 24).\(v >> 16 & 0xFF).\(v >> 8 & 0xFF).\(v & 0xFF)" }
        func run(_ r: (UInt32, UInt32)) -> String { r.0 == r.1 ? text(r.0) : "\(text(r.0))–\(text(r.1))" }
        if runs.count <= rangesShown { return "\(count) hosts: " + runs.map(run).joined(separator: ", ") }
        return "\(count) hosts from \(text(sorted[0])) to \(text(sorted[sorted.count - 1])) in \(NumberFormat.grouped(runs.count)) ranges"
    }

    /// The value of a dotted-quad IPv4 address, or nil for anything else.
    static func ipv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for p in parts {
            guard p.count <= 3, let octet = UInt8(p) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }
}
