/// An IPv4 or IPv6 address in fixed storage (two words; IPv4 in the low 32 bits of `low`).
public struct IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64
    public var isIPv6: Bool

    public init(ipv4 value: UInt32) { high = 0; low = UInt64(value); isIPv6 = false }
    public init(ipv6High: UInt64, low: UInt64) { high = ipv6High; self.low = low; isIPv6 = true }
    /// Parses dotted-quad IPv4 (tests and configuration; never packet bytes).
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for p in parts { guard let b = UInt8(p) else { return nil }; v = v << 8 | UInt32(b) }
        self.init(ipv4: v)
    }

    public static let unspecified = IPAddress(ipv4: 0)

    /// One mixed word for hashing: every flow table on the packet path hashes addresses, and feeding
    /// the hasher one word instead of three halves the cost of a lookup.
    @inline(__always)
    public var hashWord: UInt64 {
        isIPv6 ? (high &* 0x9E37_79B9_7F4A_7C15) ^ low ^ 0x5555_0000_0000_0000 : low
    }

    @inline(__always)
    public func hash(into hasher: inout Hasher) { hasher.combine(hashWord) }
    public var ipv4Value: UInt32 { UInt32(truncatingIfNeeded: low) }

    public static func < (l: Self, r: Self) -> Bool {
        if l.isIPv6 != r.isIPv6 { return !l.isIPv6 }
        return l.high != r.high ? l.high < r.high : l.low < r.low
    }

    public var isMulticastOrBroadcast: Bool {
        if isIPv6 { return high >> 56 == 0xFF }
        let v = ipv4Value
        return v >> 28 == 0xE || v == 0xFFFF_FFFF || v & 0xFF == 0xFF
    }

    /// Dotted quad, or RFC 5952 text for IPv6 (longest run of zero groups as `::`, lower-case hex).
    public var description: String {
        if !isIPv6 {
            // Dotted quad written into a small buffer: the report formats every address of tables
            // with up to 100,000 rows, and string interpolation costs several times more.
            let v = ipv4Value
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { buffer in
                var n = 0
                for shift in stride(from: UInt32(24), through: 0, by: -8) {
                    let octet = Int(v >> shift & 0xFF)
                    if octet >= 100 { buffer[n] = UInt8(0x30 + octet / 100); n += 1 }
                    if octet >= 10 { buffer[n] = UInt8(0x30 + octet / 10 % 10); n += 1 }
                    buffer[n] = UInt8(0x30 + octet % 10); n += 1
                    if shift != 0 { buffer[n] = 0x2E; n += 1 }
                }
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<n]), as: UTF8.self)
            }
        }
        var groups = [UInt16]()
        for i in stride(from: 48, through: 0, by: -16) { groups.append(UInt16(truncatingIfNeeded: high >> UInt64(i))) }
        for i in stride(from: 48, through: 0, by: -16) { groups.append(UInt16(truncatingIfNeeded: low >> UInt64(i))) }
        var bestStart = -1, bestLength = 0, i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8 && groups[j] == 0 { j += 1 }
                if j - i > bestLength && j - i >= 2 { bestStart = i; bestLength = j - i }
                i = j
            } else { i += 1 }
        }
        // IPv4-mapped addresses keep the dotted tail, as Wireshark prints them.
        if high == 0 && low >> 32 == 0xFFFF {
            return "::ffff:" + IPAddress(ipv4: UInt32(truncatingIfNeeded: low)).description
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestStart >= 0 else { return hex.joined(separator: ":") }
        return hex[..<bestStart].joined(separator: ":") + "::" + hex[(bestStart + bestLength)...].joined(separator: ":")
    }
}
